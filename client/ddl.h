/* ddl.h -- Hive/Athena DDL for catalogctl: statements parsed into Glue request members, and a
** Glue Table printed back as CREATE TABLE.  Client side only; not part of libcatalog.
**
** Grammar (keywords in any case; ';' separates statements; -- and / * * / comments):
**   CREATE [EXTERNAL] TABLE [IF NOT EXISTS] [db.]t [(col type [COMMENT 's'], ...)]
**     [COMMENT 's'] [PARTITIONED BY (col type [COMMENT 's'], ...)]
**     [CLUSTERED BY (col, ...) [SORTED BY (col [ASC|DESC], ...)] INTO n BUCKETS]
**     [ROW FORMAT SERDE 's' [WITH SERDEPROPERTIES ('k'='v', ...)]
**      | ROW FORMAT DELIMITED [FIELDS TERMINATED BY 'c' [ESCAPED BY 'c']]
**        [COLLECTION ITEMS TERMINATED BY 'c'] [MAP KEYS TERMINATED BY 'c']
**        [LINES TERMINATED BY 'c'] [NULL DEFINED AS 's']]
**     [STORED AS PARQUET|ORC|AVRO|TEXTFILE|JSONFILE|SEQUENCEFILE|RCFILE
**      | STORED AS INPUTFORMAT 's' OUTPUTFORMAT 's'] [LOCATION 's'] [TBLPROPERTIES ('k'='v', ...)]
**   CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [COMMENT 's'] [LOCATION 's']
**     [WITH DBPROPERTIES ('k'='v', ...)]
**   DROP TABLE [IF EXISTS] [db.]t [PURGE]
**   ALTER TABLE [db.]t ADD [IF NOT EXISTS] PARTITION (k=v, ...) [LOCATION 's'] [PARTITION ...]...
**   ALTER TABLE [db.]t DROP [IF EXISTS] PARTITION (k=v, ...) [, PARTITION (...)]...
**   MSCK REPAIR TABLE [db.]t
**   SHOW PARTITIONS [db.]t
** A type must start with a Hive type name (tinyint ... uniontype: an unknown one such as
** 'strnig' is refused here, as Hive's parser does, with the nearest name); beyond that types
** are checked for shape only (balanced <> and ()); the server checks them as Hive types.  Strings
*are '...' or "..." with backslash escapes (\n \t \r \\ \' \"
** and octal \NNN such as '\001'). */
#ifndef CATALOGCTL_DDL_H
#define CATALOGCTL_DDL_H

#include <jansson.h>
#include <stddef.h>

/* Parse the statements in TEXT; unqualified tables are in DEFAULT_DB.  Returns 0 with *OUT a
** new array of statement objects (the caller owns it):
**   {"Statement": "CreateTable", "DatabaseName", "TableInput", "IfNotExists"}
**   {"Statement": "CreateDatabase", "DatabaseInput", "IfNotExists"}
**   {"Statement": "DropTable", "DatabaseName", "Name", "IfExists"}
**   {"Statement": "AddPartitions", "DatabaseName", "TableName", "IfNotExists",
**    "Partitions": [{"Spec": [[key, value], ...], "Location"?}, ...]}
**   {"Statement": "DropPartitions", "DatabaseName", "TableName", "IfExists",
**    "Partitions": [{"Spec": [[key, value], ...]}, ...]}
**   {"Statement": "MsckRepairTable" | "ShowPartitions", "DatabaseName", "TableName"}
** or -1 with *OUT NULL and ERR (N bytes) set to "line L, column C: <what was expected>". */
int ddl_parse(const char *text, const char *default_db, json_t **out, char *err, size_t n);

/* CREATE [EXTERNAL] TABLE text for TABLE (a Glue Table or TableInput; DatabaseName qualifies
** the name when present) that ddl_parse() reads back to the same TableInput members: name,
** type, description, columns, partition keys, buckets, SerDe, formats, location, parameters.
** A new string (free() it), or NULL when out of memory. */
char *ddl_create_table(const json_t *table);

/* The one of the N words CHOICES nearest to WORD (case-insensitive edit distance at most 2, and
** below WORD's length), or NULL: for "did you mean" (here and in catalogctl's command names). */
const char *ddl_nearest(const char *word, const char *const *choices, size_t n);

#endif
