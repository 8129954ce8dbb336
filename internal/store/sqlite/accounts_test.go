package sqlite

import (
	"context"
	"strings"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

func TestAccountsConformance(t *testing.T) {
	storetest.RunAccounts(t, func(t *testing.T) store.Accounts {
		d := openTemp(t)
		t.Cleanup(func() { d.Close() })
		return d
	})
}

// TestAuditLogAppendOnly checks the triggers of 0005: a written entry can
// be neither changed nor deleted, by this program or by anyone with the file.
func TestAuditLogAppendOnly(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	if err := d.AppendAudit(ctx, store.AuditEntry{Action: "user.create", Entity: "user", EntityID: "1"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE audit_log SET action = 'forged'`,
		`DELETE FROM audit_log`,
	} {
		_, err := d.db.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the append-only refusal", q, err)
		}
	}
	list, err := d.AuditLog(ctx, 0, 10)
	if err != nil || len(list) != 1 || list[0].Action != "user.create" {
		t.Errorf("log after refused changes = %+v, %v", list, err)
	}
}

// TestAccountWritesKeepVersion: signing in or managing accounts must not
// invalidate the page cache.
func TestAccountWritesKeepVersion(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	v0, err := d.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := d.CreateUser(ctx, store.User{Person: model.Person{Name: "v", Slug: "v"}, Email: "v@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	d.AppendAudit(ctx, store.AuditEntry{Action: "a", Entity: "user"})
	d.UpdateProfile(ctx, u.ID, model.Person{Name: "w"})
	if v1, _ := d.Version(ctx); v1 != v0 {
		t.Errorf("Version moved from %d to %d on account writes", v0, v1)
	}
}

func TestThrottleRowsForgotten(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	storetest.ThrottleRowsForgotten(t, d, func() int { return countRows(t, d, "signin_throttle") })
}
