package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/store/sqlite"
)

// ContentChanged, as serve calls it when another node changed the
// content, rebuilds the search index without a request asking, and the
// pages follow at once, although the version memo would otherwise trust
// the old version for an hour.
func TestContentChangedRebuildsWithoutRequests(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{Now: func() time.Time { return importTime }}); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: time.Hour, WaitForWarm: true})
	if err != nil {
		t.Fatal(err)
	}
	// Reported while the first index is not built: left to Warm.
	s.ContentChanged(1)
	if s.search.building.Load() || s.search.cur.Load() != nil {
		t.Fatal("a change reported before Warm started a build")
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	const ask = "/api/v1/ask?q=zebrafish+legs"
	page := "/q/" + loopQuestion
	if strings.Contains(body(t, do(t, s, "GET", ask)), "help.") {
		t.Fatal("the fixture already says it")
	}
	if strings.Contains(body(t, do(t, s, "GET", page)), "zebrafish") {
		t.Fatal("the page already says it")
	}

	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "3_GHR_QA", "0000869.xml")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, []byte(strings.Replace(string(b), "It&apos;s common.", "Studies in zebrafish help.", 1)), 0o644)
	if _, err := ingest.MedQuAD(ctx, st, dir, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	indexCaughtUp(t, s, st) // built without a request
	if !strings.Contains(body(t, do(t, s, "GET", ask)), "help.") {
		t.Error("ask answers from the old content after the change")
	}
	if !strings.Contains(body(t, do(t, s, "GET", page)), "Studies in zebrafish help.") {
		t.Errorf("%s is the page cached before the change", page)
	}
}
