-- 0007_iceberg: the parts of an Iceberg table's metadata (lang/iceberg_meta.h), keyed by the
-- table's row id, so that they go with the table (and its database: ON DELETE CASCADE) and stay
-- with it across a rename (store_table_rename keeps the row id).
--
-- iceberg_heads: the TableMetadata (or ViewMetadata) without "snapshots" and "snapshot-log",
-- as JSON text, and the metadata location it was written for (the head is current while that
-- equals the table's metadata_location parameter).  iceberg_snapshots: one row per snapshot,
-- by id, with its order of addition (seq).  iceberg_snapshot_log: the snapshot-log's entries
-- by position.
CREATE TABLE iceberg_heads (
    table_id  INTEGER PRIMARY KEY REFERENCES tables (id) ON DELETE CASCADE,
    location  TEXT,
    head      TEXT NOT NULL
);

CREATE TABLE iceberg_snapshots (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    snapshot_id  INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (table_id, snapshot_id)
) WITHOUT ROWID;

CREATE INDEX iceberg_snapshots_seq ON iceberg_snapshots (table_id, seq);

CREATE TABLE iceberg_snapshot_log (
    table_id      INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    pos           INTEGER NOT NULL,
    timestamp_ms  INTEGER NOT NULL,
    snapshot_id   INTEGER NOT NULL,
    PRIMARY KEY (table_id, pos)
) WITHOUT ROWID;
