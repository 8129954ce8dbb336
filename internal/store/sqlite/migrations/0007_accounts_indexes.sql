-- Indexes for the account queries of issue 9 that 0005 left without
-- one: a user's API tokens, invitations by email, and the audit log by
-- actor (who did what).
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX invites_email ON invites (email);
CREATE INDEX audit_log_actor ON audit_log (actor_id);

-- An invitation is for a new account, or (purpose 'reset') a one-time
-- link an admin makes for an existing account to choose a new password.
ALTER TABLE invites ADD COLUMN purpose TEXT NOT NULL DEFAULT 'account' CHECK (purpose IN ('account', 'reset'));
