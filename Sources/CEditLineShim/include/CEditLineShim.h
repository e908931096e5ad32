#ifndef KPIQL_EDITLINE_SHIM_H
#define KPIQL_EDITLINE_SHIM_H
/* Non-variadic wrappers around libedit's el_set()/history(), which Swift cannot call,
   plus the signal plumbing the REPL needs (Ctrl-C, window resize, Ctrl-Z). */

typedef struct kq_editor kq_editor;

/* What a Tab press does, filled in by the Swift completer. Strings are malloc'd (strdup)
   and freed by the shim. */
typedef struct kq_completion {
    int found;          /* 0: nothing matches (the terminal beeps) */
    int delete_chars;   /* characters (not bytes) before the cursor to remove */
    char *insert;       /* text to insert in their place, or NULL */
    char *listing;      /* candidates to print below the line, or NULL */
    int space_follows;  /* set by the shim: a space is already under the cursor */
} kq_completion;

/* Completion callback: receives the line up to the cursor (UTF-8). */
typedef void (*kq_complete_fn)(const char *line_to_cursor, kq_completion *result, void *ctx);

enum { KQ_LINE = 0, KQ_EOF = 1, KQ_INTERRUPTED = 2 };

/* setlocale(LC_CTYPE, ""), falling back to C.UTF-8 when that is not a UTF-8 locale. */
void kq_set_locale(void);

/* Opens an editor on stdin/stdout (emacs keys, ~/.editrc, Tab and Ctrl-R bound, history of
   at most history_size entries without repeats). NULL if libedit cannot start. */
kq_editor *kq_editor_open(const char *prog, int history_size);
void kq_editor_close(kq_editor *ed);
void kq_editor_set_prompt(kq_editor *ed, const char *prompt);
void kq_editor_set_completer(kq_editor *ed, kq_complete_fn fn, void *ctx);

/* Reads one line. Returns it without its newline in a malloc'd buffer and sets *status to
   KQ_LINE; or returns NULL with KQ_EOF (Ctrl-D on an empty line, end of input) or
   KQ_INTERRUPTED (Ctrl-C: the line being typed is dropped). */
char *kq_editor_gets(kq_editor *ed, int *status);

/* Adds an entry to the history libedit recalls (the file is kept in Swift: History.swift). */
void kq_history_enter(kq_editor *ed, const char *line);

/* Columns of the terminal on fd, or 0 when unknown. */
int kq_terminal_width(int fd);

/* SIGINT and SIGWINCH handlers that only set flags (installed once, SA_RESTART). */
void kq_install_signal_handlers(void);
/* Whether Ctrl-C was pressed since the last clear (polled by running queries). */
int kq_interrupt_pending(void);
void kq_clear_interrupt(void);

/* Termination signals (signals.c). SIGTERM, SIGHUP and, until the REPL takes it over,
   SIGINT remove the temporary file of a whole-file write in progress and then end the process
   as the signal would have; SIGPIPE is ignored so a closed pipe is an EPIPE the writer sees. */
void kq_install_termination_handlers(void);
/* The temporary file being written now (copied), removed if a termination signal arrives. */
void kq_pending_temp_set(const char *path);
void kq_pending_temp_clear(void);

#endif
