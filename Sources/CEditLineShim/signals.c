/* What a termination signal does to kpiql: whole-file writes go to a temporary file that is
   renamed into place, so the only debris a SIGTERM or SIGHUP could leave is that temporary
   file. The handler removes it (unlink is async-signal-safe) and then lets the signal end
   the process with its default action, so the parent sees "killed by SIGTERM" as usual. */
#define _GNU_SOURCE
#include "CEditLineShim.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Two buffers and an index: the path is copied into the idle buffer and then published by
   one store, so a handler running on another thread never reads a half-copied path. */
static char pending[2][4096];
static volatile sig_atomic_t active = -1;

void kq_pending_temp_set(const char *path) {
    int next = active == 0 ? 1 : 0;
    size_t n = strlen(path);
    if (n >= sizeof pending[next]) { active = -1; return; }
    memcpy(pending[next], path, n + 1);
    active = next;
}

void kq_pending_temp_clear(void) { active = -1; }

static void on_termination(int sig) {
    int i = active;
    if (i >= 0) unlink(pending[i]);
    signal(sig, SIG_DFL);
    raise(sig);   /* blocked until this handler returns, then ends the process */
}

void kq_install_termination_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_termination;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaction(SIGTERM, &sa, NULL);
    /* An ignored SIGHUP (nohup) or SIGINT (a background job of a shell) stays ignored. */
    int maybe[2] = { SIGHUP, SIGINT };
    for (int k = 0; k < 2; k++) {
        struct sigaction old;
        if (sigaction(maybe[k], NULL, &old) == 0 && old.sa_handler == SIG_DFL) sigaction(maybe[k], &sa, NULL);
    }
    signal(SIGPIPE, SIG_IGN);
}
