package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store/testdb"
)

// A publish or unpublish made through this node shows on its next page at
// once, even with a version memo that would otherwise trust the old
// version for an hour: the page the reviewer or a reader opens next is
// not the cached one from before.
func TestStepShowsWithoutWaitingForTheVersionMemo(t *testing.T) {
	ctx := context.Background()
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{Now: func() time.Time { return importTime }}); err != nil {
		t.Fatal(err)
	}
	s, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	site := siteFor(t, s, st, nil)
	writer := signIn(t, site, model.RoleContributor)
	rev := signIn(t, site, model.RoleReviewer)
	anon := site.anonymous()
	page := "/q/" + loopQuestion

	if b := must(t, anon.get(page), http.StatusOK); strings.Contains(b, "memoword") {
		t.Fatal("the answer shows before it is written")
	}
	id := newAnswer(t, writer, "RLS answer with memoword.")
	must(t, writer.postForm("/contribute/submissions/"+id+"/submit", map[string][]string{"revision": {"1"}}), http.StatusSeeOther)
	must(t, decide(rev, id, "approve", "", "1", "submitted"), http.StatusSeeOther)
	if b := must(t, anon.get(page), http.StatusOK); !strings.Contains(b, "memoword") {
		t.Error("after approval the page is still the cached one without the answer")
	}
	must(t, rev.postForm("/review/submissions/"+id+"/unpublish", map[string][]string{"reason": {"Test."}, "revision": {"1"}, "state": {"published"}}), http.StatusSeeOther)
	if b := must(t, anon.get(page), http.StatusOK); strings.Contains(b, "memoword") {
		t.Error("after unpublish the page still shows the answer")
	}
}
