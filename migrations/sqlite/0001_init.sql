-- 0001_init: databases, tables, storage descriptors, columns, partition keys,
-- parameters and archived table versions.
--
-- Names are stored lower-cased by the server (Glue folds database and table names).
-- Times are epoch seconds (REAL, millisecond precision).  Members the model has but
-- this schema gives no column of their own are kept as one JSON object in `extra`.

CREATE TABLE databases (
    id            INTEGER PRIMARY KEY,
    catalog_id    TEXT NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT,
    location_uri  TEXT,
    create_time   REAL NOT NULL,
    extra         TEXT,
    UNIQUE (catalog_id, name)
);

CREATE TABLE database_params (
    db_id  INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (db_id, key)
) WITHOUT ROWID;

-- A storage descriptor belongs to one table (or, later, one partition that does
-- not simply inherit its table's).  Triggers below delete it with its owner.
CREATE TABLE storage_descriptors (
    id                  INTEGER PRIMARY KEY,
    location            TEXT,
    input_format        TEXT,
    output_format       TEXT,
    compressed          INTEGER,
    number_of_buckets   INTEGER,
    stored_as_subdirs   INTEGER,
    has_serde           INTEGER NOT NULL DEFAULT 0,
    serde_name          TEXT,
    serde_lib           TEXT,
    extra               TEXT
);

CREATE TABLE sd_columns (
    sd_id    INTEGER NOT NULL REFERENCES storage_descriptors (id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    type     TEXT,
    comment  TEXT,
    PRIMARY KEY (sd_id, pos)
) WITHOUT ROWID;

CREATE TABLE sd_column_params (
    sd_id  INTEGER NOT NULL,
    pos    INTEGER NOT NULL,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (sd_id, pos, key),
    FOREIGN KEY (sd_id, pos) REFERENCES sd_columns (sd_id, pos) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE sd_params (
    sd_id  INTEGER NOT NULL REFERENCES storage_descriptors (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (sd_id, key)
) WITHOUT ROWID;

CREATE TABLE serde_params (
    sd_id  INTEGER NOT NULL REFERENCES storage_descriptors (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (sd_id, key)
) WITHOUT ROWID;

CREATE TABLE tables (
    id                  INTEGER PRIMARY KEY,
    db_id               INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    description         TEXT,
    owner               TEXT,
    create_time         REAL NOT NULL,
    update_time         REAL NOT NULL,
    last_access_time    REAL,
    last_analyzed_time  REAL,
    retention           INTEGER,
    sd_id               INTEGER REFERENCES storage_descriptors (id),
    view_original_text  TEXT,
    view_expanded_text  TEXT,
    table_type          TEXT,
    version_id          INTEGER NOT NULL DEFAULT 0,
    extra               TEXT,
    UNIQUE (db_id, name)
);

CREATE INDEX tables_sd ON tables (sd_id);

CREATE TRIGGER tables_drop_sd AFTER DELETE ON tables
WHEN old.sd_id IS NOT NULL
BEGIN
    DELETE FROM storage_descriptors WHERE id = old.sd_id;
END;

CREATE TABLE table_params (
    table_id  INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (table_id, key)
) WITHOUT ROWID;

CREATE TABLE partition_keys (
    table_id  INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    pos       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    type      TEXT,
    comment   TEXT,
    params    TEXT,
    PRIMARY KEY (table_id, pos)
) WITHOUT ROWID;

-- Archived versions: the whole Table object as it was, as JSON.  The current
-- version lives in `tables` (tables.version_id) and is never archived here.
CREATE TABLE table_versions (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    version_id   INTEGER NOT NULL,
    archived_at  REAL NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (table_id, version_id)
) WITHOUT ROWID;
