-- The search index snapshot, as SQLite's 0004: one row at most, version
-- the store_version it was built from; a changing Sync deletes it in its
-- own transaction.
CREATE TABLE search_snapshot (
    id      integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    data    bytea NOT NULL CHECK (length(data) > 0)
);

-- The snapshot is tens of megabytes written at every changing import:
-- lz4 where the server has it (see 0001).
DO $$
BEGIN
    ALTER TABLE search_snapshot ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
