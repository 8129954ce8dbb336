package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// touchEvery is how stale a session's last_seen_at or a token's
// last_used_at may be before a use writes it again: a write per request
// would serialize every signed-in reader on the database's one writer.
const touchEvery = time.Minute

// CreateSession implements store.Accounts.
func (d *DB) CreateSession(ctx context.Context, s store.Session) error {
	if len(s.IDHash) == 0 || s.CSRFToken == "" {
		return errors.New("sqlite: create session: id and CSRF token required")
	}
	_, err := d.db.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
		VALUES (?, ?, ?, ?, ?)`, s.IDHash, s.UserID, s.CSRFToken, formatTime(s.CreatedAt), formatTime(s.CreatedAt))
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	return nil
}

// SessionUser implements store.Accounts.
func (d *DB) SessionUser(ctx context.Context, idHash []byte, now time.Time, to store.SessionTimeouts) (store.Session, store.User, error) {
	s := store.Session{IDHash: idHash}
	var created, seen string
	err := d.db.QueryRowContext(ctx, `SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?`,
		idHash).Scan(&s.UserID, &s.CSRFToken, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return s, store.User{}, store.ErrNotFound
	}
	if err != nil {
		return s, store.User{}, fmt.Errorf("sqlite: session: %w", err)
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return s, store.User{}, err
	}
	if s.LastSeenAt, err = parseTime(seen); err != nil {
		return s, store.User{}, err
	}
	u, err := d.User(ctx, s.UserID)
	if err != nil {
		return s, u, err
	}
	if u.Disabled || now.Sub(s.LastSeenAt) >= to.Idle || now.Sub(s.CreatedAt) >= to.Absolute {
		if err := d.DeleteSession(ctx, idHash); err != nil {
			return s, u, err
		}
		return s, u, store.ErrNotFound
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		if _, err := d.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`,
			formatTime(now), idHash); err != nil {
			return s, u, fmt.Errorf("sqlite: touch session: %w", err)
		}
		s.LastSeenAt = now.UTC()
	}
	return s, u, nil
}

// DeleteSession implements store.Accounts.
func (d *DB) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions implements store.Accounts.
func (d *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("sqlite: delete sessions: %w", err)
	}
	return nil
}

// CreateInvite implements store.Accounts.
func (d *DB) CreateInvite(ctx context.Context, inv store.Invite) error {
	if len(inv.TokenHash) == 0 || inv.Email == "" {
		return errors.New("sqlite: create invite: token and email required")
	}
	if err := checkRoles(inv.Roles); err != nil {
		return fmt.Errorf("sqlite: create invite: %w", err)
	}
	roles, err := encodeJSON(inv.Roles)
	if err != nil {
		return err
	}
	purpose := "account"
	if inv.Reset {
		purpose = "reset"
	}
	_, err = d.db.ExecContext(ctx, `INSERT INTO invites (token_hash, email, roles, source_key, created_by, created_at, expires_at, purpose)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inv.TokenHash, inv.Email, roles, nullString(inv.SourceKey), nullID(inv.CreatedBy),
		formatTime(inv.CreatedAt), formatTime(inv.ExpiresAt), purpose)
	if err != nil {
		return fmt.Errorf("sqlite: create invite: %w", err)
	}
	return nil
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findInvite(ctx context.Context, q queryRower, hash []byte, now time.Time) (store.Invite, error) {
	inv := store.Invite{TokenHash: hash}
	var roles, created, expires string
	err := q.QueryRowContext(ctx, `SELECT email, roles, coalesce(source_key, ''), coalesce(created_by, 0), created_at, expires_at,
		purpose = 'reset' FROM invites WHERE token_hash = ? AND used_at = '' AND expires_at > ?`, hash, formatTime(now)).
		Scan(&inv.Email, &roles, &inv.SourceKey, &inv.CreatedBy, &created, &expires, &inv.Reset)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, store.ErrNotFound
	}
	if err != nil {
		return inv, fmt.Errorf("sqlite: invite: %w", err)
	}
	list, err := decodeList(roles)
	if err != nil {
		return inv, err
	}
	for _, r := range list {
		inv.Roles = append(inv.Roles, model.Role(r))
	}
	if inv.CreatedAt, err = parseTime(created); err != nil {
		return inv, err
	}
	inv.ExpiresAt, err = parseTime(expires)
	return inv, err
}

// Invite implements store.Accounts.
func (d *DB) Invite(ctx context.Context, tokenHash []byte, now time.Time) (store.Invite, error) {
	return findInvite(ctx, d.db, tokenHash, now)
}

// AcceptInvite implements store.Accounts.
func (d *DB) AcceptInvite(ctx context.Context, tokenHash []byte, now time.Time, u store.User) (store.User, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return u, err
	}
	defer tx.Rollback()
	inv, err := findInvite(ctx, tx, tokenHash, now)
	if err == nil && inv.Reset {
		err = store.ErrNotFound
	}
	if err != nil {
		return u, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE invites SET used_at = ? WHERE token_hash = ?`, formatTime(now), tokenHash); err != nil {
		return u, fmt.Errorf("sqlite: accept invite: %w", err)
	}
	u.Email, u.Roles, u.SourceKey, u.CreatedAt = inv.Email, inv.Roles, inv.SourceKey, now
	if u.Name == "" || u.Slug == "" {
		return u, errors.New("sqlite: accept invite: name and slug are required")
	}
	if u, err = createUser(ctx, tx, u); err != nil {
		return u, err
	}
	if err := tx.Commit(); err != nil {
		return u, err
	}
	return d.User(ctx, u.ID)
}

