#ifndef ZOO_CARCHIVE_SHIM_H
#define ZOO_CARCHIVE_SHIM_H
/* libarchive: reading and writing zip / tar archives; opened on first use (archive.c, CLoader),
   not linked: only what archive.c forwards can be called. */
#include <archive.h>
#include <archive_entry.h>
#endif
