-- 0010_partition_table_lock (PostgreSQL): partitions.table_id loses its foreign key.  The key
-- was checked for every row inserted (a query and a row lock on the table per partition, about
-- a tenth of PostgreSQL's time per partition ingested); now the statement that inserts a
-- table's partitions locks the table's row once (FOR KEY SHARE, server/store/pg/pg_partition.c
-- TABLE_LOCK) and inserts nothing when it is gone, and deleting a table deletes its partitions
-- through a trigger, as ON DELETE CASCADE did (it fires before tables_drop_sds, as the cascade
-- did: triggers fire in name order).  A DeleteTable meeting a writer waits for it to commit and
-- then deletes what it wrote, as before.  That takes catalogd's writes being SERIALIZABLE: a
-- delete whose snapshot predates the writer's commit does not see its rows, and the
-- serializable conflict check fails one of the two (the cascade of the foreign key failed it
-- itself); a client deleting tables at REPEATABLE READ could leave partitions of no table.
ALTER TABLE partitions DROP CONSTRAINT partitions_table_id_fkey;
CREATE FUNCTION tables_drop_partitions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM partitions WHERE table_id = old.id;
    RETURN NULL;
END $$;
CREATE TRIGGER tables_drop_partitions AFTER DELETE ON tables
    FOR EACH ROW EXECUTE FUNCTION tables_drop_partitions();
