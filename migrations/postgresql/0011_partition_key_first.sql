-- 0011_partition_key_first (PostgreSQL): the index of every text key but the first also
-- carries ks0, the first key's text column (NULL where the first key is numeric), so that a
-- predicate over such a key and a range of the first -- region = R AND dt BETWEEN D1 AND D2 --
-- is one range of one index, not every row of the date range read from the table and most
-- thrown away (make bench's B shape at 3*10^5 partitions: 504 rows of 10,080 read; 4.9-5.5 ->
-- 2.1-2.9 ms).  Text keys only: btree deduplication folds equal entries of a text index, so
-- where (key, first key) pairs repeat -- make bench's 24 hours for each region and day -- a
-- region index stays small with the date in it (about 2.5 MB for 3*10^5 partitions; where each
-- pair is one partition the index holds one entry per partition), while the numeric kn
-- indexes, which PostgreSQL cannot deduplicate, would grow by the whole text (and cost more per
-- partition ingested: even these cost about 5% of PostgreSQL's time per row).  As
-- migrations/sqlite/0009 for SQLite's key indexes, without carrying the next keys in the first
-- key's index (that would make each of its entries distinct).
--
-- An entry now holds a text key's value and the first key's together: PostgreSQL refuses an
-- entry over about 2,700 bytes, so two values of mostly non-ASCII characters near the 1,024
-- characters Glue allows each can be refused together (InvalidInputException) where each fit
-- alone (README, "Differences from SQLite"); ASCII values always fit.  The migration rebuilds
-- these indexes with the partitions table locked, partition calls of running instances
-- waiting: about 5 s for make bench's 10^6 partitions (two text keys) on a 2-core machine.
DO $$
BEGIN
    FOR i IN 1..15 LOOP
        EXECUTE format('DROP INDEX partitions_ks%s', i);
        EXECUTE format('CREATE INDEX partitions_ks%s ON partitions (table_id, ks%s, ks0) WHERE ks%s IS NOT NULL', i, i, i);
    END LOOP;
END $$;
