package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

var _ store.Accounts = (*DB)(nil)

// userColumns are read by scanUser; roles come as one comma-separated
// string.
const userColumns = `u.id, u.email, u.password_hash, u.slug, u.name, u.credentials, u.specialty,
	u.affiliation, u.bio, coalesce(u.source_key, ''), u.disabled, u.created_at, u.password_changed_at,
	(SELECT coalesce(group_concat(role), '') FROM user_roles WHERE user_id = u.id)`

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(row rowScanner) (store.User, error) {
	var u store.User
	var created, changed, roles string
	err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Slug, &u.Name, &u.Credentials, &u.Specialty,
		&u.Affiliation, &u.Bio, &u.SourceKey, &u.Disabled, &created, &changed, &roles)
	if errors.Is(err, sql.ErrNoRows) {
		return u, store.ErrNotFound
	}
	if err != nil {
		return u, err
	}
	if u.CreatedAt, err = parseTime(created); err != nil {
		return u, err
	}
	if changed != "" {
		if u.PasswordChangedAt, err = parseTime(changed); err != nil {
			return u, err
		}
	}
	u.Roles = decodeRoles(roles)
	return u, nil
}

// decodeRoles turns "admin,contributor" into roles in model.Roles order.
func decodeRoles(s string) []model.Role {
	have := strings.Split(s, ",")
	roles := []model.Role{}
	for _, r := range model.Roles {
		if slices.Contains(have, string(r)) {
			roles = append(roles, r)
		}
	}
	return roles
}

