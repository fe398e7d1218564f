#ifndef ZOO_CARCHIVE_SHIM_H
#define ZOO_CARCHIVE_SHIM_H
/* libarchive: reading and writing zip / tar archives. */
#include <archive.h>
#include <archive_entry.h>
#endif
