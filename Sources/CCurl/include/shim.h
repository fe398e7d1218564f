#ifndef ZOO_CCURL_SHIM_H
#define ZOO_CCURL_SHIM_H
#include <curl/curl.h>

/* libcurl is opened on first use (curl.c, CLoader), not linked: only what curl.c forwards can be called. */

/* curl_easy_setopt / curl_easy_getinfo are C variadic functions, which Swift cannot call:
   these typed wrappers are the only way the Swift code reaches them. */
typedef CURLcode (*zoo_curl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*zoo_curl_getinfo_fn)(CURL *, CURLINFO, ...);
/* libcurl's curl_easy_setopt and curl_easy_getinfo, looked up on first use. */
zoo_curl_setopt_fn zoo_curl_setopt_function(void);
zoo_curl_getinfo_fn zoo_curl_getinfo_function(void);
static inline CURLcode zoo_curl_setopt_long(CURL *h, CURLoption o, long v) { return zoo_curl_setopt_function()(h, o, v); }
static inline CURLcode zoo_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return zoo_curl_setopt_function()(h, o, v); }
static inline CURLcode zoo_curl_setopt_str(CURL *h, CURLoption o, const char *v) { return zoo_curl_setopt_function()(h, o, v); }
static inline CURLcode zoo_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return zoo_curl_setopt_function()(h, o, v); }
static inline CURLcode zoo_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return zoo_curl_setopt_function()(h, o, v); }

typedef size_t (*zoo_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode zoo_curl_setopt_writefn(CURL *h, zoo_curl_data_cb f) { return zoo_curl_setopt_function()(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode zoo_curl_setopt_readfn(CURL *h, zoo_curl_data_cb f) { return zoo_curl_setopt_function()(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode zoo_curl_setopt_headerfn(CURL *h, zoo_curl_data_cb f) { return zoo_curl_setopt_function()(h, CURLOPT_HEADERFUNCTION, f); }
typedef int (*zoo_curl_xferinfo_cb)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode zoo_curl_setopt_xferinfofn(CURL *h, zoo_curl_xferinfo_cb f) { return zoo_curl_setopt_function()(h, CURLOPT_XFERINFOFUNCTION, f); }

static inline CURLcode zoo_curl_getinfo_long(CURL *h, CURLINFO i, long *out) { return zoo_curl_getinfo_function()(h, i, out); }
static inline CURLcode zoo_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *out) { return zoo_curl_getinfo_function()(h, i, out); }
static inline CURLcode zoo_curl_getinfo_double(CURL *h, CURLINFO i, double *out) { return zoo_curl_getinfo_function()(h, i, out); }
static inline CURLcode zoo_curl_getinfo_str(CURL *h, CURLINFO i, char **out) { return zoo_curl_getinfo_function()(h, i, out); }
#endif
