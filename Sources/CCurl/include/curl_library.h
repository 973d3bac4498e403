#ifndef CHORUS_CURL_LIBRARY_H
#define CHORUS_CURL_LIBRARY_H

/* libcurl's header gives the types and constants at compile time; the library itself is opened at first use
   (curl_library.c), never linked. Swift calls only the functions below, never libcurl's own: those would not link. */
#include <curl/curl.h>

#include "chorus_dynamic_library.h"

/* Opens libcurl once for the process (thread-safe): NULL when every function below is usable, otherwise why not
   (the same answer on every call). */
const chorus_library_failure *chorus_curl_load(void);

/* Opens libcurl from `candidates` into a table of its own, checks that every function is there, and closes it:
   0, or -1 with `failure` filled. Leaves the process's libcurl (`chorus_curl_load`) as it is. */
int chorus_curl_try(const char *const *candidates, size_t candidate_count, chorus_library_failure *failure);

/* The names `chorus_curl_load` tries, in order, and how many. */
const char *const *chorus_curl_candidates(size_t *count);

/* Until libcurl is loaded, every call below fails as libcurl would (CURLE_FAILED_INIT, NULL) and does nothing. */

CURL *chorus_curl_easy_init(void);
void chorus_curl_easy_cleanup(CURL *h);
CURLcode chorus_curl_easy_perform(CURL *h);
const char *chorus_curl_easy_strerror(CURLcode code);
struct curl_slist *chorus_curl_slist_append(struct curl_slist *list, const char *line);
void chorus_curl_slist_free_all(struct curl_slist *list);

/* CURL_GLOBAL_DEFAULT is a macro expression; keep the choice in C. */
CURLcode chorus_global_init_default(void);

/* CURLVERSION_NOW is a macro alias Swift does not import. */
curl_version_info_data *chorus_version_info(void);

/* curl_easy_setopt and curl_easy_getinfo are variadic: Swift cannot call them. One typed setter per argument class;
   numeric options always receive a real long. */
CURLcode chorus_setopt_long(CURL *h, CURLoption o, long v);
CURLcode chorus_setopt_ptr(CURL *h, CURLoption o, const void *v);
CURLcode chorus_setopt_str(CURL *h, CURLoption o, const char *v);
CURLcode chorus_setopt_off(CURL *h, CURLoption o, curl_off_t v);
CURLcode chorus_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);

typedef size_t (*chorus_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
CURLcode chorus_setopt_datacb(CURL *h, CURLoption o, chorus_data_callback v);

typedef int (*chorus_xferinfo_callback)(
    void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
CURLcode chorus_setopt_xferinfocb(CURL *h, CURLoption o, chorus_xferinfo_callback v);

/* Debug callback (used with CURLOPT_VERBOSE to read libcurl's TLS summary line). */
typedef int (*chorus_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userptr);
CURLcode chorus_setopt_debugcb(CURL *h, CURLoption o, chorus_debug_callback v);

CURLcode chorus_getinfo_long(CURL *h, CURLINFO i, long *v);
CURLcode chorus_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v);
CURLcode chorus_getinfo_str(CURL *h, CURLINFO i, char **v);
CURLcode chorus_getinfo_certinfo(CURL *h, struct curl_certinfo **v);

#endif
