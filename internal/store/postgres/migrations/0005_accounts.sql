-- Accounts (issue 9), in PostgreSQL's dialect: SQLite's 0005 and the
-- account half of its 0007 (the invites purpose and the indexes), in one
-- step because no PostgreSQL database had either. A user is a person, or
-- speaks for an organization (source_key). Roles are separate rows so
-- that one account can hold several. Nothing here changes store_version:
-- signing in or editing an account must not invalidate the page cache or
-- rebuild the search index.
--
-- Times are timestamptz; "not yet" is NULL where SQLite stores ''.
-- Session, invitation and token hashes are bytea of 1 to 64 bytes: the
-- web layer stores SHA-256 (32), but store.Accounts does not fix the
-- hash, SQLite takes any, and the conformance suite stores short
-- stand-ins; the bound keeps a key small.
-- Listed and sorted text is COLLATE "C", as in 0001.
CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               text COLLATE "C" NOT NULL UNIQUE, -- lower-cased at the edge
    password_hash       text NOT NULL DEFAULT '',         -- argon2id PHC string; '' until set
    slug                text COLLATE "C" NOT NULL UNIQUE, -- profile address /people/{slug}
    name                text COLLATE "C" NOT NULL,
    credentials         text NOT NULL DEFAULT '',         -- "MD, FAASM"
    specialty           text NOT NULL DEFAULT '',
    affiliation         text NOT NULL DEFAULT '',
    bio                 text NOT NULL DEFAULT '',
    source_key          text COLLATE "C" REFERENCES sources (key), -- NULL for a person
    disabled            boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    password_changed_at timestamptz
);

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role    text COLLATE "C" NOT NULL CHECK (role IN ('contributor', 'reviewer', 'admin')),
    PRIMARY KEY (user_id, role)
);

-- A session is found by the SHA-256 of the token in its cookie, so a
-- copy of the database holds no usable session.
CREATE TABLE sessions (
    id_hash      bytea PRIMARY KEY CHECK (length(id_hash) BETWEEN 1 AND 64),
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL
);

CREATE INDEX sessions_user_id ON sessions (user_id);

-- Invitations and one-time sign-in links, stored hashed like sessions.
-- An invitation is for a new account, or (purpose 'reset') a one-time
-- link an admin makes for an existing account to choose a new password.
CREATE TABLE invites (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) BETWEEN 1 AND 64),
    email      text COLLATE "C" NOT NULL,
    roles      text[] COLLATE "C" NOT NULL
        CHECK (coalesce(array_ndims(roles), 1) = 1 AND array_position(roles, NULL) IS NULL),
    source_key text COLLATE "C" REFERENCES sources (key),
    created_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    purpose    text NOT NULL DEFAULT 'account' CHECK (purpose IN ('account', 'reset'))
);

CREATE INDEX invites_email ON invites (email);

-- Failed sign-ins per key ("account:<email>", "client:<address>"), in
-- the database so that every node sees the same counts.
CREATE TABLE signin_throttle (
    key          text COLLATE "C" PRIMARY KEY,
    failures     integer NOT NULL,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);

-- API tokens of organization accounts: scoped to one source, shown once,
-- stored hashed, revocable.
CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) BETWEEN 1 AND 64),
    user_id      bigint NOT NULL REFERENCES users (id),
    source_key   text COLLATE "C" NOT NULL REFERENCES sources (key),
    name         text NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

CREATE INDEX api_tokens_user_id ON api_tokens (user_id);

-- Every editorial and account action, append-only: the trigger refuses
-- any change to a row once written (TRUNCATE too, which row triggers
-- would not see).
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor_id   bigint REFERENCES users (id),  -- NULL: the command line
    action     text COLLATE "C" NOT NULL,     -- "submission.approve", "user.roles"
    entity     text COLLATE "C" NOT NULL,     -- "submission", "user", "source", "token"
    entity_id  text COLLATE "C" NOT NULL,
    from_state text NOT NULL DEFAULT '',
    to_state   text NOT NULL DEFAULT '',
    detail     text NOT NULL DEFAULT ''
);

CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- The foreign keys from the answers columns of 0006 to users come in
-- 0008 with the editorial tables: on a new database 0005 runs before
-- 0006 has added those columns.
