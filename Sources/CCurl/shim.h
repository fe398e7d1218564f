#ifndef ZOO_CCURL_SHIM_H
#define ZOO_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt / curl_easy_getinfo are C variadic functions, which Swift cannot call:
   these typed wrappers are the only way the Swift code reaches them. */
static inline CURLcode zoo_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zoo_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zoo_curl_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zoo_curl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode zoo_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*zoo_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode zoo_curl_setopt_writefn(CURL *h, zoo_curl_data_cb f) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode zoo_curl_setopt_readfn(CURL *h, zoo_curl_data_cb f) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, f); }
static inline CURLcode zoo_curl_setopt_headerfn(CURL *h, zoo_curl_data_cb f) { return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f); }
typedef int (*zoo_curl_xferinfo_cb)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode zoo_curl_setopt_xferinfofn(CURL *h, zoo_curl_xferinfo_cb f) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }

static inline CURLcode zoo_curl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode zoo_curl_getinfo_off(CURL *h, CURLINFO i, curl_off_t *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode zoo_curl_getinfo_double(CURL *h, CURLINFO i, double *out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode zoo_curl_getinfo_str(CURL *h, CURLINFO i, char **out) { return curl_easy_getinfo(h, i, out); }
#endif
