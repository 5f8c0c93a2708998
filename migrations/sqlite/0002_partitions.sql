-- 0002_partitions: partitions, partition indexes, and storage descriptors owned by tables.
--
-- A partition stores only what differs from the table it belongs to:
--   vals      its values, exactly as given, as a JSON array (the identity: unique per table);
--   k0..k15   the same values typed by their partition key (integers, reals, canonical
--             date/timestamp text, text; NULL when a value does not read as its key's
--             type), so that SQLite compares them by type and indexes them;
--   sd_id     the table storage descriptor it was written against (never changed
--             afterwards: a table whose descriptor changes keeps the old row while it
--             has partitions), with `loc_rel` its location relative to that
--             descriptor's location, or `location` when it is not below it;
--   rest      JSON of every other member (Parameters, LastAccessTime, and the
--             descriptor members that differ from the base, if any).
-- Typed key columns come last so that the unused ones cost nothing on disk.

ALTER TABLE storage_descriptors ADD COLUMN owner INTEGER;
UPDATE storage_descriptors SET owner = (SELECT t.id FROM tables t WHERE t.sd_id = storage_descriptors.id);
CREATE INDEX storage_descriptors_owner ON storage_descriptors (owner);

DROP TRIGGER tables_drop_sd;
CREATE TRIGGER tables_drop_sds AFTER DELETE ON tables
BEGIN
    DELETE FROM storage_descriptors WHERE owner = old.id;
END;

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

CREATE UNIQUE INDEX partitions_vals ON partitions (table_id, vals);
CREATE INDEX partitions_k0 ON partitions (table_id, k0) WHERE k0 IS NOT NULL;
CREATE INDEX partitions_k1 ON partitions (table_id, k1) WHERE k1 IS NOT NULL;
CREATE INDEX partitions_k2 ON partitions (table_id, k2) WHERE k2 IS NOT NULL;
CREATE INDEX partitions_k3 ON partitions (table_id, k3) WHERE k3 IS NOT NULL;
CREATE INDEX partitions_k4 ON partitions (table_id, k4) WHERE k4 IS NOT NULL;
CREATE INDEX partitions_k5 ON partitions (table_id, k5) WHERE k5 IS NOT NULL;
CREATE INDEX partitions_k6 ON partitions (table_id, k6) WHERE k6 IS NOT NULL;
CREATE INDEX partitions_k7 ON partitions (table_id, k7) WHERE k7 IS NOT NULL;
CREATE INDEX partitions_k8 ON partitions (table_id, k8) WHERE k8 IS NOT NULL;
CREATE INDEX partitions_k9 ON partitions (table_id, k9) WHERE k9 IS NOT NULL;
CREATE INDEX partitions_k10 ON partitions (table_id, k10) WHERE k10 IS NOT NULL;
CREATE INDEX partitions_k11 ON partitions (table_id, k11) WHERE k11 IS NOT NULL;
CREATE INDEX partitions_k12 ON partitions (table_id, k12) WHERE k12 IS NOT NULL;
CREATE INDEX partitions_k13 ON partitions (table_id, k13) WHERE k13 IS NOT NULL;
CREATE INDEX partitions_k14 ON partitions (table_id, k14) WHERE k14 IS NOT NULL;
CREATE INDEX partitions_k15 ON partitions (table_id, k15) WHERE k15 IS NOT NULL;

-- Glue partition indexes: metadata only (every key is indexed above); ACTIVE at once.
CREATE TABLE partition_indexes (
    table_id     INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    keys         TEXT NOT NULL,
    create_time  REAL NOT NULL,
    PRIMARY KEY (table_id, name)
) WITHOUT ROWID;
