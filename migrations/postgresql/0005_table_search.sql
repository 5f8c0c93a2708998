-- 0005_table_search (PostgreSQL): what SearchTables answers from (migrations/sqlite's
-- 0005_table_search.sql is an FTS5 index).  One row per table holding, per field, its words
-- as SQLite's unicode61 tokenizer (remove_diacritics 2) makes them, case and diacritics folded
-- (server/pg_words.c, whose tables tools/gen_pg_words.py reads off SQLite), each followed by
-- one space and the whole preceded by one (' ' when none); parameters are "key value ..." in
-- key order.  The store (pg_search.c) writes the row after each write of a table's name,
-- description or parameters and after a database rename; a phrase matches where
-- ' w1 w2 ... ' occurs in a field.
CREATE TABLE table_search (
    table_id     bigint PRIMARY KEY REFERENCES tables (id) ON DELETE CASCADE,
    db           text NOT NULL DEFAULT ' ',
    name         text NOT NULL DEFAULT ' ',
    description  text NOT NULL DEFAULT ' ',
    params       text NOT NULL DEFAULT ' '
);
