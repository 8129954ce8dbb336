package postgres

// The three store.Accounts methods the editorial suite calls
// (storetest.RunEditorial creates accounts and reads the audit log),
// written while store.Accounts on PostgreSQL was being built alongside.
// The full implementation (accounts*.go) replaces this file: delete it
// when merging. Signatures are store.Accounts'.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// AppendAudit implements store.Accounts.
func (d *DB) AppendAudit(ctx context.Context, e store.AuditEntry) error {
	if e.Action == "" || e.Entity == "" {
		return errors.New("postgres: audit entry needs an action and an entity")
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	var actor any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO audit_log (at, actor_id, action, entity, entity_id, from_state, to_state, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, dbTime(e.At), actor, e.Action, e.Entity, e.EntityID,
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
	limit = min(limit, store.MaxAuditPage)
	if before == 0 {
		before = 1<<63 - 1
	}
	rows, err := d.pool.Query(ctx, `SELECT a.id, a.at, coalesce(a.actor_id, 0), coalesce(u.name, ''), a.action,
		a.entity, a.entity_id, a.from_state, a.to_state, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.id < $1 ORDER BY a.id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: audit log: %w", err)
	}
	list, err := collect(rows, func(r pgx.Rows) (store.AuditEntry, error) {
		var e store.AuditEntry
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID,
			&e.FromState, &e.ToState, &e.Detail)
		e.At = e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: audit log: %w", err)
	}
	return list, nil
}

// CreateUser implements store.Accounts: the account and its roles, with
// a free slug; ErrExists when the email is taken.
func (d *DB) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	if u.Email == "" || u.Name == "" || u.Slug == "" {
		return u, errors.New("postgres: create user: email, name and slug are required")
	}
	for _, r := range u.Roles {
		if !slices.Contains(model.Roles, r) {
			return u, fmt.Errorf("postgres: create user: unknown role %q", r)
		}
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	u.CreatedAt = dbTime(u.CreatedAt)
	var changed *time.Time
	if u.PasswordHash != "" {
		changed = &u.CreatedAt
	}
	err := pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		taken, err := rowExists(ctx, tx, `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`, u.Email)
		if err != nil {
			return err
		}
		if taken {
			return store.ErrExists
		}
		want := u.Slug
		for i := 2; ; i++ {
			taken, err := rowExists(ctx, tx, `SELECT EXISTS (SELECT 1 FROM users WHERE slug = $1)`, u.Slug)
			if err != nil {
				return err
			}
			if !taken {
				break
			}
			u.Slug = want + "-" + strconv.Itoa(i)
		}
		err = tx.QueryRow(ctx, `INSERT INTO users (email, password_hash, slug, name, credentials, specialty,
			affiliation, bio, source_key, disabled, created_at, password_changed_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			u.Email, u.PasswordHash, u.Slug, u.Name, u.Credentials, u.Specialty, u.Affiliation, u.Bio,
			sourceKeyArg(u.SourceKey), u.Disabled, u.CreatedAt, changed).Scan(&u.ID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO user_roles (user_id, role) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
			u.ID, roleNames(u.Roles))
		return err
	})
	if err != nil {
		return u, fmt.Errorf("postgres: create user: %w", err)
	}
	// Roles as store.User lists them: in model.Roles order, never nil.
	roles := []model.Role{}
	for _, r := range model.Roles {
		if slices.Contains(u.Roles, r) {
			roles = append(roles, r)
		}
	}
	u.Roles = roles
	if changed != nil {
		u.PasswordChangedAt = u.CreatedAt
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, nil
}

func roleNames(roles []model.Role) []string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return names
}
