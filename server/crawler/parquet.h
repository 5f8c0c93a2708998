/* parquet.h -- a small, bounded Parquet footer reader: the file's schema as Hive columns and its
** column chunks' compression codec.
** Every file is hostile: footer lengths are checked against the file and a cap, the Thrift
** compact decoder is bounded in depth, counts and lengths, and nothing is trusted. */
#ifndef SRV_PARQUET_H
#define SRV_PARQUET_H

#include <jansson.h>
#include <stddef.h>

#define PARQUET_MAX_FOOTER (16u * 1024 * 1024) /* larger footers are refused */
#define PARQUET_MAX_ELEMENTS 20000             /* schema elements */
#define PARQUET_MAX_DEPTH 32                   /* nesting of groups and Thrift structs */

/* What parquet_parse_footer() reports in *CODEC: Parquet's CompressionCodec shared by every
** column chunk (0 UNCOMPRESSED, 1 SNAPPY, 2 GZIP, 3 LZO, 4 BROTLI, 5 LZ4, 6 ZSTD, 7 LZ4_RAW,
** or a value this reader does not know), or one of these. */
#define PARQUET_CODEC_NONE (-2)  /* the file has no column chunks (no rows) */
#define PARQUET_CODEC_MIXED (-1) /* the chunks use different codecs */

/* Decode FileMetaData (Thrift compact, LEN bytes at META) and map its schema to Hive columns:
** *COLUMNS is a new array of {"Name": lower-cased name, "Type": Hive type}; *CODEC (when CODEC
** is not NULL) is the column chunks' codec as above.  Returns 0, or -1 with MSG (size N) saying
** what is wrong. */
int parquet_parse_footer(const unsigned char *meta, size_t len, json_t **columns, int *codec,
                         char *msg, size_t n);

/* Read the schema of the Parquet file open on FD (SIZE bytes) as parquet_parse_footer() does:
** checks both magics and the footer length before reading it. */
int parquet_read_schema(int fd, long long size, json_t **columns, int *codec, char *msg, size_t n);

/* A codec's name in lower case ("uncompressed", "snappy", "gzip", "lzo", "brotli", "lz4",
** "zstd", "lz4_raw"), or NULL for PARQUET_CODEC_NONE, PARQUET_CODEC_MIXED and unknown values. */
const char *parquet_codec_name(int codec);

#endif
