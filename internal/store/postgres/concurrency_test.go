package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestConcurrentOpens starts several "nodes" on one empty database at
// once: the advisory lock makes one apply the migrations and the others
// find them applied, so none fails and each migration is applied once.
func TestConcurrentOpens(t *testing.T) {
	url := devdata.PostgresSchema(t)
	const nodes = 4
	errs := make([]error, nodes)
	dbs := make([]*DB, nodes)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() { dbs[i], errs[i] = Open(context.Background(), url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("node %d: %v", i, err)
			continue
		}
		defer dbs[i].Close()
	}
	list, err := Status(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(ms) {
		t.Fatalf("status lists %d migrations; want %d", len(list), len(ms))
	}
	for _, m := range list {
		if m.AppliedAt.IsZero() || m.Unknown {
			t.Errorf("migration %d %s: applied %v, unknown %t; want applied, known", m.Version, m.Name, m.AppliedAt, m.Unknown)
		}
	}
}

// TestConcurrentSyncs runs imports of two datasets from two handles at
// once, as two nodes would. Without the advisory lock both would insert
// the same new sources and one would fail on the key; with it they run
// one after the other and both succeed.
func TestConcurrentSyncs(t *testing.T) {
	url := devdata.PostgresSchema(t)
	var dbs [2]*DB
	for i := range dbs {
		d, err := Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		dbs[i] = d
	}
	contents := [2]store.Content{}
	for i := range contents {
		c := storetest.GenerateContent(40, 100, 300, 50)
		// Same sources, topics and questions; answers of their own.
		for j := range c.Answers {
			c.Answers[j].Key = fmt.Sprintf("ds%d-%s", i, c.Answers[j].Key)
			c.Answers[j].Dataset = ""
		}
		contents[i] = c
	}
	var wg sync.WaitGroup
	errs := [2]error{}
	for i := range dbs {
		wg.Go(func() {
			_, errs[i] = dbs[i].Sync(context.Background(), fmt.Sprintf("ds%d", i), contents[i], store.SyncOptions{})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("sync %d: %v", i, err)
		}
	}
	st, err := dbs[0].Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := len(contents[0].Answers) * 2; st.Answers != want {
		t.Errorf("%d answers stored; want %d", st.Answers, want)
	}
}

// TestVersionSeesOtherNodes: a Sync through one handle moves the version
// another handle reports once its memo expires.
func TestVersionSeesOtherNodes(t *testing.T) {
	url := devdata.PostgresSchema(t)
	a, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	before, err := b.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sync(ctx, "medquad", storetest.GenerateContent(5, 10, 20, 10), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	b.ver.forget() // as versionTTL passing would; no sleeping in tests
	after, err := b.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("version %d after another handle's Sync; want more than %d", after, before)
	}
}

// TestNewerSchemaRefused: a database migrated by a newer healthqa is
// refused rather than misread.
func TestNewerSchemaRefused(t *testing.T) {
	url := devdata.PostgresSchema(t)
	d, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.pool.Exec(context.Background(),
		`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if d, err := Open(context.Background(), url); err == nil {
		d.Close()
		t.Fatal("Open of a database with a newer schema succeeded")
	}
	list, err := Status(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if last := list[len(list)-1]; last.Version != 9999 || !last.Unknown {
		t.Errorf("last status row %+v; want 9999, unknown", last)
	}
}
