/* iceberg_file.h -- Iceberg metadata files at file:// locations: written atomically, read
** size-capped.  catalogd writes and reads no other scheme (s3://, gs://, ...): for those the
** metadata location it answers says where the file would be, and path-based readers do not
** see the table (README, "Iceberg REST"). */
#ifndef SRV_ICEBERG_FILE_H
#define SRV_ICEBERG_FILE_H

#include <jansson.h>

#include "base/error.h"

/* The largest metadata file ice_file_read() takes. */
#define ICE_FILE_MAX (256u * 1024 * 1024)

/* 1 when URI is a file:// location ("file:///p", "file://localhost/p" or "file:/p"), whose
** local path ice_file_path() gives: the %XX escapes decoded, absolute, no "." or ".."
** segment.  0 for every other URI (and for a file:// one that is not such a path). */
int ice_file_local(const char *uri);
/* The local path of file:// URI in BUF (SIZE bytes): 0, or -1 when URI is not one
** (ice_file_local()) or the path does not fit. */
int ice_file_path(const char *uri, char *buf, size_t size);

/* Where catalogd may write and read metadata files, set before serving: writes only under
** the local folder of a file:// --warehouse URI (none: no file:// location is written), reads
** under it and under the DIRS folders (--crawl-root) too.  "Under" is decided on the paths
** with their existing parts resolved (symbolic links followed), so a link cannot lead out. */
void ice_file_set_warehouse(const char *uri);
void ice_file_set_read_roots(const char *const *dirs, int n);

/* CAT_OK when catalogd may write a metadata file at or below URI (also for a URI of another
** scheme, where it writes nothing); else CAT_EACCESS (Iceberg: 403 ForbiddenException) "Location
** <uri> is outside the warehouse: ..." or "... is refused: ... it has none." */
int ice_file_may_write(const char *uri, struct srv_error *err);

/* Write META (borrowed) as the metadata file at URI when URI is a file:// location: its
** folders created as needed (0755), the file (0644) made whole under a temporary name,
** flushed and then linked to its name, so a reader sees it whole or not at all and an
** existing file is never replaced.  CAT_OK (also, writing nothing, for another scheme),
** CAT_EACCESS when URI is not where catalogd may write (ice_file_may_write()), CAT_EEXISTS
** when the file exists, or CAT_ESERVERFAULT naming the path and the cause. */
int ice_file_write(const char *uri, const json_t *meta, struct srv_error *err);

/* The same with the file's text: LEN bytes at TEXT (written as they are). */
int ice_file_write_text(const char *uri, const char *text, size_t len, struct srv_error *err);

/* *OUT = the JSON of the metadata file at URI (new reference).  CAT_ESERVERFAULT "catalogd
** cannot read the Iceberg metadata at <uri>: <cause>" when URI is not a file:// location,
** the file is missing, unreadable, larger than ICE_FILE_MAX or not JSON; CAT_EACCESS when it
** is not under the warehouse or a read root (ice_file_set_read_roots()). */
int ice_file_read(const char *uri, json_t **out, struct srv_error *err);

#endif
