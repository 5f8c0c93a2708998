-- 0011_partition_key_first: nothing on SQLite, whose key indexes carry the first key since
-- 0009.  On PostgreSQL the index of every text key but the first carries ks0, the first key's
-- text column (migrations/postgresql/0011).
SELECT 1;
