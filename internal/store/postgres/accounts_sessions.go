package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// touchEvery is how stale a session's last_seen_at or a token's
// last_used_at may be before a use writes it again, as on SQLite: a
// write per signed-in request would make every page view a write (WAL,
// a dead row version, and with replicas a request the primary must
// serve).
const touchEvery = time.Minute

// CreateSession implements store.Accounts.
func (d *DB) CreateSession(ctx context.Context, s store.Session) error {
	if len(s.IDHash) == 0 || s.CSRFToken == "" {
		return errors.New("postgres: create session: id and CSRF token required")
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
		VALUES ($1, $2, $3, $4, $4)`, s.IDHash, s.UserID, s.CSRFToken, dbTime(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", err)
	}
	return nil
}

// SessionUser implements store.Accounts. The session and its user come
// in one statement; only an expired session (deleted) or one last seen
// touchEvery ago or more (touched) costs a write.
func (d *DB) SessionUser(ctx context.Context, idHash []byte, now time.Time, to store.SessionTimeouts) (store.Session, store.User, error) {
	s := store.Session{IDHash: idHash}
	var u store.User
	var changed *time.Time
	var roles []string
	dest := append([]any{&s.UserID, &s.CSRFToken, &s.CreatedAt, &s.LastSeenAt}, userDest(&u, &changed, &roles)...)
	err := d.pool.QueryRow(ctx, `SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1`, idHash).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, store.User{}, store.ErrNotFound
	}
	if err != nil {
		return s, store.User{}, fmt.Errorf("postgres: session: %w", err)
	}
	finishUser(&u, changed, roles)
	s.CreatedAt, s.LastSeenAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC()
	if u.Disabled || now.Sub(s.LastSeenAt) >= to.Idle || now.Sub(s.CreatedAt) >= to.Absolute {
		if err := d.DeleteSession(ctx, idHash); err != nil {
			return s, u, err
		}
		return s, u, store.ErrNotFound
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		// Never backwards: another node, its clock behind, may have
		// touched the session a moment ago.
		seen := dbTime(now)
		if _, err := d.pool.Exec(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1 AND last_seen_at < $2`,
			idHash, seen); err != nil {
			return s, u, fmt.Errorf("postgres: touch session: %w", err)
		}
		s.LastSeenAt = seen
	}
	return s, u, nil
}

// DeleteSession implements store.Accounts.
func (d *DB) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := d.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions implements store.Accounts.
func (d *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := d.pool.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("postgres: delete sessions: %w", err)
	}
	return nil
}

// CreateInvite implements store.Accounts.
func (d *DB) CreateInvite(ctx context.Context, inv store.Invite) error {
	if len(inv.TokenHash) == 0 || inv.Email == "" {
		return errors.New("postgres: create invite: token and email required")
	}
	if err := checkRoles(inv.Roles); err != nil {
		return fmt.Errorf("postgres: create invite: %w", err)
	}
	purpose := "account"
	if inv.Reset {
		purpose = "reset"
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO invites (token_hash, email, roles, source_key, created_by, created_at, expires_at, purpose)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, inv.TokenHash, inv.Email, roleNames(inv.Roles), textOrNull(inv.SourceKey),
		idOrNull(inv.CreatedBy), dbTime(inv.CreatedAt), dbTime(inv.ExpiresAt), purpose)
	if err != nil {
		return fmt.Errorf("postgres: create invite: %w", err)
	}
	return nil
}

// inviteColumns are read by scanInvite.
const inviteColumns = `email, roles, coalesce(source_key, ''), coalesce(created_by, 0), created_at, expires_at,
	purpose = 'reset'`

func scanInvite(row pgx.Row, hash []byte) (store.Invite, error) {
	inv := store.Invite{TokenHash: hash}
	var roles []string
	err := row.Scan(&inv.Email, &roles, &inv.SourceKey, &inv.CreatedBy, &inv.CreatedAt, &inv.ExpiresAt, &inv.Reset)
	if errors.Is(err, pgx.ErrNoRows) {
		return inv, store.ErrNotFound
	}
	if err != nil {
		return inv, fmt.Errorf("postgres: invite: %w", err)
	}
	// As stored, in the invitation's order (SQLite keeps its JSON list).
	for _, r := range roles {
		inv.Roles = append(inv.Roles, model.Role(r))
	}
	inv.CreatedAt, inv.ExpiresAt = inv.CreatedAt.UTC(), inv.ExpiresAt.UTC()
	return inv, nil
}

