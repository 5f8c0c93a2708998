-- 0003_colstats_functions_tags: column statistics of tables and partitions, user-defined
-- functions, tags on databases, tables and functions, and resource policies.
--
-- Statistics are the ColumnStatistics objects exactly as written (JSON), one per column,
-- keyed by the column's folded name; they go with their table or partition (cascades)
-- and, through the server, with their column.  Functions keep their
-- UserDefinedFunctionInput members as JSON; names are folded like tables.

CREATE TABLE table_column_stats (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    column_name  TEXT NOT NULL,
    stats        TEXT NOT NULL,
    PRIMARY KEY (table_id, column_name)
) WITHOUT ROWID;

CREATE TABLE partition_column_stats (
    partition_id  INTEGER NOT NULL REFERENCES partitions (id) ON DELETE CASCADE,
    column_name   TEXT NOT NULL,
    stats         TEXT NOT NULL,
    PRIMARY KEY (partition_id, column_name)
) WITHOUT ROWID;

CREATE TABLE functions (
    id           INTEGER PRIMARY KEY,
    db_id        INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    create_time  REAL NOT NULL,
    body         TEXT NOT NULL,
    UNIQUE (db_id, name)
);

-- Tags of a database, table or function (kind 'database', 'table', 'function'; owner its
-- row id); the triggers remove them with their owner, however it goes (cascades too).
CREATE TABLE resource_tags (
    kind   TEXT NOT NULL,
    owner  INTEGER NOT NULL,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (kind, owner, key)
) WITHOUT ROWID;

CREATE TRIGGER databases_drop_tags AFTER DELETE ON databases
BEGIN
    DELETE FROM resource_tags WHERE kind = 'database' AND owner = old.id;
END;

CREATE TRIGGER tables_drop_tags AFTER DELETE ON tables
BEGIN
    DELETE FROM resource_tags WHERE kind = 'table' AND owner = old.id;
END;

CREATE TRIGGER functions_drop_tags AFTER DELETE ON functions
BEGIN
    DELETE FROM resource_tags WHERE kind = 'function' AND owner = old.id;
END;

-- Resource policies, stored as given; arn '' is the catalog's own policy.
CREATE TABLE resource_policies (
    catalog_id   TEXT NOT NULL,
    arn          TEXT NOT NULL,
    policy       TEXT NOT NULL,
    hash         TEXT NOT NULL,
    create_time  REAL NOT NULL,
    update_time  REAL NOT NULL,
    PRIMARY KEY (catalog_id, arn)
) WITHOUT ROWID;
