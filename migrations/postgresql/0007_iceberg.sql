-- 0007_iceberg (PostgreSQL): as migrations/sqlite/0007_iceberg.sql.
CREATE TABLE iceberg_heads (
    table_id  bigint PRIMARY KEY REFERENCES tables (id) ON DELETE CASCADE,
    location  text,
    head      text NOT NULL
);

CREATE TABLE iceberg_snapshots (
    table_id     bigint NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    snapshot_id  bigint NOT NULL,
    seq          bigint NOT NULL,
    snapshot     text NOT NULL,
    PRIMARY KEY (table_id, snapshot_id)
);

CREATE INDEX iceberg_snapshots_seq ON iceberg_snapshots (table_id, seq);

CREATE TABLE iceberg_snapshot_log (
    table_id      bigint NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    pos           bigint NOT NULL,
    timestamp_ms  bigint NOT NULL,
    snapshot_id   bigint NOT NULL,
    PRIMARY KEY (table_id, pos)
);
