-- 0006_settings: settings of the deployment, shared by every catalogd over this store.
--
-- page_token_key: the key of page tokens (server/token.c), 32 random bytes as hex, made here
-- once, so tokens of one catalogd are taken by another over the same store and by none other.
CREATE TABLE catalogd_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO catalogd_settings (name, value) VALUES ('page_token_key', lower(hex(randomblob(32))));
