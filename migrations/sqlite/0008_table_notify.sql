-- 0008_table_notify: nothing on SQLite.  On PostgreSQL, triggers notify the catalogd processes
-- sharing the database when a table's answer changes (migrations/postgresql/0008); a SQLite
-- catalog has one process, whose table cache checks each table's stamp (store/sqlite/tcache.h).
SELECT 1;
