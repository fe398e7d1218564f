/* libcurl, opened on first use (see zoo_loader.h): the functions zoo calls. */
#include "shim.h"
#include <zoo_loader.h>

static zoo_library curl = { "libcurl.so.4", "libcurl4", 0 };

ZOO_FORWARD(curl, CURLcode, curl_global_init, (long flags), (flags))
ZOO_FORWARD(curl, CURL *, curl_easy_init, (void), ())
ZOO_FORWARD(curl, CURLcode, curl_easy_perform, (CURL *handle), (handle))
ZOO_FORWARD_VOID(curl, curl_easy_cleanup, (CURL *handle), (handle))
ZOO_FORWARD(curl, const char *, curl_easy_strerror, (CURLcode code), (code))
ZOO_FORWARD(curl, struct curl_slist *, curl_slist_append, (struct curl_slist *list, const char *text), (list, text))
ZOO_FORWARD_VOID(curl, curl_slist_free_all, (struct curl_slist *list), (list))

zoo_curl_setopt_fn zoo_curl_setopt_function(void) {
    static void *slot;
    return (zoo_curl_setopt_fn)zoo_library_symbol_once(&curl, "curl_easy_setopt", &slot);
}

zoo_curl_getinfo_fn zoo_curl_getinfo_function(void) {
    static void *slot;
    return (zoo_curl_getinfo_fn)zoo_library_symbol_once(&curl, "curl_easy_getinfo", &slot);
}
