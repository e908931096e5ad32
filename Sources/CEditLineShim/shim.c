/* The libedit side of the kpiql REPL: one editor on stdin/stdout, with our own character
   reader so Ctrl-C, window resizes and Ctrl-Z are handled without libedit's EL_SIGNAL
   (which re-raises signals to the whole process group and leaves no way to tell "Ctrl-C"
   from "end of input"). */
#define _GNU_SOURCE
#include "CEditLineShim.h"
#include <histedit.h>
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

struct kq_editor {
    EditLine *el;
    History *hist;
    HistEvent ev;
    char *prompt;
    kq_complete_fn complete;
    void *complete_ctx;
    int interrupted;          /* the current el_gets was ended by Ctrl-C */
    int infd;
    struct termios cooked;    /* the terminal as it was before el_gets, restored on Ctrl-Z */
    int have_cooked;
};

static volatile sig_atomic_t interrupt_flag = 0, resize_flag = 0, stop_flag = 0;

static void on_signal(int sig) {
    if (sig == SIGINT) interrupt_flag = 1;
    else if (sig == SIGWINCH) resize_flag = 1;
    else if (sig == SIGTSTP) stop_flag = 1;
}

void kq_install_signal_handlers(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* SA_RESTART: a Ctrl-C while a result is being written must not break the write; the
       character reader below waits in ppoll(), which is interrupted regardless. */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGWINCH, &sa, NULL);
}

int kq_interrupt_pending(void) { return interrupt_flag != 0; }
void kq_clear_interrupt(void) { interrupt_flag = 0; }

void kq_set_locale(void) {
    /* kpiql reads and writes UTF-8 whatever the locale says (£, é, ▲ in the data), so libedit
       must decode keystrokes as UTF-8 too; LC_CTYPE only, numbers are formatted in Swift. */
    const char *loc = setlocale(LC_CTYPE, "");
    if (loc == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "en_US.UTF-8");
    }
}

int kq_terminal_width(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 0;
}

static kq_editor *editor_of(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return (kq_editor *)data;
}

static char *prompt_fn(EditLine *el) {
    kq_editor *ed = editor_of(el);
    return (ed && ed->prompt) ? ed->prompt : "";
}

/* Draws the prompt and line again from the start of the row the cursor is on (after a
   resize or a return from Ctrl-Z the display libedit remembers is no longer on screen). */
static void redraw(EditLine *el) {
    FILE *out = NULL;
    el_get(el, EL_GETFP, 1, &out);
    if (out != NULL) { fputc('\r', out); fflush(out); }
    el_set(el, EL_REFRESH);
}

/* Ctrl-Z while editing: give the shell back a sane terminal, stop, and redraw on return. */
static void suspend(kq_editor *ed) {
    struct termios raw;
    int have_raw = tcgetattr(ed->infd, &raw) == 0;
    if (ed->have_cooked) tcsetattr(ed->infd, TCSADRAIN, &ed->cooked);
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);                 /* stops here until fg */
    signal(SIGTSTP, on_signal);
    if (have_raw) tcsetattr(ed->infd, TCSADRAIN, &raw);
    redraw(ed->el);
}

/* libedit's character reader, replaced (EL_GETCFN) so that signals are seen between
   keystrokes: the flags are tested with the signals blocked, then ppoll() unblocks them
   atomically, so a Ctrl-C can never slip in between the test and the wait. */
static int getc_fn(EditLine *el, wchar_t *wc) {
    kq_editor *ed = editor_of(el);
    char buf[MB_LEN_MAX];
    size_t n = 0;
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGWINCH);
    sigaddset(&block, SIGTSTP);
    for (;;) {
        sigprocmask(SIG_BLOCK, &block, &orig);
        if (interrupt_flag) {
            sigprocmask(SIG_SETMASK, &orig, NULL);
            ed->interrupted = 1;
            errno = EINTR;
            return -1;
        }
        if (resize_flag || stop_flag) {
            int resize = resize_flag, stop = stop_flag;
            resize_flag = 0;
            stop_flag = 0;
            sigprocmask(SIG_SETMASK, &orig, NULL);
            if (stop) suspend(ed);
            if (resize) { el_resize(el); redraw(el); }
            continue;
        }
        struct pollfd p = { ed->infd, POLLIN, 0 };
        int r = ppoll(&p, 1, NULL, &orig);
        sigprocmask(SIG_SETMASK, &orig, NULL);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        ssize_t k = read(ed->infd, buf + n, 1);
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return -1;
        }
        if (k == 0) { *wc = L'\0'; return 0; }
        n++;
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t c = mbrtowc(wc, buf, n, &st);
        if (c == (size_t)-2) {              /* the start of a multi-byte character */
            if (n >= MB_LEN_MAX) n = 0;
            continue;
        }
        if (c == (size_t)-1) { n = 0; continue; }   /* not UTF-8: drop it */
        return 1;
    }
}

