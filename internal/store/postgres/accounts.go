package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

var _ store.Accounts = (*DB)(nil)

// accountsLockKey is the advisory lock of the account changes that
// check several rows before they write: creating an account (is the
// email free, which slug is) and changing roles or disabling (is an
// enabled admin left). SQLite gets the same from its single writer; here
// two nodes could otherwise both pass the last-admin check, each seeing
// the other's admin still there (docs/POSTGRES.md, "Accounts"). These
// are rare admin actions, so one lock for all of them costs nothing.
const accountsLockKey int64 = 0x68716163636e7473 // "hqaccnts"

// lockAccounts takes accountsLockKey until tx ends. Under READ COMMITTED
// every statement after it sees what the previous holder committed.
func lockAccounts(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, accountsLockKey); err != nil {
		return fmt.Errorf("accounts lock: %w", err)
	}
	return nil
}

// accountTx runs fn in a READ COMMITTED transaction and commits it; the
// rollback after a cancellation still reaches the server.
func (d *DB) accountTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := d.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// userColumns are read by scanUser; roles come as one array.
const userColumns = `u.id, u.email, u.password_hash, u.slug, u.name, u.credentials, u.specialty,
	u.affiliation, u.bio, coalesce(u.source_key, ''), u.disabled, u.created_at, u.password_changed_at,
	ARRAY(SELECT role FROM user_roles WHERE user_id = u.id)`

func userDest(u *store.User, changed **time.Time, roles *[]string) []any {
	return []any{&u.ID, &u.Email, &u.PasswordHash, &u.Slug, &u.Name, &u.Credentials, &u.Specialty,
		&u.Affiliation, &u.Bio, &u.SourceKey, &u.Disabled, &u.CreatedAt, changed, roles}
}

// finishUser turns what userDest scanned into the values callers get:
// times in UTC, roles in model.Roles order.
func finishUser(u *store.User, changed *time.Time, roles []string) {
	u.CreatedAt = u.CreatedAt.UTC()
	u.PasswordChangedAt = utc(changed)
	u.Roles = orderRoles(roles)
}

func scanUser(row pgx.Row) (store.User, error) {
	var u store.User
	var changed *time.Time
	var roles []string
	err := row.Scan(userDest(&u, &changed, &roles)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, store.ErrNotFound
	}
	if err != nil {
		return u, err
	}
	finishUser(&u, changed, roles)
	return u, nil
}

// orderRoles returns the roles named in have in model.Roles order,
// never nil.
func orderRoles(have []string) []model.Role {
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

// roleNames is roles as text[], never nil.
func roleNames(roles []model.Role) []string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return names
}

// textOrNull and idOrNull store "none" as NULL.
func textOrNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func idOrNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// uniqueViolation reports whether err is a unique violation of constraint.
func uniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == constraint
}

// AppendAudit implements store.Accounts.
func (d *DB) AppendAudit(ctx context.Context, e store.AuditEntry) error {
	if e.Action == "" || e.Entity == "" {
		return errors.New("postgres: audit entry needs an action and an entity")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, from_state, to_state, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, dbTime(e.At), idOrNull(e.ActorID), e.Action, e.Entity, e.EntityID,
		e.FromState, e.ToState, e.Detail)
	if err != nil {
		return fmt.Errorf("postgres: audit: %w", err)
	}
	return nil
}

// AuditLog implements store.Accounts.
func (d *DB) AuditLog(ctx context.Context, before int64, limit int) ([]store.AuditEntry, error) {
	if limit < 0 || before < 0 {
		return nil, errors.New("postgres: audit log: negative limit or position")
	}
	if before == 0 {
		before = 1<<63 - 1
	}
	rows, err := d.pool.Query(ctx, `SELECT a.id, a.at, coalesce(a.actor_id, 0), coalesce(u.name, ''), a.action,
		a.entity, a.entity_id, a.from_state, a.to_state, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2`, before, min(limit, store.MaxAuditPage))
	if err != nil {
		return nil, fmt.Errorf("postgres: audit log: %w", err)
	}
	entries, err := collect(rows, func(r pgx.Rows) (store.AuditEntry, error) {
		var e store.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID,
			&e.FromState, &e.ToState, &e.Detail)
		e.At = e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: audit log: %w", err)
	}
	return entries, nil
}

