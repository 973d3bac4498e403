/* The typed calls are made through pointers, never through libcurl's macros. */
#define CURL_DISABLE_TYPECHECK 1
#include "curl_library.h"

#include <pthread.h>

/* Every libcurl function the tool calls. curl_easy_setopt and curl_easy_getinfo stay variadic pointers: each
   wrapper passes exactly one argument of the type the option expects, as a direct call would. */
struct curl_functions {
    __typeof__(curl_easy_init) *easy_init;
    __typeof__(curl_easy_cleanup) *easy_cleanup;
    __typeof__(curl_easy_perform) *easy_perform;
    __typeof__(curl_easy_strerror) *easy_strerror;
    __typeof__(curl_easy_setopt) *easy_setopt;
    __typeof__(curl_easy_getinfo) *easy_getinfo;
    __typeof__(curl_slist_append) *slist_append;
    __typeof__(curl_slist_free_all) *slist_free_all;
    __typeof__(curl_global_init) *global_init;
    __typeof__(curl_version_info) *version_info;
};

#define CURL_SYMBOLS(f)                                                                                             \
    {                                                                                                               \
        {"curl_easy_init", (void **)&(f)->easy_init}, {"curl_easy_cleanup", (void **)&(f)->easy_cleanup},         \
            {"curl_easy_perform", (void **)&(f)->easy_perform},                                                     \
            {"curl_easy_strerror", (void **)&(f)->easy_strerror},                                                   \
            {"curl_easy_setopt", (void **)&(f)->easy_setopt}, {"curl_easy_getinfo", (void **)&(f)->easy_getinfo},   \
            {"curl_slist_append", (void **)&(f)->slist_append},                                                     \
            {"curl_slist_free_all", (void **)&(f)->slist_free_all},                                                 \
            {"curl_global_init", (void **)&(f)->global_init}, {"curl_version_info", (void **)&(f)->version_info}, \
    }

/* The versioned name first (what the run-time package installs), then the development symlink. */
static const char *const candidates[] = {
#if defined(__APPLE__)
    "libcurl.4.dylib",
    "libcurl.dylib",
#else
    "libcurl.so.4",
    "libcurl.so",
#endif
};

static struct curl_functions curl;
static chorus_library_failure load_failure;
static int loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    struct curl_functions found = {0};
    chorus_library_symbol symbols[] = CURL_SYMBOLS(&found);
    if (chorus_library_open(
            candidates, sizeof candidates / sizeof *candidates, symbols, sizeof symbols / sizeof *symbols,
            &load_failure)
        != NULL) {
        curl = found;
        loaded = 1;
    }
}

const chorus_library_failure *chorus_curl_load(void) {
    pthread_once(&load_once, load);
    return loaded ? NULL : &load_failure;
}

int chorus_curl_try(const char *const *names, size_t name_count, chorus_library_failure *failure) {
    struct curl_functions found = {0};
    chorus_library_symbol symbols[] = CURL_SYMBOLS(&found);
    return chorus_library_check(names, name_count, symbols, sizeof symbols / sizeof *symbols, failure);
}

const char *const *chorus_curl_candidates(size_t *count) {
    *count = sizeof candidates / sizeof *candidates;
    return candidates;
}

static int ready(void) { return chorus_curl_load() == NULL; }

CURL *chorus_curl_easy_init(void) { return ready() ? curl.easy_init() : NULL; }

void chorus_curl_easy_cleanup(CURL *h) {
    if (ready()) curl.easy_cleanup(h);
}

CURLcode chorus_curl_easy_perform(CURL *h) { return ready() ? curl.easy_perform(h) : CURLE_FAILED_INIT; }

const char *chorus_curl_easy_strerror(CURLcode code) {
    return ready() ? curl.easy_strerror(code) : load_failure.reason;
}

struct curl_slist *chorus_curl_slist_append(struct curl_slist *list, const char *line) {
    return ready() ? curl.slist_append(list, line) : NULL;
}

void chorus_curl_slist_free_all(struct curl_slist *list) {
    if (ready()) curl.slist_free_all(list);
}

CURLcode chorus_global_init_default(void) { return ready() ? curl.global_init(CURL_GLOBAL_DEFAULT) : CURLE_FAILED_INIT; }

curl_version_info_data *chorus_version_info(void) { return ready() ? curl.version_info(CURLVERSION_NOW) : NULL; }

CURLcode chorus_setopt_long(CURL *h, CURLoption o, long v) { return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT; }
CURLcode chorus_setopt_ptr(CURL *h, CURLoption o, const void *v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_setopt_str(CURL *h, CURLoption o, const char *v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_setopt_datacb(CURL *h, CURLoption o, chorus_data_callback v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_setopt_xferinfocb(CURL *h, CURLoption o, chorus_xferinfo_callback v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_setopt_debugcb(CURL *h, CURLoption o, chorus_debug_callback v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}

CURLcode chorus_getinfo_long(CURL *h, CURLINFO i, long *v) { return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT; }
CURLcode chorus_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) {
    return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_getinfo_str(CURL *h, CURLINFO i, char **v) {
    return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT;
}
CURLcode chorus_getinfo_certinfo(CURL *h, struct curl_certinfo **v) {
    return ready() ? curl.easy_getinfo(h, CURLINFO_CERTINFO, v) : CURLE_FAILED_INIT;
}
