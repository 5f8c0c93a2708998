-- 0008_table_notify (PostgreSQL): a notification on channel catalogd_tables when a transaction
-- that wrote a table's answer (its row, its database, parameters, partition keys, descriptors)
-- commits.  Each catalogd caches GetTable answers and drops them when notified
-- (server/store/pg/pg_tcache.c): a write through another catalogd, or any client, is seen.
-- Statement triggers, one notification per transaction (PostgreSQL folds equal ones); no
-- trigger on partitions, so partition writes notify nothing.
CREATE FUNCTION catalogd_tables_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalogd_tables', '');
    RETURN NULL;
END $$;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['databases', 'tables', 'table_params', 'partition_keys',
                             'storage_descriptors', 'sd_columns', 'sd_column_params',
                             'sd_params', 'serde_params'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION catalogd_tables_notify()',
                       t || '_notify', t);
    END LOOP;
END $$;
