-- Indexes for the account queries of issue 9 that 0005 left without
-- one: a user's API tokens, invitations by email, and the audit log by
-- actor (who did what).
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX invites_email ON invites (email);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
