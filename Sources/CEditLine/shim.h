#ifndef CHORUS_CEDITLINE_SHIM_H
#define CHORUS_CEDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/* Swift 6 rejects writing libedit's global hooks directly (shared mutable state): set them here. */

static inline void chorus_rl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void chorus_rl_set_completion_append(int c) { rl_completion_append_character = c; }
static inline void chorus_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void chorus_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void chorus_rl_set_startup_text(const char *text) { (void)text; }
static inline void chorus_free(void *p) { free(p); }

#endif
