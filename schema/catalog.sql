CREATE TABLE catalogd_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE crawlers (
    id          INTEGER PRIMARY KEY,
    catalog_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    state       TEXT NOT NULL,
    scheduled   INTEGER NOT NULL DEFAULT 0,
    doc         TEXT NOT NULL,
    UNIQUE (catalog_id, name)
);

CREATE TABLE crawls (
    id          INTEGER PRIMARY KEY,
    crawler_id  INTEGER NOT NULL REFERENCES crawlers (id) ON DELETE CASCADE,
    crawl_id    TEXT NOT NULL UNIQUE,
    start_time  REAL NOT NULL,
    doc         TEXT NOT NULL
);

CREATE TABLE database_params (
    db_id  INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (db_id, key)
) WITHOUT ROWID;

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

CREATE TABLE functions (
    id           INTEGER PRIMARY KEY,
    db_id        INTEGER NOT NULL REFERENCES databases (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    create_time  REAL NOT NULL,
    body         TEXT NOT NULL,
    UNIQUE (db_id, name)
);

CREATE TABLE iceberg_heads (
    table_id  INTEGER PRIMARY KEY REFERENCES tables (id) ON DELETE CASCADE,
    location  TEXT,
    head      TEXT NOT NULL
);

CREATE TABLE iceberg_snapshot_log (
    table_id      INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    timestamp_ms  INTEGER NOT NULL,
    snapshot_id   INTEGER NOT NULL,
    PRIMARY KEY (table_id, pos)
) WITHOUT ROWID;

CREATE TABLE iceberg_snapshots (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    snapshot_id  INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (table_id, snapshot_id)
) WITHOUT ROWID;

CREATE TABLE partition_column_stats (
    partition_id  INTEGER NOT NULL REFERENCES partitions (id) ON DELETE CASCADE,
    column_name   TEXT NOT NULL,
    stats         TEXT NOT NULL,
    PRIMARY KEY (partition_id, column_name)
) WITHOUT ROWID;

CREATE TABLE partition_indexes (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    keys         TEXT NOT NULL,
    create_time  REAL NOT NULL,
    PRIMARY KEY (table_id, name)
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

CREATE TABLE partitions (
    id           INTEGER PRIMARY KEY,
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    vals         TEXT NOT NULL,
    create_time  INTEGER NOT NULL,
    sd_id        INTEGER,
    loc_rel      TEXT,
    location     TEXT,
    rest         TEXT,
    k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15
);

CREATE TABLE resource_policies (
    catalog_id   TEXT NOT NULL,
    arn          TEXT NOT NULL,
    policy       TEXT NOT NULL,
    hash         TEXT NOT NULL,
    create_time  REAL NOT NULL,
    update_time  REAL NOT NULL,
    PRIMARY KEY (catalog_id, arn)
) WITHOUT ROWID;

CREATE TABLE resource_tags (
    kind   TEXT NOT NULL,
    owner  INTEGER NOT NULL,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (kind, owner, key)
) WITHOUT ROWID;

CREATE TABLE sd_column_params (
    sd_id  INTEGER NOT NULL,
    pos    INTEGER NOT NULL,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (sd_id, pos, key),
    FOREIGN KEY (sd_id, pos) REFERENCES sd_columns (sd_id, pos) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE sd_columns (
    sd_id    INTEGER NOT NULL REFERENCES storage_descriptors (id) ON DELETE CASCADE,
    pos      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    type     TEXT,
    comment  TEXT,
    PRIMARY KEY (sd_id, pos)
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
, owner INTEGER);

CREATE TABLE table_column_stats (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    column_name  TEXT NOT NULL,
    stats        TEXT NOT NULL,
    PRIMARY KEY (table_id, column_name)
) WITHOUT ROWID;

CREATE TABLE table_params (
    table_id  INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (table_id, key)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE table_search USING fts5 (
    db, name, description, params,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE 'table_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'table_search_content'(id INTEGER PRIMARY KEY, c0, c1, c2, c3);

CREATE TABLE 'table_search_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'table_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'table_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE table_versions (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    version_id   INTEGER NOT NULL,
    archived_at  REAL NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (table_id, version_id)
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

CREATE INDEX crawlers_state ON crawlers (state);

CREATE INDEX crawls_crawler ON crawls (crawler_id, start_time);

CREATE INDEX iceberg_snapshots_seq ON iceberg_snapshots (table_id, seq);

CREATE INDEX partitions_k0 ON partitions (table_id, k0, k1, k2, k3) WHERE k0 IS NOT NULL;

CREATE INDEX partitions_k1 ON partitions (table_id, k1, k0) WHERE k1 IS NOT NULL;

CREATE INDEX partitions_k10 ON partitions (table_id, k10, k0) WHERE k10 IS NOT NULL;

CREATE INDEX partitions_k11 ON partitions (table_id, k11, k0) WHERE k11 IS NOT NULL;

CREATE INDEX partitions_k12 ON partitions (table_id, k12, k0) WHERE k12 IS NOT NULL;

CREATE INDEX partitions_k13 ON partitions (table_id, k13, k0) WHERE k13 IS NOT NULL;

CREATE INDEX partitions_k14 ON partitions (table_id, k14, k0) WHERE k14 IS NOT NULL;

CREATE INDEX partitions_k15 ON partitions (table_id, k15, k0) WHERE k15 IS NOT NULL;

CREATE INDEX partitions_k2 ON partitions (table_id, k2, k0) WHERE k2 IS NOT NULL;

CREATE INDEX partitions_k3 ON partitions (table_id, k3, k0) WHERE k3 IS NOT NULL;

CREATE INDEX partitions_k4 ON partitions (table_id, k4, k0) WHERE k4 IS NOT NULL;

CREATE INDEX partitions_k5 ON partitions (table_id, k5, k0) WHERE k5 IS NOT NULL;

CREATE INDEX partitions_k6 ON partitions (table_id, k6, k0) WHERE k6 IS NOT NULL;

CREATE INDEX partitions_k7 ON partitions (table_id, k7, k0) WHERE k7 IS NOT NULL;

CREATE INDEX partitions_k8 ON partitions (table_id, k8, k0) WHERE k8 IS NOT NULL;

CREATE INDEX partitions_k9 ON partitions (table_id, k9, k0) WHERE k9 IS NOT NULL;

CREATE UNIQUE INDEX partitions_vals ON partitions (table_id, vals);

CREATE INDEX storage_descriptors_owner ON storage_descriptors (owner);

CREATE INDEX tables_sd ON tables (sd_id);

CREATE TRIGGER databases_drop_tags AFTER DELETE ON databases
BEGIN
    DELETE FROM resource_tags WHERE kind = 'database' AND owner = old.id;
END;

CREATE TRIGGER databases_search_rename AFTER UPDATE OF name ON databases
WHEN old.name IS NOT new.name
BEGIN
    UPDATE table_search SET db = new.name
    WHERE rowid IN (SELECT id FROM tables WHERE db_id = new.id);
END;

CREATE TRIGGER functions_drop_tags AFTER DELETE ON functions
BEGIN
    DELETE FROM resource_tags WHERE kind = 'function' AND owner = old.id;
END;

CREATE TRIGGER tables_drop_sds AFTER DELETE ON tables
BEGIN
    DELETE FROM storage_descriptors WHERE owner = old.id;
END;

CREATE TRIGGER tables_drop_tags AFTER DELETE ON tables
BEGIN
    DELETE FROM resource_tags WHERE kind = 'table' AND owner = old.id;
END;

CREATE TRIGGER tables_search_delete AFTER DELETE ON tables
BEGIN
    DELETE FROM table_search WHERE rowid = old.id;
END;

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

