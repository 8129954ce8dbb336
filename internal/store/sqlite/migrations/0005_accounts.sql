-- Accounts (issue 9). A user is a person, or speaks for an organization
-- (source_key). Roles are separate rows so that one account can hold
-- several. Nothing here changes store_version: signing in or editing an
-- account must not invalidate the page cache or rebuild the search index.
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,      -- lower-cased at the edge
    password_hash       TEXT NOT NULL DEFAULT '',  -- argon2id PHC string; '' until set
    slug                TEXT NOT NULL UNIQUE,      -- profile address /people/{slug}
    name                TEXT NOT NULL,
    credentials         TEXT NOT NULL DEFAULT '',  -- "MD, FAASM"
    specialty           TEXT NOT NULL DEFAULT '',
    affiliation         TEXT NOT NULL DEFAULT '',
    bio                 TEXT NOT NULL DEFAULT '',
    source_key          TEXT REFERENCES sources (key), -- NULL for a person
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('contributor', 'reviewer', 'admin')),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

-- A session is found by the SHA-256 of the token in its cookie, so a
-- copy of the database holds no usable session.
CREATE TABLE sessions (
    id_hash      BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_user_id ON sessions (user_id);

-- Invitations and one-time sign-in links, stored hashed like sessions.
CREATE TABLE invites (
    token_hash BLOB PRIMARY KEY,
    email      TEXT NOT NULL,
    roles      TEXT NOT NULL CHECK (json_valid(roles)),
    source_key TEXT REFERENCES sources (key),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT ''
) STRICT;

-- Failed sign-ins per key ("account:<email>", "client:<address>"), in
-- the database so that every node sees the same counts.
CREATE TABLE signin_throttle (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start TEXT NOT NULL,
    locked_until TEXT NOT NULL DEFAULT ''
) STRICT;

-- API tokens of organization accounts: scoped to one source, shown once,
-- stored hashed, revocable.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    source_key   TEXT NOT NULL REFERENCES sources (key),
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT NOT NULL DEFAULT '',
    last_used_at TEXT NOT NULL DEFAULT ''
) STRICT;

-- Every editorial and account action, append-only: the triggers refuse
-- any change to a row once written.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users (id),  -- NULL: the command line
    action     TEXT NOT NULL,                  -- "submission.approve", "user.roles"
    entity     TEXT NOT NULL,                  -- "submission", "user", "source", "token"
    entity_id  TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state   TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
