-- 0005_table_search: the full-text index SearchTables answers from.
--
-- One FTS5 row per table (rowid = tables.id) holding its database's name, its name, its
-- description and its parameters' keys and values, tokenized by unicode61: words are runs
-- of letters and digits (so '_', '-', ':', '#', '.' and '/' separate words), case and
-- diacritics folded.  Triggers keep it in step with tables (created, renamed, described,
-- deleted, cascades too) and database renames; the parameters column is rewritten in one
-- statement by the store after it writes a table's parameters (sqlite_search.c:
-- search_params_refresh), since a trigger per parameter row would rewrite it once per row.

CREATE VIRTUAL TABLE table_search USING fts5 (
    db, name, description, params,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO table_search (rowid, db, name, description, params)
SELECT t.id, d.name, t.name, coalesce(t.description, ''),
       coalesce((SELECT group_concat(p.key || ' ' || p.value, ' ') FROM table_params p
                 WHERE p.table_id = t.id), '')
FROM tables t JOIN databases d ON d.id = t.db_id;

CREATE TRIGGER tables_search_insert AFTER INSERT ON tables
BEGIN
    INSERT INTO table_search (rowid, db, name, description, params)
    VALUES (new.id, (SELECT name FROM databases WHERE id = new.db_id), new.name,
            coalesce(new.description, ''), '');
END;

CREATE TRIGGER tables_search_update AFTER UPDATE OF name, description ON tables
WHEN old.name IS NOT new.name OR old.description IS NOT new.description
BEGIN
    UPDATE table_search SET name = new.name, description = coalesce(new.description, '')
    WHERE rowid = new.id;
END;

CREATE TRIGGER tables_search_delete AFTER DELETE ON tables
BEGIN
    DELETE FROM table_search WHERE rowid = old.id;
END;

CREATE TRIGGER databases_search_rename AFTER UPDATE OF name ON databases
WHEN old.name IS NOT new.name
BEGIN
    UPDATE table_search SET db = new.name
    WHERE rowid IN (SELECT id FROM tables WHERE db_id = new.id);
END;