// Invite implements store.Accounts.
func (d *DB) Invite(ctx context.Context, tokenHash []byte, now time.Time) (store.Invite, error) {
	return scanInvite(d.pool.QueryRow(ctx, `SELECT `+inviteColumns+` FROM invites
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, tokenHash, dbTime(now)), tokenHash)
}

// useInvite marks an unused, unexpired link of purpose used at now and
// returns it; ErrNotFound when there is none. One UPDATE both checks and
// uses: a second redeemer, on any node, waits for the first's row lock
// and then finds used_at set, so exactly one of them wins.
func useInvite(ctx context.Context, tx pgx.Tx, hash []byte, now time.Time, purpose string) (store.Invite, error) {
	return scanInvite(tx.QueryRow(ctx, `UPDATE invites SET used_at = $2
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND purpose = $3
		RETURNING `+inviteColumns, hash, dbTime(now), purpose), hash)
}

// AcceptInvite implements store.Accounts.
func (d *DB) AcceptInvite(ctx context.Context, tokenHash []byte, now time.Time, u store.User) (store.User, error) {
	var id int64
	err := d.accountTx(ctx, func(tx pgx.Tx) error {
		inv, err := useInvite(ctx, tx, tokenHash, now, "account")
		if err != nil {
			return err
		}
		// After the invitation, as on SQLite: an unknown link is
		// ErrNotFound whatever the form held.
		if u.Name == "" || u.Slug == "" {
			return errors.New("postgres: accept invite: name and slug are required")
		}
		u.Email, u.Roles, u.SourceKey, u.CreatedAt = inv.Email, inv.Roles, inv.SourceKey, now
		id, err = createUser(ctx, tx, u)
		return err
	})
	if err != nil {
		return u, err
	}
	return d.User(ctx, id)
}

// ResetPassword implements store.Accounts.
func (d *DB) ResetPassword(ctx context.Context, tokenHash []byte, now time.Time, hash string) (store.User, error) {
	if hash == "" {
		return store.User{}, errors.New("postgres: reset password: empty hash")
	}
	var id int64
	err := d.accountTx(ctx, func(tx pgx.Tx) error {
		inv, err := useInvite(ctx, tx, tokenHash, now, "reset")
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE email = $3
			RETURNING id`, hash, dbTime(now), inv.Email).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("postgres: reset password: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return fmt.Errorf("postgres: reset password: %w", err)
		}
		return nil
	})
	if err != nil {
		return store.User{}, err
	}
	return d.User(ctx, id)
}

// Throttle implements store.Accounts.
func (d *DB) Throttle(ctx context.Context, key string) (store.Throttle, error) {
	t, err := scanThrottle(d.pool.QueryRow(ctx, `SELECT failures, window_start, locked_until
		FROM signin_throttle WHERE key = $1`, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Throttle{}, nil
	}
	if err != nil {
		return t, fmt.Errorf("postgres: throttle: %w", err)
	}
	return t, nil
}

func scanThrottle(row pgx.Row) (store.Throttle, error) {
	var t store.Throttle
	var locked *time.Time
	if err := row.Scan(&t.Failures, &t.WindowStart, &locked); err != nil {
		return store.Throttle{}, err
	}
	t.WindowStart, t.LockedUntil = t.WindowStart.UTC(), utc(locked)
	return t, nil
}

// RecordFailure implements store.Accounts. A new window starts when the
// last one is over and no lock holds. The count is one upsert that
// increments in place, so two nodes counting failures under one key at
// once lose none: the second waits for the first's row lock and adds to
// its count. The lock the count earns is the rule's (Go) function of
// the count, so it is written by a second statement in the same
// transaction, still under the row lock; it never shortens a lock
// already written.
func (d *DB) RecordFailure(ctx context.Context, key string, now time.Time, rule store.ThrottleRule) (store.Throttle, error) {
	now = dbTime(now)
	var t store.Throttle
	err := d.accountTx(ctx, func(tx pgx.Tx) error {
		// Forgetting skips rows another failure holds: it never waits,
		// and two failures cannot deadlock over it.
		if _, err := tx.Exec(ctx, `DELETE FROM signin_throttle WHERE key IN (
			SELECT key FROM signin_throttle WHERE window_start <= $1 AND (locked_until IS NULL OR locked_until <= $2)
			LIMIT $3 FOR UPDATE SKIP LOCKED)`, now.Add(-rule.Window), now, store.MaxForgotten); err != nil {
			return err
		}
		var err error
		t, err = scanThrottle(tx.QueryRow(ctx, `INSERT INTO signin_throttle AS t (key, failures, window_start)
			VALUES ($1, 1, $2)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN `+windowOver+` THEN 1 ELSE t.failures + 1 END,
				window_start = CASE WHEN `+windowOver+` THEN $2 ELSE t.window_start END,
				locked_until = CASE WHEN `+windowOver+` THEN NULL ELSE t.locked_until END
			RETURNING failures, window_start, locked_until`, key, now, now.Add(-rule.Window)))
		if err != nil {
			return err
		}
		lock := rule.Lock(t.Failures)
		if lock <= 0 {
			return nil
		}
		t, err = scanThrottle(tx.QueryRow(ctx, `UPDATE signin_throttle
			SET locked_until = GREATEST(coalesce(locked_until, $2), $2) WHERE key = $1
			RETURNING failures, window_start, locked_until`, key, now.Add(lock)))
		return err
	})
	if err != nil {
		return store.Throttle{}, fmt.Errorf("postgres: record failure: %w", err)
	}
	return t, nil
}

// windowOver is RecordFailure's test for a fresh count ($2 now, $3 now
// minus the window): the window has passed and no lock holds.
const windowOver = `(t.window_start <= $3 AND (t.locked_until IS NULL OR t.locked_until <= $2))`

// ClearThrottle implements store.Accounts.
func (d *DB) ClearThrottle(ctx context.Context, key string) error {
	if _, err := d.pool.Exec(ctx, `DELETE FROM signin_throttle WHERE key = $1`, key); err != nil {
		return fmt.Errorf("postgres: clear throttle: %w", err)
	}
	return nil
}
