/* libarchive, opened on first use (see zoo_loader.h): the functions zoo calls. */
#include "shim.h"
#include <zoo_loader.h>

static zoo_library archive = { "libarchive.so.13", "libarchive13", 0 };

/* Reading */
ZOO_FORWARD(archive, struct archive *, archive_read_new, (void), ())
ZOO_FORWARD(archive, int, archive_read_support_filter_all, (struct archive *a), (a))
ZOO_FORWARD(archive, int, archive_read_support_format_all, (struct archive *a), (a))
ZOO_FORWARD(archive, int, archive_read_open_filename, (struct archive *a, const char *path, size_t block), (a, path, block))
ZOO_FORWARD(archive, int, archive_read_open_memory, (struct archive *a, const void *bytes, size_t size), (a, bytes, size))
ZOO_FORWARD(archive, int, archive_read_next_header, (struct archive *a, struct archive_entry **entry), (a, entry))
ZOO_FORWARD(archive, la_ssize_t, archive_read_data, (struct archive *a, void *bytes, size_t size), (a, bytes, size))
ZOO_FORWARD(archive, int, archive_read_data_block, (struct archive *a, const void **bytes, size_t *size, la_int64_t *offset),
            (a, bytes, size, offset))
ZOO_FORWARD(archive, int, archive_read_free, (struct archive *a), (a))

/* Writing */
ZOO_FORWARD(archive, struct archive *, archive_write_new, (void), ())
ZOO_FORWARD(archive, int, archive_write_set_format_zip, (struct archive *a), (a))
ZOO_FORWARD(archive, int, archive_write_set_format_pax_restricted, (struct archive *a), (a))
ZOO_FORWARD(archive, int, archive_write_set_format_option, (struct archive *a, const char *module, const char *option, const char *value),
            (a, module, option, value))
ZOO_FORWARD(archive, int, archive_write_add_filter_gzip, (struct archive *a), (a))
ZOO_FORWARD(archive, int, archive_write_open_filename, (struct archive *a, const char *path), (a, path))
ZOO_FORWARD(archive, int, archive_write_open_memory, (struct archive *a, void *buffer, size_t size, size_t *used), (a, buffer, size, used))
ZOO_FORWARD(archive, int, archive_write_header, (struct archive *a, struct archive_entry *entry), (a, entry))
ZOO_FORWARD(archive, la_ssize_t, archive_write_data, (struct archive *a, const void *bytes, size_t size), (a, bytes, size))
ZOO_FORWARD(archive, int, archive_write_close, (struct archive *a), (a))
ZOO_FORWARD(archive, int, archive_write_free, (struct archive *a), (a))
ZOO_FORWARD(archive, const char *, archive_error_string, (struct archive *a), (a))

/* Entries */
ZOO_FORWARD(archive, struct archive_entry *, archive_entry_new, (void), ())
ZOO_FORWARD_VOID(archive, archive_entry_free, (struct archive_entry *entry), (entry))
ZOO_FORWARD(archive, const char *, archive_entry_pathname, (struct archive_entry *entry), (entry))
ZOO_FORWARD(archive, const char *, archive_entry_pathname_utf8, (struct archive_entry *entry), (entry))
ZOO_FORWARD(archive, const char *, archive_entry_symlink, (struct archive_entry *entry), (entry))
ZOO_FORWARD(archive, const char *, archive_entry_hardlink, (struct archive_entry *entry), (entry))
ZOO_FORWARD(archive, la_int64_t, archive_entry_size, (struct archive_entry *entry), (entry))
ZOO_FORWARD(archive, __LA_MODE_T, archive_entry_filetype, (struct archive_entry *entry), (entry))
ZOO_FORWARD_VOID(archive, archive_entry_set_pathname, (struct archive_entry *entry, const char *path), (entry, path))
ZOO_FORWARD_VOID(archive, archive_entry_set_pathname_utf8, (struct archive_entry *entry, const char *path), (entry, path))
ZOO_FORWARD_VOID(archive, archive_entry_set_symlink, (struct archive_entry *entry, const char *target), (entry, target))
ZOO_FORWARD_VOID(archive, archive_entry_set_size, (struct archive_entry *entry, la_int64_t size), (entry, size))
ZOO_FORWARD_VOID(archive, archive_entry_set_filetype, (struct archive_entry *entry, unsigned int type), (entry, type))
ZOO_FORWARD_VOID(archive, archive_entry_set_perm, (struct archive_entry *entry, __LA_MODE_T mode), (entry, mode))
ZOO_FORWARD_VOID(archive, archive_entry_set_mtime, (struct archive_entry *entry, time_t seconds, long nanoseconds), (entry, seconds, nanoseconds))
