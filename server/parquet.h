/* parquet.h -- a small, bounded Parquet footer reader: the file's schema as Hive columns.
** Every file is hostile: footer lengths are checked against the file and a cap, the Thrift
** compact decoder is bounded in depth, counts and lengths, and nothing is trusted. */
#ifndef SRV_PARQUET_H
#define SRV_PARQUET_H

#include <jansson.h>
#include <stddef.h>

#define PARQUET_MAX_FOOTER (16u * 1024 * 1024) /* larger footers are refused */
#define PARQUET_MAX_ELEMENTS 20000             /* schema elements */
#define PARQUET_MAX_DEPTH 32                   /* nesting of groups and Thrift structs */

/* Decode FileMetaData (Thrift compact, LEN bytes at META) and map its schema to Hive columns:
** *COLUMNS is a new array of {"Name": lower-cased name, "Type": Hive type}.  Returns 0, or -1
** with MSG (size N) saying what is wrong. */
int parquet_parse_footer(const unsigned char *meta, size_t len, json_t **columns, char *msg,
                         size_t n);

/* Read the schema of the Parquet file open on FD (SIZE bytes) as parquet_parse_footer() does:
** checks both magics and the footer length before reading it. */
int parquet_read_schema(int fd, long long size, json_t **columns, char *msg, size_t n);

#endif
