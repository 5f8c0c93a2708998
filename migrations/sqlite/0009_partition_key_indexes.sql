-- 0009_partition_key_indexes: every typed key's index also carries the first key, and the first
-- key's carries the next three.
--
-- A predicate over two keys names the first one in nearly every catalog (a date, most often):
-- region = R AND dt BETWEEN D1 AND D2, or dt = D AND hr BETWEEN h1 AND h2.  With the first key
-- in each key's index, (region, dt) is one range of the region index: 504 entries read in
-- `make bench` instead of the 10,080 of the dt range, each tested and most thrown away; with
-- the next keys in the first key's index, dt = D AND hr BETWEEN is one range of it.  Terms on
-- other keys are tested on the index entries too, before the row is read.  About 22 bytes a
-- partition in make bench (each key's whole index carrying every key cost 41).
DROP INDEX partitions_k0;
CREATE INDEX partitions_k0 ON partitions (table_id, k0, k1, k2, k3) WHERE k0 IS NOT NULL;
DROP INDEX partitions_k1;
CREATE INDEX partitions_k1 ON partitions (table_id, k1, k0) WHERE k1 IS NOT NULL;
DROP INDEX partitions_k2;
CREATE INDEX partitions_k2 ON partitions (table_id, k2, k0) WHERE k2 IS NOT NULL;
DROP INDEX partitions_k3;
CREATE INDEX partitions_k3 ON partitions (table_id, k3, k0) WHERE k3 IS NOT NULL;
DROP INDEX partitions_k4;
CREATE INDEX partitions_k4 ON partitions (table_id, k4, k0) WHERE k4 IS NOT NULL;
DROP INDEX partitions_k5;
CREATE INDEX partitions_k5 ON partitions (table_id, k5, k0) WHERE k5 IS NOT NULL;
DROP INDEX partitions_k6;
CREATE INDEX partitions_k6 ON partitions (table_id, k6, k0) WHERE k6 IS NOT NULL;
DROP INDEX partitions_k7;
CREATE INDEX partitions_k7 ON partitions (table_id, k7, k0) WHERE k7 IS NOT NULL;
DROP INDEX partitions_k8;
CREATE INDEX partitions_k8 ON partitions (table_id, k8, k0) WHERE k8 IS NOT NULL;
DROP INDEX partitions_k9;
CREATE INDEX partitions_k9 ON partitions (table_id, k9, k0) WHERE k9 IS NOT NULL;
DROP INDEX partitions_k10;
CREATE INDEX partitions_k10 ON partitions (table_id, k10, k0) WHERE k10 IS NOT NULL;
DROP INDEX partitions_k11;
CREATE INDEX partitions_k11 ON partitions (table_id, k11, k0) WHERE k11 IS NOT NULL;
DROP INDEX partitions_k12;
CREATE INDEX partitions_k12 ON partitions (table_id, k12, k0) WHERE k12 IS NOT NULL;
DROP INDEX partitions_k13;
CREATE INDEX partitions_k13 ON partitions (table_id, k13, k0) WHERE k13 IS NOT NULL;
DROP INDEX partitions_k14;
CREATE INDEX partitions_k14 ON partitions (table_id, k14, k0) WHERE k14 IS NOT NULL;
DROP INDEX partitions_k15;
CREATE INDEX partitions_k15 ON partitions (table_id, k15, k0) WHERE k15 IS NOT NULL;
