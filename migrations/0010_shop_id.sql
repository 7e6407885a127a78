-- kaidan schema, version 10: a random identity for each shop database, so that the audit
-- chain's anchor outside the database (crate::anchor) belongs to this database and not merely
-- to its path: a new shop created where an old one was is a new chain, not a rewritten one.
INSERT OR IGNORE INTO settings (key, value) VALUES ('state.shop_id', lower(hex(randomblob(16))));
