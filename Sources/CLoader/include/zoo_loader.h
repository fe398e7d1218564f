#ifndef ZOO_LOADER_H
#define ZOO_LOADER_H
/* Shared libraries that zoo opens on first use instead of at process start.
 *
 * libcurl, libarchive and OpenBLAS (with their own dependencies: TLS, Kerberos, LDAP, XML,
 * compressors, gfortran, and OpenBLAS's worker threads) cost a short command such as
 * `zoo list` about a third of its run time when the dynamic loader maps them at start. zoo
 * therefore does not link them: it defines the functions it calls (ZOO_FORWARD), and each
 * definition looks the real one up in its library the first time it is called. */

typedef struct zoo_library {
    const char *soname;   /* what dlopen loads, e.g. "libcurl.so.4" */
    const char *package;  /* the Debian package that provides it, for the error message */
    void *handle;         /* set once opened */
} zoo_library;

/* The address of `name` in `library`, opening the library on first use. When the library or
 * the symbol is missing, zoo cannot go on: it prints an error with the package to install and
 * exits with status 1. */
void *zoo_library_symbol(zoo_library *library, const char *name);

/* zoo_library_symbol, remembered in `*slot` (a static per call site) after the first call. */
static inline void *zoo_library_symbol_once(zoo_library *library, const char *name, void **slot) {
    void *symbol = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!symbol) {
        symbol = zoo_library_symbol(library, name);
        __atomic_store_n(slot, symbol, __ATOMIC_RELEASE);
    }
    return symbol;
}

/* Defines `ret name params` as a call to the same function in `library`. */
#define ZOO_FORWARD(library, ret, name, params, args)                                         \
    ret name params {                                                                         \
        static void *slot;                                                                    \
        return ((ret (*) params)zoo_library_symbol_once(&library, #name, &slot)) args;        \
    }

/* ZOO_FORWARD for functions that return nothing. */
#define ZOO_FORWARD_VOID(library, name, params, args)                                         \
    void name params {                                                                        \
        static void *slot;                                                                    \
        ((void (*) params)zoo_library_symbol_once(&library, #name, &slot)) args;              \
    }

#endif