// CreateUser implements store.Accounts.
func (d *DB) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	if u.Email == "" || u.Name == "" || u.Slug == "" {
		return u, errors.New("postgres: create user: email, name and slug are required")
	}
	if err := checkRoles(u.Roles); err != nil {
		return u, fmt.Errorf("postgres: create user: %w", err)
	}
	var id int64
	err := d.accountTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createUser(ctx, tx, u)
		return err
	})
	if err != nil {
		return u, err
	}
	return d.User(ctx, id)
}

// createUser inserts u and its roles in tx, picking a free slug, under
// the accounts lock: two nodes creating "jane-roe" at once get
// "jane-roe" and "jane-roe-2", not a key violation.
func createUser(ctx context.Context, tx pgx.Tx, u store.User) (int64, error) {
	if err := lockAccounts(ctx, tx); err != nil {
		return 0, err
	}
	var taken bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`, u.Email).Scan(&taken); err != nil {
		return 0, fmt.Errorf("postgres: create user: %w", err)
	}
	if taken {
		return 0, store.ErrExists
	}
	slug, err := freeSlug(ctx, tx, u.Slug)
	if err != nil {
		return 0, err
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	var changed any
	if u.PasswordHash != "" {
		changed = dbTime(u.CreatedAt)
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO users (email, password_hash, slug, name, credentials, specialty,
		affiliation, bio, source_key, disabled, created_at, password_changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		u.Email, u.PasswordHash, slug, u.Name, u.Credentials, u.Specialty, u.Affiliation, u.Bio,
		textOrNull(u.SourceKey), u.Disabled, dbTime(u.CreatedAt), changed).Scan(&id)
	if uniqueViolation(err, "users_email_key") {
		// Only a writer that skips the lock (psql) gets here.
		return 0, store.ErrExists
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: create user: %w", err)
	}
	return id, insertRoles(ctx, tx, id, u.Roles)
}

// freeSlug is want, or want-2, want-3… whichever no user has.
func freeSlug(ctx context.Context, tx pgx.Tx, want string) (string, error) {
	for i := 1; ; i++ {
		slug := want
		if i > 1 {
			slug = want + "-" + strconv.Itoa(i)
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE slug = $1)`, slug).Scan(&taken); err != nil {
			return "", fmt.Errorf("postgres: create user: %w", err)
		}
		if !taken {
			return slug, nil
		}
	}
}

func insertRoles(ctx context.Context, tx pgx.Tx, id int64, roles []model.Role) error {
	if len(roles) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) SELECT $1, r FROM unnest($2::text[]) AS r
		ON CONFLICT DO NOTHING`, id, roleNames(roles))
	if err != nil {
		return fmt.Errorf("postgres: roles: %w", err)
	}
	return nil
}

func (d *DB) userWhere(ctx context.Context, where string, arg any) (store.User, error) {
	u, err := scanUser(d.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, arg))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("postgres: user: %w", err)
	}
	return u, err
}

// User implements store.Accounts.
func (d *DB) User(ctx context.Context, id int64) (store.User, error) {
	return d.userWhere(ctx, `u.id = $1`, id)
}

// UserByEmail implements store.Accounts.
func (d *DB) UserByEmail(ctx context.Context, email string) (store.User, error) {
	return d.userWhere(ctx, `u.email = $1`, email)
}

// UserBySlug implements store.Accounts.
func (d *DB) UserBySlug(ctx context.Context, slug string) (store.User, error) {
	return d.userWhere(ctx, `u.slug = $1`, slug)
}

// Users implements store.Accounts.
func (d *DB) Users(ctx context.Context, after int64, limit int) ([]store.User, error) {
	if limit < 0 {
		return nil, errors.New("postgres: users: negative limit")
	}
	rows, err := d.pool.Query(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id > $1 ORDER BY u.id LIMIT $2`,
		after, min(limit, store.MaxUsersPage))
	if err != nil {
		return nil, fmt.Errorf("postgres: users: %w", err)
	}
	users, err := collect(rows, func(r pgx.Rows) (store.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: users: %w", err)
	}
	return users, nil
}

