#include "editline_library.h"

#include <pthread.h>
#include <stdlib.h>

/* Every libedit function the tool calls, and the globals it sets (dlsym gives a global's address). */
struct editline_functions {
    __typeof__(readline) *readline;
    __typeof__(using_history) *using_history;
    __typeof__(stifle_history) *stifle_history;
    __typeof__(read_history) *read_history;
    __typeof__(write_history) *write_history;
    __typeof__(add_history) *add_history;
    __typeof__(rl_completion_matches) *completion_matches;
    __typeof__(rl_attempted_completion_function) *attempted_completion_function;
    __typeof__(rl_completion_append_character) *completion_append_character;
    __typeof__(rl_attempted_completion_over) *attempted_completion_over;
    __typeof__(rl_readline_name) *readline_name;
    __typeof__(rl_catch_signals) *catch_signals;
};

#define EDITLINE_SYMBOLS(f)                                                                                        \
    {                                                                                                              \
        {"readline", (void **)&(f)->readline}, {"using_history", (void **)&(f)->using_history},                  \
            {"stifle_history", (void **)&(f)->stifle_history}, {"read_history", (void **)&(f)->read_history},    \
            {"write_history", (void **)&(f)->write_history}, {"add_history", (void **)&(f)->add_history},        \
            {"rl_completion_matches", (void **)&(f)->completion_matches},                                         \
            {"rl_attempted_completion_function", (void **)&(f)->attempted_completion_function},                   \
            {"rl_completion_append_character", (void **)&(f)->completion_append_character},                      \
            {"rl_attempted_completion_over", (void **)&(f)->attempted_completion_over},                           \
            {"rl_readline_name", (void **)&(f)->readline_name}, {"rl_catch_signals", (void **)&(f)->catch_signals}, \
    }

/* The versioned names first (Debian and Ubuntu's libedit2, then Fedora's and RHEL's), then the development
   symlink. */
static const char *const candidates[] = {
#if defined(__APPLE__)
    "libedit.3.dylib",
    "libedit.dylib",
#else
    "libedit.so.2",
    "libedit.so.0",
    "libedit.so",
#endif
};

static struct editline_functions editline;
static chorus_library_failure load_failure;
static int loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    struct editline_functions found = {0};
    chorus_library_symbol symbols[] = EDITLINE_SYMBOLS(&found);
    if (chorus_library_open(
            candidates, sizeof candidates / sizeof *candidates, symbols, sizeof symbols / sizeof *symbols,
            &load_failure)
        != NULL) {
        editline = found;
        loaded = 1;
    }
}

const chorus_library_failure *chorus_editline_load(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : &load_failure;
}

int chorus_editline_try(const char *const *names, size_t name_count, chorus_library_failure *failure) {
    struct editline_functions found = {0};
    chorus_library_symbol symbols[] = EDITLINE_SYMBOLS(&found);
    return chorus_library_check(names, name_count, symbols, sizeof symbols / sizeof *symbols, failure);
}

static int ready(void) { return chorus_editline_load() == NULL; }

char *chorus_readline(const char *prompt) { return ready() ? editline.readline(prompt) : NULL; }

void chorus_using_history(void) {
    if (ready()) editline.using_history();
}

void chorus_stifle_history(int max) {
    if (ready()) editline.stifle_history(max);
}

int chorus_read_history(const char *path) { return ready() ? editline.read_history(path) : -1; }

int chorus_write_history(const char *path) { return ready() ? editline.write_history(path) : -1; }

int chorus_add_history(const char *line) { return ready() ? editline.add_history(line) : -1; }

char **chorus_rl_completion_matches(const char *text, rl_compentry_func_t *generator) {
    return ready() ? editline.completion_matches(text, generator) : NULL;
}

void chorus_rl_set_completion(rl_completion_func_t *fn) {
    if (ready()) *editline.attempted_completion_function = fn;
}

void chorus_rl_set_completion_append(int c) {
    if (ready()) *editline.completion_append_character = c;
}

void chorus_rl_set_attempted_completion_over(int v) {
    if (ready()) *editline.attempted_completion_over = v;
}

void chorus_rl_set_name(const char *name) {
    if (ready()) *editline.readline_name = name;
}

void chorus_rl_set_catch_signals(int v) {
    if (ready()) *editline.catch_signals = v;
}

void chorus_free(void *p) { free(p); }
