package web

import (
	"context"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/sqlite"
)

// replicatedStore stands for a store with a replica behind its primary:
// two real databases, the "replica" holding the fixture and the
// "primary" the fixture with one question retitled since. Reads of the
// version and of questions go to the primary when the context says so;
// the other reads come from the replica, which is all the question page
// needs to show which side it was built from.
type replicatedStore struct {
	*sqlite.DB
	primary *sqlite.DB
	// lagging, when set, counts the replica's version reads still to
	// answer before it has caught up with the primary's version.
	lagging *atomic.Int32
}

func (r replicatedStore) Version(ctx context.Context) (int64, error) {
	if store.IsPrimary(ctx) || r.lagging != nil && r.lagging.Add(-1) < 0 {
		return r.primary.Version(ctx)
	}
	return r.DB.Version(ctx)
}

func (r replicatedStore) Question(ctx context.Context, slug string) (model.Question, []model.Answer, error) {
	if store.IsPrimary(ctx) {
		return r.primary.Question(ctx, slug)
	}
	return r.DB.Question(ctx, slug)
}

func (r replicatedStore) ReadsReplicas() bool { return true }

func (r replicatedStore) Backends() []store.Backend {
	return []store.Backend{
		{Role: "primary", Name: "db1:5432/healthqa", State: "up"},
		{Role: "replica", Name: "db2:5432/healthqa", State: "lagging", Detail: "7s behind the primary (bound 5s)"},
	}
}

func openFixture(t *testing.T, name string) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{Now: func() time.Time { return importTime }}); err != nil {
		t.Fatal(err)
	}
	return st
}

// Anonymous readers get the replica's page, cached under the replica's
// version; a signed-in browser or an API client gets the primary's, and
// what it built must not be served to anonymous readers as the
// replica's version.
func TestWritersReadThePrimary(t *testing.T) {
	ctx := context.Background()
	replica, primary := openFixture(t, "replica.db"), openFixture(t, "primary.db")
	c, err := primary.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slug, old := c.Questions[0].Slug, c.Questions[0].Title
	c.Questions = slices.Clone(c.Questions)
	c.Questions[0].Title = "Retitled on the primary"
	if _, err := primary.Sync(ctx, "medquad", c, store.SyncOptions{Now: importTime.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	s, err := New(replicatedStore{DB: replica, primary: primary}, Options{BaseURL: "https://healthqa.test", VersionTTL: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	session, _ := account.NewToken("")
	anonymous := func() string {
		return body(t, do(t, s, "GET", "/q/"+slug))
	}
	for i, tc := range []struct {
		who     string
		header  []string
		want    string
		notWant string
	}{
		{"anonymous", nil, old, "Retitled"},
		{"anonymous, cached", nil, old, "Retitled"},
		{"signed in", []string{"Cookie", sessionCookie + "=" + session}, "Retitled on the primary", old},
		{"anonymous after the signed-in read", nil, old, "Retitled"},
		{"API client", []string{"Authorization", "Bearer whatever"}, "Retitled on the primary", old},
		{"a malformed session cookie", []string{"Cookie", sessionCookie + "=x"}, old, "Retitled"},
		{"anonymous at the end", nil, old, "Retitled"},
	} {
		var got string
		if tc.header == nil {
			got = anonymous()
		} else {
			got = body(t, do(t, s, "GET", "/q/"+slug, tc.header...))
		}
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWant) {
			t.Errorf("%d %s: the page does not show %q alone", i, tc.who, tc.want)

		}
	}
	// The version memo shared by anonymous pages and the search index
	// is asked by a signed-in ask too: it must get the replica's version.
	s.ver.forget()
	do(t, s, "GET", "/ask?q=what+is+it", "Cookie", sessionCookie+"="+session)
	if got := anonymous(); !strings.Contains(got, old) {
		t.Errorf("anonymous after a signed-in ask: the page shows the primary's title")
	}
	// Had the memo taken the primary's version, that page (the
	// replica's) would now be cached under it, and shown to the writer.
	if got := body(t, do(t, s, "GET", "/q/"+slug, "Cookie", sessionCookie+"="+session)); !strings.Contains(got, "Retitled on the primary") {
		t.Errorf("signed in after a signed-in ask: the page shows the replica's title")
	}
}

// /readyz lists the backends the node uses under its verdict, and stays
// ready with the replica out of use.
func TestReadyzListsBackends(t *testing.T) {
	replica, primary := openFixture(t, "replica.db"), openFixture(t, "primary.db")
	s, err := New(replicatedStore{DB: replica, primary: primary}, Options{BaseURL: "https://healthqa.test", VersionTTL: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp := do(t, s, "GET", "/readyz")
	want := "ready\nprimary db1:5432/healthqa: up\nreplica db2:5432/healthqa: lagging (7s behind the primary (bound 5s))\n"
	if got := body(t, resp); resp.StatusCode != http.StatusOK || got != want {
		t.Errorf("/readyz: %d %q, want 200 %q", resp.StatusCode, got, want)
	}
}

// An index build asked for a version learned from the primary (a
// change notification) waits for the replica to reach it, and is
// labelled with the version the replica reached, never with a newer
// one than the content it loaded.
func TestIndexLabelledWithTheReplicasVersion(t *testing.T) {
	ctx := context.Background()
	replica, primary := openFixture(t, "replica.db"), openFixture(t, "primary.db")
	c, err := primary.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.Questions = slices.Clone(c.Questions)
	c.Questions[0].Title = "Retitled on the primary"
	if _, err := primary.Sync(ctx, "medquad", c, store.SyncOptions{Now: importTime.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	primaryV, _ := primary.Version(ctx)
	replicaV, _ := replica.Version(ctx)
	defer func(d time.Duration) { replicaCatchUp = d }(replicaCatchUp)
	replicaCatchUp = 300 * time.Millisecond
	for _, tc := range []struct {
		name     string
		lagReads int32
		want     int64
	}{
		{"catches up after three reads", 3, primaryV},
		{"never catches up", 1 << 30, replicaV},
	} {
		lag := &atomic.Int32{}
		lag.Store(tc.lagReads)
		s, err := New(replicatedStore{DB: replica, primary: primary, lagging: lag}, Options{BaseURL: "https://healthqa.test", VersionTTL: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.buildIndex(ctx, primaryV); err != nil {
			t.Fatal(err)
		}
		if got := s.search.cur.Load().version; got != tc.want {
			t.Errorf("%s: index labelled %d, want %d (primary %d, replica %d)", tc.name, got, tc.want, primaryV, replicaV)
		}
	}
}