// UpdateProfile implements store.Accounts.
func (d *DB) UpdateProfile(ctx context.Context, id int64, p model.Person) error {
	if p.Name == "" {
		return errors.New("postgres: update profile: name is required")
	}
	tag, err := d.pool.Exec(ctx, `UPDATE users SET name = $1, credentials = $2, specialty = $3, affiliation = $4, bio = $5
		WHERE id = $6`, p.Name, p.Credentials, p.Specialty, p.Affiliation, p.Bio, id)
	return oneRow(tag, err, "update profile")
}

// oneRow turns a write that matched no row into ErrNotFound.
func oneRow(tag pgconn.CommandTag, err error, what string) error {
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

// SetRoles implements store.Accounts.
func (d *DB) SetRoles(ctx context.Context, id int64, roles []model.Role) error {
	if err := checkRoles(roles); err != nil {
		return fmt.Errorf("postgres: set roles: %w", err)
	}
	return d.changeUser(ctx, id, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM user_roles WHERE user_id = $1`, id); err != nil {
			return err
		}
		return insertRoles(ctx, tx, id, roles)
	})
}

// SetDisabled implements store.Accounts.
func (d *DB) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return d.changeUser(ctx, id, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, id); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		return err
	})
}

// changeUser runs change on an existing user in a transaction that
// fails with ErrLastAdmin if it leaves no enabled admin while there was
// one before. The accounts lock, taken first, makes the count before,
// the change and the count after one step for every node: a second
// demotion waits, then counts what the first committed.
func (d *DB) changeUser(ctx context.Context, id int64, change func(tx pgx.Tx) error) error {
	return d.accountTx(ctx, func(tx pgx.Tx) error {
		if err := lockAccounts(ctx, tx); err != nil {
			return fmt.Errorf("postgres: change user: %w", err)
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)`, id).Scan(&exists); err != nil {
			return fmt.Errorf("postgres: change user: %w", err)
		}
		if !exists {
			return store.ErrNotFound
		}
		before, err := enabledAdmins(ctx, tx)
		if err != nil {
			return err
		}
		if err := change(tx); err != nil {
			return fmt.Errorf("postgres: change user: %w", err)
		}
		after, err := enabledAdmins(ctx, tx)
		if err != nil {
			return err
		}
		if before > 0 && after == 0 {
			return store.ErrLastAdmin
		}
		return nil
	})
}

func enabledAdmins(ctx context.Context, tx pgx.Tx) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id
		WHERE r.role = 'admin' AND NOT u.disabled`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: count admins: %w", err)
	}
	return n, nil
}

// SetPassword implements store.Accounts.
func (d *DB) SetPassword(ctx context.Context, id int64, hash string, keep []byte, now time.Time) error {
	if hash == "" {
		return errors.New("postgres: set password: empty hash")
	}
	var kept any // NULL keeps nothing: IS DISTINCT FROM NULL holds for every row
	if len(keep) > 0 {
		kept = keep
	}
	return d.accountTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3`,
			hash, dbTime(now), id)
		if err := oneRow(tag, err, "set password"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2`, id, kept); err != nil {
			return fmt.Errorf("postgres: set password: %w", err)
		}
		return nil
	})
}

// CreateSource implements store.Accounts. It takes the import's lock, so
// that a source created while an import runs never makes that import
// fail on the key: it waits for the import, then finds the key taken
// (ErrExists) or the import finds it stored, as on SQLite.
func (d *DB) CreateSource(ctx context.Context, src model.Source) error {
	if src.Key == "" || src.Name == "" || src.Kind == "" {
		return errors.New("postgres: create source: key, name and kind are required")
	}
	return d.accountTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, syncLockKey); err != nil {
			return fmt.Errorf("postgres: create source: %w", err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO sources (key, name, short_name, home_url, description, kind)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key) DO NOTHING`,
			src.Key, src.Name, src.ShortName, src.HomeURL, src.Description, string(src.Kind))
		if err != nil {
			return fmt.Errorf("postgres: create source: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return store.ErrExists
		}
		return nil
	})
}