// ResetPassword implements store.Accounts.
func (d *DB) ResetPassword(ctx context.Context, tokenHash []byte, now time.Time, hash string) (store.User, error) {
	if hash == "" {
		return store.User{}, errors.New("sqlite: reset password: empty hash")
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return store.User{}, err
	}
	defer tx.Rollback()
	inv, err := findInvite(ctx, tx, tokenHash, now)
	if err == nil && !inv.Reset {
		err = store.ErrNotFound
	}
	if err != nil {
		return store.User{}, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, inv.Email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return store.User{}, store.ErrNotFound
	}
	if err != nil {
		return store.User{}, err
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE invites SET used_at = ? WHERE token_hash = ?`, []any{formatTime(now), tokenHash}},
		{`UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`, []any{hash, formatTime(now), id}},
		{`DELETE FROM sessions WHERE user_id = ?`, []any{id}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return store.User{}, fmt.Errorf("sqlite: reset password: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return store.User{}, err
	}
	return d.User(ctx, id)
}

// Throttle implements store.Accounts.
func (d *DB) Throttle(ctx context.Context, key string) (store.Throttle, error) {
	return readThrottle(ctx, d.db, key)
}

func readThrottle(ctx context.Context, q queryRower, key string) (store.Throttle, error) {
	var t store.Throttle
	var start, locked string
	err := q.QueryRowContext(ctx, `SELECT failures, window_start, locked_until FROM signin_throttle WHERE key = ?`, key).
		Scan(&t.Failures, &start, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("sqlite: throttle: %w", err)
	}
	if t.WindowStart, err = parseTime(start); err != nil {
		return t, err
	}
	if locked != "" {
		t.LockedUntil, err = parseTime(locked)
	}
	return t, err
}

// RecordFailure implements store.Accounts. A new window starts when the
// last one is over and no lock holds.
func (d *DB) RecordFailure(ctx context.Context, key string, now time.Time, rule store.ThrottleRule) (store.Throttle, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return store.Throttle{}, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM signin_throttle WHERE key IN (
		SELECT key FROM signin_throttle WHERE window_start <= ? AND (locked_until = '' OR locked_until <= ?) LIMIT ?)`,
		formatTime(now.Add(-rule.Window)), formatTime(now), store.MaxForgotten); err != nil {
		return store.Throttle{}, fmt.Errorf("sqlite: record failure: %w", err)
	}
	t, err := readThrottle(ctx, tx, key)
	if err != nil {
		return t, err
	}
	if t.Failures == 0 || (now.Sub(t.WindowStart) >= rule.Window && !now.Before(t.LockedUntil)) {
		t = store.Throttle{WindowStart: now.UTC()}
	}
	t.Failures++
	if lock := rule.Lock(t.Failures); lock > 0 {
		t.LockedUntil = now.Add(lock).UTC()
	}
	locked := ""
	if !t.LockedUntil.IsZero() {
		locked = formatTime(t.LockedUntil)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO signin_throttle (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
		locked_until = excluded.locked_until`, key, t.Failures, formatTime(t.WindowStart), locked); err != nil {
		return t, fmt.Errorf("sqlite: record failure: %w", err)
	}
	return t, tx.Commit()
}

// ClearThrottle implements store.Accounts.
func (d *DB) ClearThrottle(ctx context.Context, key string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM signin_throttle WHERE key = ?`, key); err != nil {
		return fmt.Errorf("sqlite: clear throttle: %w", err)
	}
	return nil
}

// CreateSource implements store.Accounts.
func (d *DB) CreateSource(ctx context.Context, src model.Source) error {
	if src.Key == "" || src.Name == "" || src.Kind == "" {
		return errors.New("sqlite: create source: key, name and kind are required")
	}
	res, err := d.db.ExecContext(ctx, `INSERT INTO sources (key, name, short_name, home_url, description, kind)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		src.Key, src.Name, src.ShortName, src.HomeURL, src.Description, string(src.Kind))
	if err != nil {
		return fmt.Errorf("sqlite: create source: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return store.ErrExists
	}
	return nil
}
