#include "chorus_dynamic_library.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static void copy_text(char *destination, size_t size, const char *text) {
    snprintf(destination, size, "%s", text ? text : "");
}

void *chorus_library_open(
    const char *const *candidates, size_t candidate_count, const chorus_library_symbol *symbols,
    size_t symbol_count, chorus_library_failure *failure) {
    memset(failure, 0, sizeof *failure);
    void *handle = NULL;
    const char *opened = NULL;
    for (size_t i = 0; i < candidate_count && handle == NULL; i++) {
        handle = dlopen(candidates[i], RTLD_NOW | RTLD_LOCAL);
        if (handle != NULL) {
            opened = candidates[i];
        } else if (i == 0) {
            /* The versioned name says most: the others are what a development package or another system adds. */
            copy_text(failure->reason, sizeof failure->reason, dlerror());
        }
    }
    if (handle == NULL) {
        size_t used = 0;
        for (size_t i = 0; i < candidate_count && used < sizeof failure->library; i++) {
            int written = snprintf(
                failure->library + used, sizeof failure->library - used, "%s%s", i == 0 ? "" : ", ", candidates[i]);
            if (written < 0) break;
            used += (size_t)written;
        }
        if (candidate_count == 0) copy_text(failure->reason, sizeof failure->reason, "no library name given");
        return NULL;
    }
    for (size_t i = 0; i < symbol_count; i++) {
        dlerror();
        void *address = dlsym(handle, symbols[i].name);
        if (address == NULL) {
            const char *reason = dlerror();
            copy_text(failure->library, sizeof failure->library, opened);
            copy_text(failure->symbol, sizeof failure->symbol, symbols[i].name);
            copy_text(failure->reason, sizeof failure->reason, reason ? reason : "the symbol's address is null");
            dlclose(handle);
            return NULL;
        }
        *symbols[i].address = address;
    }
    return handle;
}

void chorus_library_close(void *handle) {
    if (handle != NULL) dlclose(handle);
}

int chorus_library_check(
    const char *const *candidates, size_t candidate_count, const chorus_library_symbol *symbols,
    size_t symbol_count, chorus_library_failure *failure) {
    void *handle = chorus_library_open(candidates, candidate_count, symbols, symbol_count, failure);
    if (handle == NULL) return -1;
    chorus_library_close(handle);
    return 0;
}
