#ifndef CHORUS_EDITLINE_LIBRARY_H
#define CHORUS_EDITLINE_LIBRARY_H

/* libedit's header gives the types at compile time; the library itself is opened at first use
   (editline_library.c), never linked. Swift calls only the functions below, never libedit's own: those would not
   link. */
#include <stdio.h>
#include <editline/readline.h>

#include "chorus_dynamic_library.h"

/* Opens libedit once for the process (thread-safe): NULL when every function below is usable, otherwise why not
   (the same answer on every call). */
const chorus_library_failure *chorus_editline_load(void);

/* Opens libedit from `candidates` into a table of its own, checks that every function and global is there, and
   closes it: 0, or -1 with `failure` filled. Leaves the process's libedit (`chorus_editline_load`) as it is. */
int chorus_editline_try(const char *const *candidates, size_t candidate_count, chorus_library_failure *failure);

/* Until libedit is loaded, every call below does nothing and fails (NULL, -1). */

char *chorus_readline(const char *prompt);
void chorus_using_history(void);
void chorus_stifle_history(int max);
int chorus_read_history(const char *path);
int chorus_write_history(const char *path);
int chorus_add_history(const char *line);
char **chorus_rl_completion_matches(const char *text, rl_compentry_func_t *generator);

/* libedit's global hooks, set here: Swift 6 refuses writing them directly (shared mutable state). */
void chorus_rl_set_completion(rl_completion_func_t *fn);
void chorus_rl_set_completion_append(int c);
void chorus_rl_set_attempted_completion_over(int v);
void chorus_rl_set_name(const char *name);
void chorus_rl_set_catch_signals(int v);

/* Frees what libedit allocated (a line readline returned). */
void chorus_free(void *p);

#endif
