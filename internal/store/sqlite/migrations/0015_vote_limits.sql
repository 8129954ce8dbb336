-- The readers' feedback rate limit (docs/FEEDBACK.md): one token bucket
-- per client address (an IPv4 address, an IPv6 /64), shared by every
-- process on the database, so that several nodes allow one client the
-- burst once and not once each. A bucket full again by now is the same
-- as none and is deleted by the next vote (store.TokenBucket.FullBefore),
-- so the rows are the clients of the last few minutes.
CREATE TABLE vote_limits (
    client TEXT PRIMARY KEY CHECK (length(client) BETWEEN 1 AND 100),
    tokens REAL NOT NULL,
    at     TEXT NOT NULL
) STRICT;

CREATE INDEX vote_limits_at ON vote_limits (at);
