package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
	"healthqa/internal/store/testdb"
)

// A MedQuAD re-import keeps contributor answers, their questions and
// topics, and computes the digest of a question with contributor answers
// from all its answers. The contributor answer is published through the
// editorial workflow (storetest.Seeder).
func TestReimportKeepsContributorAnswers(t *testing.T) {
	ctx := context.Background()
	e := newContribEnv(t)
	st, dir, now := e.st, e.dir, e.now
	const slug = holmesAdie
	key := e.publish(t)

	// The same archive again: the digest now counts the contributor.
	if _, err := MedQuAD(ctx, st, dir, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	d, err := st.Digest(ctx, slug)
	if err != nil {
		t.Fatalf("after a re-import, %s has no digest although NINDS and a contributor answer it: %v", slug, err)
	}
	if !digestCites(d, model.ContributorsSource) {
		t.Errorf("digest of %s leaves out the contributor answer: %+v", slug, d)
	}
	checkContributorAnswer(t, st, slug, key)

	// An archive without the question: the contributor answer, its
	// question and topic stay; the digest goes (one source left).
	if err := os.Remove(filepath.Join(dir, "6_NINDS_QA", "0000007.xml")); err != nil {
		t.Fatal(err)
	}
	sum, err := MedQuAD(ctx, st, dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Changes.Answers.Deleted != 2 {
		t.Errorf("re-import deleted %d answers, want NINDS's 2", sum.Changes.Answers.Deleted)
	}
	checkContributorAnswer(t, st, slug, key)
	if _, err := st.Topic(ctx, "holmes-adie"); err != nil {
		t.Errorf("the topic of a contributor answer is gone: %v", err)
	}
	if _, err := st.Digest(ctx, slug); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("digest of a question left with one source: %v, want none", err)
	}
}

// contribEnv is a store holding the fixture's import, a contributor and
// a reviewer, for the tests of contributor answers.
type contribEnv struct {
	st         testdb.Store
	dir        string // a copy of the fixture archive, to change
	now        func() time.Time
	sd         storetest.Seeder
	jane, rick int64
}

const holmesAdie = "what-is-holmes-adie"

func newContribEnv(t *testing.T) contribEnv {
	t.Helper()
	st, _ := testdb.Open(t)
	e := contribEnv{st: st, dir: copyFixture(t), now: func() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }}
	if _, err := MedQuAD(context.Background(), st, e.dir, Options{Now: e.now}); err != nil {
		t.Fatal(err)
	}
	e.sd = storetest.Seeder{Accounts: st, Editorial: st, Now: e.now()}
	e.jane = e.sd.User(t, model.Person{Slug: "jane-roe", Name: "Jane Roe"}, model.RoleContributor)
	e.rick = e.sd.User(t, model.Person{Slug: "rick-review", Name: "Rick Review"}, model.RoleReviewer)
	return e
}

// publish publishes Jane's answer to the Holmes-Adie question through
// the editorial workflow, reviewed by Rick, and returns its key.
func (e contribEnv) publish(t *testing.T) string {
	t.Helper()
	_, key := e.sd.Submit(t, storetest.Submission{Author: e.jane, Reviewer: e.rick, QuestionSlug: holmesAdie, State: "published",
		Revisions: []storetest.Revision{{Text: "Holmes-Adie syndrome is a neurological disorder affecting the pupil of the eye. It also weakens tendon reflexes."}},
		Approved:  []int{1}, ApprovedAt: []time.Time{e.now()}})
	return key
}

func checkContributorAnswer(t *testing.T, st store.Store, slug, key string) {
	t.Helper()
	_, answers, err := st.Question(context.Background(), slug)
	if err != nil {
		t.Fatalf("question %s: %v", slug, err)
	}
	i := slices.IndexFunc(answers, func(a model.Answer) bool { return a.Key == key })
	if i < 0 || answers[i].Author == nil || answers[i].Review == nil || answers[i].Dataset != model.ContributorsDataset {
		t.Errorf("contributor answer %s after re-import: %+v", key, answers)
	}
}

func digestCites(d model.Digest, source string) bool {
	for _, p := range d.Points {
		if slices.Contains(p.Sources, source) {
			return true
		}
	}
	return false
}

// publishWhileRead is the store as an import sees it, where a reviewer
// publishes an answer just after the import has read the contributor
// answers, once: the moment between the import's reading and its Sync.
type publishWhileRead struct {
	testdb.Store
	publish func()
}

func (p *publishWhileRead) ContributorContent(ctx context.Context) (store.ContributorState, error) {
	st, err := p.Store.ContributorContent(ctx)
	if p.publish != nil {
		p.publish()
		p.publish = nil
	}
	return st, err
}

// A publish committed while an import computes its digests is not
// overwritten: the import's Sync, conditional on the version it read
// the contributor answers at, is turned back, and the digests are
// computed again with the new answer.
func TestPublishDuringImportKeepsItsDigest(t *testing.T) {
	ctx := context.Background()
	e := newContribEnv(t)
	st, dir, now := e.st, e.dir, e.now
	const slug = holmesAdie
	racing := &publishWhileRead{Store: st, publish: func() { e.publish(t) }}
	sum, err := MedQuAD(ctx, racing, dir, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(sum.Corpus.Notes, func(n string) bool { return strings.Contains(n, "changed during the import") }) {
		t.Errorf("the import's notes do not say it computed the digests again: %q", sum.Corpus.Notes)
	}
	d, err := st.Digest(ctx, slug)
	if err != nil || !digestCites(d, model.ContributorsSource) {
		t.Errorf("after an import during which a contributor answer was published, the digest of %s is %+v, %v; want it to cite the contributor", slug, d, err)
	}
}

// alwaysChanged reads the contributor answers at a version the store
// has always left by the time the import writes.
type alwaysChanged struct {
	testdb.Store
	reads int
}

func (a *alwaysChanged) ContributorContent(ctx context.Context) (store.ContributorState, error) {
	a.reads++
	st, err := a.Store.ContributorContent(ctx)
	st.Version--
	return st, err
}

// An import that keeps losing the race gives up after maxSyncTries,
// having written nothing, and says to run it again.
func TestImportGivesUpOnChangingContent(t *testing.T) {
	ctx := context.Background()
	st, _ := testdb.Open(t)
	dir := copyFixture(t)
	if _, err := MedQuAD(ctx, st, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	before, err := st.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "6_NINDS_QA", "0000007.xml")); err != nil {
		t.Fatal(err)
	}
	racing := &alwaysChanged{Store: st}
	_, err = MedQuAD(ctx, racing, dir, Options{})
	if !errors.Is(err, store.ErrVersionChanged) || !strings.Contains(err.Error(), "run it again") {
		t.Errorf("err = %v; want ErrVersionChanged, saying to run the import again", err)
	}
	if racing.reads != maxSyncTries {
		t.Errorf("read the contributor answers %d times; want %d", racing.reads, maxSyncTries)
	}
	if after, err := st.Version(ctx); err != nil || after != before {
		t.Errorf("version %d after the refused import, %d before (%v): it wrote", after, before, err)
	}
	if _, _, err := st.Question(ctx, "what-is-holmes-adie"); err != nil {
		t.Errorf("the refused import deleted a question: %v", err)
	}
}
