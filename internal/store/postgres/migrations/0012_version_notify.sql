-- Issue 10, several nodes: every change of store_version is announced on
-- the channel healthqa_store_version, so that the other nodes sharing the
-- database rebuild their search index and forget their cached pages at
-- once instead of when a request next asks (internal/store/postgres
-- watch.go). This migration is PostgreSQL's own: SQLite has no 0012 (one
-- process sees its own changes) and its next migration must skip the
-- number, so that a number keeps meaning one step (docs/POSTGRES.md).
--
-- NOTIFY is transactional: the notice goes out when the changing Sync or
-- publish commits, never for one rolled back. The payload names the
-- schema with the version, "schema version", because the channel is the
-- database's and several stores may share one database in sibling
-- schemas (the tests do): a watcher ignores other schemas' notices.
CREATE FUNCTION notify_store_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('healthqa_store_version', TG_TABLE_SCHEMA || ' ' || NEW.version);
    RETURN NULL;
END
$$;

CREATE TRIGGER store_version_notify
    AFTER UPDATE ON store_version
    FOR EACH ROW
    WHEN (NEW.version IS DISTINCT FROM OLD.version)
    EXECUTE FUNCTION notify_store_version();
