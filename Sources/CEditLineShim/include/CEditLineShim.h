#ifndef KPIQL_EDITLINE_SHIM_H
#define KPIQL_EDITLINE_SHIM_H
/* Non-variadic wrappers around libedit's el_set()/history(), which Swift cannot call. */
#include <stdio.h>

typedef struct kq_editor kq_editor;

/* Completion callback: given the line up to the cursor, returns a malloc'd array of
   malloc'd candidate strings (NULL-terminated) and sets *replace_len to how many bytes
   before the cursor the candidates replace. */
typedef char **(*kq_complete_fn)(const char *line_to_cursor, int *replace_len, void *ctx);

kq_editor *kq_editor_open(const char *prog, FILE *in, FILE *out, FILE *err);
void kq_editor_close(kq_editor *ed);
void kq_editor_set_prompt(kq_editor *ed, const char *prompt);
/* Returns the line (without the newline) in a malloc'd buffer, or NULL on end of input.
   *interrupted is set when the read was ended by Ctrl-C. */
char *kq_editor_gets(kq_editor *ed, int *interrupted);
void kq_editor_set_completer(kq_editor *ed, kq_complete_fn fn, void *ctx);
void kq_editor_resize(kq_editor *ed);
/* Reads ~/.editrc (or the given file); returns 0 on success. */
int kq_editor_source(kq_editor *ed, const char *path);

/* History */
void kq_history_enter(kq_editor *ed, const char *line);
int kq_history_load(kq_editor *ed, const char *path);
int kq_history_save(kq_editor *ed, const char *path);
void kq_history_set_size(kq_editor *ed, int size);
int kq_history_count(kq_editor *ed);
void kq_history_clear(kq_editor *ed);

/* Signals: install SIGINT/SIGWINCH handlers that set flags the caller polls. */
void kq_install_signal_handlers(void);
int kq_take_interrupt(void);
int kq_take_resize(void);
/* Reset the pending-interrupt flag without reading it. */
void kq_clear_interrupt(void);
int kq_interrupt_pending(void);

#endif
