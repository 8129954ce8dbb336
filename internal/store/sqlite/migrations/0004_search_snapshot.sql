-- The search index, written out by the search package, so that a process
-- can load it instead of building it from all the content. One row at
-- most; version is the store_version it was built from. A Sync that
-- changes anything deletes the row in its transaction, and a snapshot is
-- saved only while store_version still equals its version, so the row can
-- never describe content other than what is stored.
CREATE TABLE search_snapshot (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    data    BLOB NOT NULL CHECK (length(data) > 0)
) STRICT;
