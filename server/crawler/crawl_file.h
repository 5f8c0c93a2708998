/* crawl_file.h -- what the crawler learns from one data file: its format (Parquet, CSV, JSON
** lines; plain or gzip) and its columns as Hive types.  Files are hostile: reads are bounded,
** nothing in them is trusted, and a bad file is an error message, never a crash. */
#ifndef SRV_CRAWL_FILE_H
#define SRV_CRAWL_FILE_H

#include <jansson.h>
#include <stddef.h>

#define CRAWL_SAMPLE_BYTES (1024 * 1024) /* text read (after gunzip) for CSV and JSON */
/* gzip input read at the most for that sample: empty stored blocks or members inflate to
** nothing, so the output cap alone would let a small crafted file make us read a huge one */
#define CRAWL_SAMPLE_INPUT_BYTES (4 * CRAWL_SAMPLE_BYTES)
#define CRAWL_SAMPLE_ROWS 1000 /* rows sampled for types */
#define CRAWL_MAX_COLUMNS 1000

enum crawl_format { CRAWL_UNKNOWN, CRAWL_PARQUET, CRAWL_CSV, CRAWL_JSON };

/* "parquet", "csv", "json" (Glue's classification), or "unknown". */
const char *crawl_format_name(enum crawl_format f);

struct crawl_file {
    enum crawl_format format;
    int gzip;        /* the file was gzip-compressed */
    int codec;       /* Parquet: the column chunks' codec (parquet.h), else PARQUET_CODEC_NONE */
    char delim;      /* CSV: the field delimiter */
    int header;      /* CSV: the first line is a header (Glue's classifier's heuristics) */
    json_t *columns; /* owned: array of {"Name", "Type"} */
};

/* Read the file at PATH (a regular file; symlinks are not followed) and fill *OUT.  Returns 0,
** or -1 with MSG (size N) saying what is wrong with it.  Release OUT with crawl_file_release(). */
int crawl_file_read(const char *path, struct crawl_file *out, char *msg, size_t n);
void crawl_file_release(struct crawl_file *f);

/* The columns of text BUF (LEN bytes: CSV, or JSON lines), setting *FORMAT, *DELIM and
** *HEADER.  A CSV file's first line is a header when Glue's built-in CSV classifier would
** take it for one: every field of it only a string (not a number, boolean, date or
** timestamp), none empty (but a trailing one) or of 150 characters or more, and a column below
** it of another type than string; the columns are named after it (lower case).  Otherwise the
** first line is data and the columns are col0, col1, ...  For tests and fuzzing;
** crawl_file_read() uses it. */
int crawl_text_schema(const char *buf, size_t len, enum crawl_format *format, char *delim,
                      int *header, json_t **columns, char *msg, size_t n);

/* Merge COLS into ACC (both arrays of {"Name", "Type"}): new names are appended in order; a
** name whose types differ gets the wider type (int -> bigint -> double; otherwise string).
** Returns the number of columns added or changed. */
int crawl_merge_columns(json_t *acc, const json_t *cols);

/* The Hive type both A and B read as: the same type (B when they differ only in how they are
** written, e.g. `ip` and ip), bigint for two integer types, double for an integer and a
** floating type, timestamp for a date and a timestamp, otherwise string.  Static text, A
** or B. */
const char *crawl_wider_type(const char *a, const char *b);

#endif
