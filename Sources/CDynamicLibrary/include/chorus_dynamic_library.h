#ifndef CHORUS_DYNAMIC_LIBRARY_H
#define CHORUS_DYNAMIC_LIBRARY_H

#include <stddef.h>

/* A shared library opened at first use (dlopen), not linked: the executable has no NEEDED entry for it, so a
   command that never uses it does not pay for loading it and everything it depends on. */

/* Why a library could not be opened. Every field is a complete C string, cut to fit. */
typedef struct chorus_library_failure {
    /* The names tried, in order ("libcurl.so.4, libcurl.so"); when a symbol is missing, the name that opened. */
    char library[256];
    /* The missing symbol; empty when no name could be opened. */
    char symbol[64];
    /* The dynamic loader's words (dlerror): for the first name tried, or for the missing symbol. */
    char reason[512];
} chorus_library_failure;

/* One symbol to look up, and where its address goes (a function pointer or, for a global variable, a pointer to
   it). */
typedef struct chorus_library_symbol {
    const char *name;
    void **address;
} chorus_library_symbol;

/* Opens the first of `candidates` that loads (RTLD_NOW | RTLD_LOCAL), then looks up every one of `symbols`.
   Returns the handle, every address stored; NULL when no name opens or a symbol is missing, with `failure`
   filled and the library closed again (addresses already stored must then not be used). Thread-safe. */
void *chorus_library_open(
    const char *const *candidates, size_t candidate_count, const chorus_library_symbol *symbols,
    size_t symbol_count, chorus_library_failure *failure);

/* Closes a handle `chorus_library_open` returned (the library stays loaded while other handles hold it). */
void chorus_library_close(void *handle);

/* Whether the first of `candidates` that loads has every one of `symbols`: opens it as `chorus_library_open` does,
   then closes it. 0, or -1 with `failure` filled. What each loader's `…_try` function answers. */
int chorus_library_check(
    const char *const *candidates, size_t candidate_count, const chorus_library_symbol *symbols,
    size_t symbol_count, chorus_library_failure *failure);

#endif
