-- Issue 10, several nodes: a publish changes a few contributor answers,
-- yet a node learns only that the content version moved. imported is the
-- version the last changing Sync set: a search index of a version at or
-- past it differs from the content only in contributor answers, which it
-- takes in place (search.Index.WithContributors) instead of being built
-- again. A database that already has content starts with imported equal
-- to its version, so every index older than that is built in full.
ALTER TABLE store_version ADD COLUMN imported BIGINT NOT NULL DEFAULT 0;
UPDATE store_version SET imported = version;
