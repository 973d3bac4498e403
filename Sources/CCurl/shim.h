#ifndef CHORUS_CCURL_SHIM_H
#define CHORUS_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic: Swift cannot call them.
   One typed setter per argument class; numeric options always receive a real long. */

static inline CURLcode chorus_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode chorus_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode chorus_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode chorus_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode chorus_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*chorus_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode chorus_setopt_datacb(CURL *h, CURLoption o, chorus_data_callback v) { return curl_easy_setopt(h, o, v); }

typedef int (*chorus_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode chorus_setopt_xferinfocb(CURL *h, CURLoption o, chorus_xferinfo_callback v) { return curl_easy_setopt(h, o, v); }

static inline CURLcode chorus_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode chorus_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode chorus_getinfo_str(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode chorus_getinfo_certinfo(CURL *h, struct curl_certinfo **v) { return curl_easy_getinfo(h, CURLINFO_CERTINFO, v); }

/* Debug callback (used with CURLOPT_VERBOSE to read libcurl's TLS summary line). */
typedef int (*chorus_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userptr);
static inline CURLcode chorus_setopt_debugcb(CURL *h, CURLoption o, chorus_debug_callback v) { return curl_easy_setopt(h, o, v); }

/* CURL_GLOBAL_DEFAULT is a macro expression; keep the choice in C. */
static inline CURLcode chorus_global_init_default(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

/* CURLVERSION_NOW is a macro alias Swift does not import. */
static inline curl_version_info_data *chorus_version_info(void) { return curl_version_info(CURLVERSION_NOW); }

#endif
