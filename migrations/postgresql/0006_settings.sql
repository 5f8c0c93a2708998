-- 0006_settings (PostgreSQL): as migrations/sqlite/0006_settings.sql.  The key is 244 random
-- bits (two version-4 UUIDs, from the server's strong random source) as 64 hex digits.
CREATE TABLE catalogd_settings (
    name  text COLLATE "C" PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO catalogd_settings (name, value)
VALUES ('page_token_key', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
