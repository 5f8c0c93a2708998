-- 0010_partition_table_lock: nothing on SQLite.  On PostgreSQL partitions.table_id loses its
-- foreign key, checked row by row there, for a lock on the table's row per insert statement and
-- a trigger that deletes a table's partitions with it (migrations/postgresql/0010); SQLite's
-- foreign key stays (one writer at a time: no table can go while its partitions are written).
SELECT 1;