/* Tab: ask Swift what to do with the text before the cursor, then do it. */
static unsigned char complete_fn(EditLine *el, int ch) {
    (void)ch;
    kq_editor *ed = editor_of(el);
    if (ed == NULL || ed->complete == NULL) return CC_ERROR;
    const LineInfo *li = el_line(el);
    char *line = strndup(li->buffer, (size_t)(li->cursor - li->buffer));
    if (line == NULL) return CC_ERROR;
    kq_completion c = { 0, 0, NULL, NULL, 0 };
    c.space_follows = li->cursor < li->lastchar && (*li->cursor == ' ' || *li->cursor == '\t');
    ed->complete(line, &c, ed->complete_ctx);
    free(line);
    unsigned char rv = c.found ? CC_REFRESH : CC_REFRESH_BEEP;
    if (c.delete_chars > 0) el_deletestr(el, c.delete_chars);
    if (c.insert != NULL && c.insert[0] != '\0') el_insertstr(el, c.insert);
    if (c.listing != NULL) {
        /* As libedit's own file completion does: print below, then redraw the line. */
        FILE *out = NULL;
        el_get(el, EL_GETFP, 1, &out);
        if (out == NULL) out = stdout;
        fprintf(out, "\n%s", c.listing);
        fflush(out);
        rv = CC_REDISPLAY;
    }
    free(c.insert);
    free(c.listing);
    return rv;
}

kq_editor *kq_editor_open(const char *prog, int history_size) {
    kq_set_locale();   /* before el_init: libedit picks its character width from it */
    kq_editor *ed = calloc(1, sizeof *ed);
    if (ed == NULL) return NULL;
    ed->infd = fileno(stdin);
    ed->el = el_init(prog, stdin, stdout, stderr);
    ed->hist = history_init();
    if (ed->el == NULL || ed->hist == NULL) { kq_editor_close(ed); return NULL; }
    EditLine *el = ed->el;
    el_set(el, EL_CLIENTDATA, (void *)ed);
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 0);
    el_set(el, EL_PROMPT, prompt_fn);
    el_set(el, EL_GETCFN, getc_fn);
    history(ed->hist, &ed->ev, H_SETSIZE, history_size > 0 ? history_size : 2000);
    history(ed->hist, &ed->ev, H_SETUNIQUE, 1);   /* no repeats of the previous entry */
    el_set(el, EL_HIST, history, ed->hist);
    el_set(el, EL_ADDFN, "kq-complete", "Complete a keyword, field, value, table, command or file", complete_fn);
    el_set(el, EL_BIND, "^I", "kq-complete", NULL);
    /* Incremental search back through history, as in bash; Enter runs the found line. */
    el_set(el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    /* Last, so the user's ~/.editrc (or $EDITRC) can override any of the above. */
    el_source(el, NULL);
    return ed;
}

void kq_editor_close(kq_editor *ed) {
    if (ed == NULL) return;
    if (ed->el) el_end(ed->el);
    if (ed->hist) history_end(ed->hist);
    free(ed->prompt);
    free(ed);
}

void kq_editor_set_prompt(kq_editor *ed, const char *prompt) {
    free(ed->prompt);
    ed->prompt = strdup(prompt ? prompt : "");
}

void kq_editor_set_completer(kq_editor *ed, kq_complete_fn fn, void *ctx) {
    ed->complete = fn;
    ed->complete_ctx = ctx;
}

char *kq_editor_gets(kq_editor *ed, int *status) {
    ed->interrupted = 0;
    ed->have_cooked = tcgetattr(ed->infd, &ed->cooked) == 0;
    /* Ctrl-Z is caught only while editing (the terminal is raw then); during a query the
       default action applies. Left alone when the shell has it ignored (no job control). */
    struct sigaction old, sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    int catch_stop = sigaction(SIGTSTP, NULL, &old) == 0 && old.sa_handler == SIG_DFL;
    if (catch_stop) sigaction(SIGTSTP, &sa, NULL);
    int count = 0;
    const char *line = el_gets(ed->el, &count);
    if (catch_stop) sigaction(SIGTSTP, &old, NULL);
    stop_flag = 0;
    if (ed->interrupted) {
        interrupt_flag = 0;
        *status = KQ_INTERRUPTED;
        return NULL;
    }
    if (line == NULL || count <= 0) { *status = KQ_EOF; return NULL; }
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
    *status = KQ_LINE;
    return strndup(line, len);
}

void kq_history_enter(kq_editor *ed, const char *line) {
    history(ed->hist, &ed->ev, H_ENTER, line);
}
