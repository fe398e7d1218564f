#include "zoo_loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* `symbol` is NULL when the library itself could not be opened. */
static void zoo_library_fail(const zoo_library *library, const char *symbol) {
    const char *detail = dlerror();
    if (symbol)
        fprintf(stderr, "Error: zoo could not find %s in %s (%s).\n", symbol, library->soname, detail ? detail : "no such symbol");
    else
        fprintf(stderr, "Error: zoo could not load %s (%s).\n", library->soname, detail ? detail : "not found");
    fprintf(stderr, "Hint: install the Debian package %s (make deps installs every library zoo needs)\n", library->package);
    exit(1);
}

void *zoo_library_symbol(zoo_library *library, const char *name) {
    void *handle = __atomic_load_n(&library->handle, __ATOMIC_ACQUIRE);
    if (!handle) {
        /* Two threads may both get here: dlopen hands both the same, reference-counted handle. */
        handle = dlopen(library->soname, RTLD_NOW | RTLD_LOCAL);
        if (!handle) zoo_library_fail(library, NULL);
        __atomic_store_n(&library->handle, handle, __ATOMIC_RELEASE);
    }
    void *symbol = dlsym(handle, name);
    if (!symbol) zoo_library_fail(library, name);
    return symbol;
}
