-- 0005_table_search (PostgreSQL): what SearchTables answers from (migrations/sqlite's
-- 0005_table_search.sql is an FTS5 index).  One row per table holding, per field, its words
-- as SQLite's unicode61 tokenizer would make them (case and diacritics folded), each followed
-- by one space and the whole preceded by one, written by the store (pg_search.c) after each
-- write of a table's name, description or parameters and after a database rename; a phrase
-- matches where ' ' || words || ' ' occurs.
CREATE TABLE table_search (
    table_id     bigint PRIMARY KEY REFERENCES tables (id) ON DELETE CASCADE,
    db           text NOT NULL DEFAULT ' ',
    name         text NOT NULL DEFAULT ' ',
    description  text NOT NULL DEFAULT ' ',
    params       text NOT NULL DEFAULT ' '
);