// checkRoles refuses a role model.Roles does not name.
func checkRoles(roles []model.Role) error {
	for _, r := range roles {
		if !slices.Contains(model.Roles, r) {
			return fmt.Errorf("unknown role %q", r)
		}
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AppendAudit implements store.Accounts.
func (d *DB) AppendAudit(ctx context.Context, e store.AuditEntry) error {
	return appendAudit(ctx, d.db, e)
}

// execer is a *sql.DB or *sql.Tx: audit entries are written inside the
// transaction of the change they record where there is one.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func appendAudit(ctx context.Context, x execer, e store.AuditEntry) error {
	if e.Action == "" || e.Entity == "" {
		return errors.New("sqlite: audit entry needs an action and an entity")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := x.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, from_state, to_state, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, formatTime(e.At), nullID(e.ActorID), e.Action, e.Entity, e.EntityID,
		e.FromState, e.ToState, e.Detail)
	if err != nil {
		return fmt.Errorf("sqlite: audit: %w", err)
	}
	return nil
}

// AuditLog implements store.Accounts.
func (d *DB) AuditLog(ctx context.Context, before int64, limit int) ([]store.AuditEntry, error) {
	if limit < 0 || before < 0 {
		return nil, errors.New("sqlite: audit log: negative limit or position")
	}
	limit = min(limit, store.MaxAuditPage)
	if before == 0 {
		before = 1<<63 - 1
	}
	rows, err := d.db.QueryContext(ctx, `SELECT a.id, a.at, coalesce(a.actor_id, 0), coalesce(u.name, ''), a.action,
		a.entity, a.entity_id, a.from_state, a.to_state, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.id < ? ORDER BY a.id DESC LIMIT ?`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: audit log: %w", err)
	}
	defer rows.Close()
	entries := []store.AuditEntry{}
	for rows.Next() {
		var e store.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID,
			&e.FromState, &e.ToState, &e.Detail); err != nil {
			return nil, err
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return entries, rows.Err()
}

// CreateUser implements store.Accounts.
func (d *DB) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	if u.Email == "" || u.Name == "" || u.Slug == "" {
		return u, errors.New("sqlite: create user: email, name and slug are required")
	}
	if err := checkRoles(u.Roles); err != nil {
		return u, fmt.Errorf("sqlite: create user: %w", err)
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return u, err
	}
	defer tx.Rollback()
	if u, err = createUser(ctx, tx, u); err != nil {
		return u, err
	}
	if err := tx.Commit(); err != nil {
		return u, err
	}
	return d.User(ctx, u.ID)
}

// createUser inserts u and its roles in tx, picking a free slug.
func createUser(ctx context.Context, tx *sql.Tx, u store.User) (store.User, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, u.Email).Scan(&n); err != nil {
		return u, err
	}
	if n > 0 {
		return u, store.ErrExists
	}
	slug, err := freeSlug(ctx, tx, u.Slug)
	if err != nil {
		return u, err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	changed := ""
	if u.PasswordHash != "" {
		changed = formatTime(u.CreatedAt)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO users (email, password_hash, slug, name, credentials, specialty,
		affiliation, bio, source_key, disabled, created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Email, u.PasswordHash, slug, u.Name, u.Credentials, u.Specialty, u.Affiliation, u.Bio,
		nullString(u.SourceKey), u.Disabled, formatTime(u.CreatedAt), changed)
	if err != nil {
		return u, fmt.Errorf("sqlite: create user: %w", err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return u, err
	}
	u.Slug = slug
	return u, insertRoles(ctx, tx, u.ID, u.Roles)
}

// freeSlug is want, or want-2, want-3… whichever no user has.
func freeSlug(ctx context.Context, tx *sql.Tx, want string) (string, error) {
	for i := 1; ; i++ {
		slug := want
		if i > 1 {
			slug = want + "-" + strconv.Itoa(i)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE slug = ?`, slug).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
	}
}

func insertRoles(ctx context.Context, tx *sql.Tx, id int64, roles []model.Role) error {
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?, ?)`, id, string(r)); err != nil {
			return fmt.Errorf("sqlite: roles: %w", err)
		}
	}
	return nil
}

func (d *DB) userWhere(ctx context.Context, where string, arg any) (store.User, error) {
	u, err := scanUser(d.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, arg))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("sqlite: user: %w", err)
	}
	return u, err
}

// User implements store.Accounts.
func (d *DB) User(ctx context.Context, id int64) (store.User, error) {
	return d.userWhere(ctx, `u.id = ?`, id)
}

// UserByEmail implements store.Accounts.
func (d *DB) UserByEmail(ctx context.Context, email string) (store.User, error) {
	return d.userWhere(ctx, `u.email = ?`, email)
}

// UserBySlug implements store.Accounts.
func (d *DB) UserBySlug(ctx context.Context, slug string) (store.User, error) {
	return d.userWhere(ctx, `u.slug = ?`, slug)
}

// Users implements store.Accounts.
func (d *DB) Users(ctx context.Context, after int64, limit int) ([]store.User, error) {
	if limit < 0 {
		return nil, errors.New("sqlite: users: negative limit")
	}
	rows, err := d.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id > ? ORDER BY u.id LIMIT ?`,
		after, min(limit, store.MaxUsersPage))
	if err != nil {
		return nil, fmt.Errorf("sqlite: users: %w", err)
	}
	defer rows.Close()
	users := []store.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// UpdateProfile implements store.Accounts.
func (d *DB) UpdateProfile(ctx context.Context, id int64, p model.Person) error {
	if p.Name == "" {
		return errors.New("sqlite: update profile: name is required")
	}
	res, err := d.db.ExecContext(ctx, `UPDATE users SET name = ?, credentials = ?, specialty = ?, affiliation = ?, bio = ?
		WHERE id = ?`, p.Name, p.Credentials, p.Specialty, p.Affiliation, p.Bio, id)
	return affectedOne(res, err, "update profile")
}

// affectedOne turns an update that matched no row into ErrNotFound.
func affectedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// SetRoles implements store.Accounts. The write lock is taken when the
// transaction begins (_txlock=immediate), so two admins demoting each
// other at once cannot both pass the last-admin check.
func (d *DB) SetRoles(ctx context.Context, id int64, roles []model.Role) error {
	if err := checkRoles(roles); err != nil {
		return fmt.Errorf("sqlite: set roles: %w", err)
	}
	return d.changeUser(ctx, id, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = ?`, id); err != nil {
			return err
		}
		return insertRoles(ctx, tx, id, roles)
	})
}

// SetDisabled implements store.Accounts.
func (d *DB) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return d.changeUser(ctx, id, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, id); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
		return err
	})
}

// changeUser runs change on an existing user in a transaction that
// fails with ErrLastAdmin if it leaves no enabled admin while there was
// one before.
func (d *DB) changeUser(ctx context.Context, id int64, change func(tx *sql.Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	before, err := enabledAdmins(ctx, tx)
	if err != nil {
		return err
	}
	if err := change(tx); err != nil {
		return fmt.Errorf("sqlite: change user: %w", err)
	}
	after, err := enabledAdmins(ctx, tx)
	if err != nil {
		return err
	}
	if before > 0 && after == 0 {
		return store.ErrLastAdmin
	}
	return tx.Commit()
}

func enabledAdmins(ctx context.Context, tx *sql.Tx) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.role = 'admin' AND u.disabled = 0`).Scan(&n)
	return n, err
}

// SetPassword implements store.Accounts.
func (d *DB) SetPassword(ctx context.Context, id int64, hash string, keep []byte, now time.Time) error {
	if hash == "" {
		return errors.New("sqlite: set password: empty hash")
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`,
		hash, formatTime(now), id)
	if err := affectedOne(res, err, "set password"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?`, id, keep); err != nil {
		return fmt.Errorf("sqlite: set password: %w", err)
	}
	return tx.Commit()
}
