-- 0009_partition_key_indexes: the first typed key's index also carries the next three keys.
--
-- An expression over two keys (region = R AND dt BETWEEN D1 AND D2) walks one key's index
-- (the range of dt) and tests the other term on each entry.  With the other keys in the index
-- entry, SQLite tests them there and reads the table row (a b-tree search by rowid) only for
-- the entries that match: in `make bench`, 504 rows read instead of 5,040, the selective
-- GetPartitions p50 2.5 -> 1.5 ms.  Only the first key's index: it is the key nearly every
-- predicate names (a date, most often), and carrying the other keys in every key's index cost
-- 41 bytes a partition (263 -> 304 in make bench) and 6% of the ingest rate; this one costs
-- about 7.  A predicate that names the first key then tests k1..k3 on its index entries; one
-- over other keys only reads rows as before.
DROP INDEX partitions_k0;
CREATE INDEX partitions_k0 ON partitions (table_id, k0, k1, k2, k3) WHERE k0 IS NOT NULL;
