-- The search index snapshot, as SQLite's 0004: one row at most, version
-- the store_version it was built from; a changing Sync deletes it in its
-- own transaction.
CREATE TABLE search_snapshot (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    data    bytea NOT NULL CHECK (length(data) > 0)
);
