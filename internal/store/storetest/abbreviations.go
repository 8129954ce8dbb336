package storetest

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// This file tests the abbreviation pairs (issue 11): Sync keeps each
// with its answer, replaces them when the answer's pairs change, counts
// those that go with a deleted answer, and Load returns them in order.

// abbrevFixture is fixture with answers whose text defines
// abbreviations, and the pairs the import would learn from them, listed
// out of the order Load returns them in.
func abbrevFixture() store.Content {
	c := fixture()
	for i, a := range c.Answers {
		switch a.Key {
		case "NINDS_0005":
			c.Answers[i].Text = "Restless legs syndrome (RLS) is an urge to move the legs during periodic limb movements (PLMs)."
		case "CDC_0003":
			c.Answers[i].Text = "Inhalers. A peak flow meter (PFM) helps."
		}
	}
	c.Abbreviations = []model.Abbreviation{
		{AnswerKey: "NINDS_0005", Short: "RLS", Long: "Restless legs syndrome"},
		{AnswerKey: "CDC_0003", Short: "PFM", Long: "peak flow meter"},
		{AnswerKey: "NINDS_0005", Short: "PLMs", Long: "periodic limb movements"},
	}
	return c
}

// abbrevEdit returns abbrevFixture changed by edit.
func abbrevEdit(edit func(c *store.Content)) store.Content {
	c := clone(abbrevFixture())
	edit(&c)
	return c
}

func setText(c *store.Content, key, text string) {
	for i := range c.Answers {
		if c.Answers[i].Key == key {
			c.Answers[i].Text = text
		}
	}
}

// testAbbreviationSync takes one store through Syncs that change the
// pairs one thing at a time: each must count what it did, leave exactly
// the pairs expected, and move the version exactly when it wrote.
func testAbbreviationSync(t *testing.T, s store.Store) {
	ctx := context.Background()
	same := func(ab store.Changes) func(r *store.SyncResult) {
		return func(r *store.SyncResult) { r.Abbreviations = ab }
	}
	// answerEdited: one answer updated, and its pairs.
	answerEdited := func(ab store.Changes) func(r *store.SyncResult) {
		return func(r *store.SyncResult) {
			r.Answers = store.Changes{Updated: 1, Unchanged: 9}
			r.Abbreviations = ab
		}
	}
	steps := []struct {
		name    string
		content store.Content
		want    func(r *store.SyncResult) // the change from an unchanged Sync of the fixture
		stored  string                    // the stored pairs, as Load orders them
	}{
		{"into empty store", abbrevFixture(), func(r *store.SyncResult) {
			*r = store.SyncResult{Sources: store.Changes{Inserted: 3}, Topics: store.Changes{Inserted: 3},
				Questions: store.Changes{Inserted: 7}, Answers: store.Changes{Inserted: 10},
				Abbreviations: store.Changes{Inserted: 3}}
		}, "CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		{"identical", abbrevFixture(), same(store.Changes{Unchanged: 3}),
			"CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		// The answer now defines the short form otherwise: its pair is
		// replaced, the answer's other pair kept.
		{"an answer's pair replaced", abbrevEdit(func(c *store.Content) {
			setText(c, "NINDS_0005", "Restless leg syndrome (RLS) is an urge to move the legs during periodic limb movements (PLMs).")
			c.Abbreviations[0].Long = "Restless leg syndrome"
		}), answerEdited(store.Changes{Inserted: 1, Unchanged: 2, Deleted: 1}),
			"CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless leg syndrome"},
		{"back", abbrevFixture(), answerEdited(store.Changes{Inserted: 1, Unchanged: 2, Deleted: 1}),
			"CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		// The answer no longer defines anything: its pairs go, the
		// answer stays.
		{"an answer's pairs dropped", abbrevEdit(func(c *store.Content) {
			setText(c, "NINDS_0005", "RLS is an urge to move the legs.")
			c.Abbreviations = c.Abbreviations[1:2]
		}), answerEdited(store.Changes{Unchanged: 1, Deleted: 2}), "CDC_0003 PFM=peak flow meter"},
		{"back", abbrevFixture(), answerEdited(store.Changes{Inserted: 2, Unchanged: 1}),
			"CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		// The same pair written twice by two answers is two rows.
		{"a second answer defines a pair", abbrevEdit(func(c *store.Content) {
			setText(c, "GARD_0008", "A sleep disorder, restless legs syndrome (RLS).")
			c.Abbreviations = append(c.Abbreviations, model.Abbreviation{AnswerKey: "GARD_0008", Short: "RLS", Long: "restless legs syndrome"})
		}), answerEdited(store.Changes{Inserted: 1, Unchanged: 3}),
			"CDC_0003 PFM=peak flow meter; GARD_0008 RLS=restless legs syndrome; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		{"back", abbrevFixture(), answerEdited(store.Changes{Unchanged: 3, Deleted: 1}),
			"CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		// The answer is deleted: its pairs go with it, and are counted.
		{"answer removed", abbrevEdit(func(c *store.Content) {
			*c = without(*c, "NINDS_0005")
			c.Abbreviations = c.Abbreviations[1:2]
		}), func(r *store.SyncResult) {
			r.Answers = store.Changes{Unchanged: 9, Deleted: 1}
			r.Abbreviations = store.Changes{Unchanged: 1, Deleted: 2}
		}, "CDC_0003 PFM=peak flow meter"},
		{"answer back", abbrevFixture(), func(r *store.SyncResult) {
			r.Answers = store.Changes{Inserted: 1, Unchanged: 9}
			r.Abbreviations = store.Changes{Inserted: 2, Unchanged: 1}
		}, "CDC_0003 PFM=peak flow meter; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		// Its question is emptied and deleted: the cascade reaches the
		// pairs through the answers.
		{"question dropped", abbrevEdit(func(c *store.Content) {
			dropQuestion(c, "asthma-treatment")
			c.Abbreviations = slices.DeleteFunc(c.Abbreviations, func(a model.Abbreviation) bool { return a.AnswerKey == "CDC_0003" })
		}), func(r *store.SyncResult) {
			r.Questions = store.Changes{Unchanged: 6, Deleted: 1}
			r.Answers = store.Changes{Unchanged: 9, Deleted: 1}
			r.Abbreviations = store.Changes{Unchanged: 2, Deleted: 1}
		}, "NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"},
		{"everything", store.Content{}, func(r *store.SyncResult) {
			*r = store.SyncResult{Topics: store.Changes{Deleted: 3}, Questions: store.Changes{Deleted: 6},
				Answers: store.Changes{Deleted: 9}, Abbreviations: store.Changes{Deleted: 2}}
		}, ""},
	}
	for i, st := range steps {
		// Steps run in order on one store: a failure spoils the rest.
		if !t.Run(st.name, func(t *testing.T) {
			want := store.SyncResult{
				Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 3},
				Questions: store.Changes{Unchanged: 7}, Answers: store.Changes{Unchanged: 10},
			}
			st.want(&want)
			v0, err := s.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if res := mustSync(t, s, st.content, t0); res != want {
				t.Errorf("Sync = %+v; want %+v", res, want)
			}
			if got := storedPairs(t, s); got != st.stored {
				t.Errorf("stored pairs = %q; want %q", got, st.stored)
			}
			v1, err := s.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if wrote := want.Abbreviations.Changed() || want.Answers.Changed(); wrote != (v1 != v0) {
				t.Errorf("version %d → %d; want a change: %v", v0, v1, wrote)
			}
		}) {
			t.Fatalf("step %d %s failed", i, st.name)
		}
	}
}

// storedPairs is Load's pairs as "key short=long; …", in Load's order.
func storedPairs(t *testing.T, s store.Store) string {
	t.Helper()
	c, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Abbreviations == nil {
		t.Error("Load: Abbreviations is nil; want empty, non-nil")
	}
	var out []string
	for _, ab := range c.Abbreviations {
		out = append(out, ab.AnswerKey+" "+ab.Short+"="+ab.Long)
	}
	return strings.Join(out, "; ")
}

// testAbbreviationsOnly: a store holding answers from before the table
// (or an algorithm that now finds more) gets its pairs from the next
// import, which changes nothing else; the version moves, so that the
// search index is rebuilt with them.
func testAbbreviationsOnly(t *testing.T, s store.Store) {
	ctx := context.Background()
	bare := clone(abbrevFixture())
	bare.Abbreviations = nil
	mustSync(t, s, bare, t0)
	v0, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := store.SyncResult{
		Sources: store.Changes{Unchanged: 3}, Topics: store.Changes{Unchanged: 3},
		Questions: store.Changes{Unchanged: 7}, Answers: store.Changes{Unchanged: 10},
		Abbreviations: store.Changes{Inserted: 3},
	}
	if res := mustSync(t, s, abbrevFixture(), t1); res != want {
		t.Errorf("Sync = %+v; want %+v", res, want)
	}
	if v1, err := s.Version(ctx); err != nil || v1 == v0 {
		t.Errorf("version %d → %d (%v); want a change", v0, v1, err)
	}
}

// testAbbreviationDatasets: a dataset's Sync keeps only its own
// answers' pairs; another dataset's stay.
func testAbbreviationDatasets(t *testing.T, s store.Store) {
	mustSync(t, s, abbrevFixture(), t0)
	other := fixture()
	other.Topics = other.Topics[:1]
	other.Questions = other.Questions[2:3] // rls-information
	other.Answers = []model.Answer{answer("CDC_B1", "CDC_B1", "rls-information", "CDC", "Willis-Ekbom disease (WED).")}
	other.Answers[0].Dataset = ""
	other.Abbreviations = []model.Abbreviation{{AnswerKey: "CDC_B1", Short: "WED", Long: "Willis-Ekbom disease"}}
	if res := mustSyncDataset(t, s, "b", other, t1); res.Abbreviations != (store.Changes{Inserted: 1}) {
		t.Errorf("Sync b: abbreviations %+v; want 1 inserted", res.Abbreviations)
	}
	const all = "CDC_0003 PFM=peak flow meter; CDC_B1 WED=Willis-Ekbom disease; NINDS_0005 PLMs=periodic limb movements; NINDS_0005 RLS=Restless legs syndrome"
	if got := storedPairs(t, s); got != all {
		t.Errorf("stored pairs = %q; want %q", got, all)
	}
	// medquad's Sync without pairs deletes its own three, not b's.
	bare := clone(abbrevFixture())
	bare.Abbreviations = nil
	if res := mustSync(t, s, bare, t2); res.Abbreviations != (store.Changes{Deleted: 3}) {
		t.Errorf("Sync without pairs: abbreviations %+v; want 3 deleted", res.Abbreviations)
	}
	if got := storedPairs(t, s); got != "CDC_B1 WED=Willis-Ekbom disease" {
		t.Errorf("stored pairs = %q; want b's only", got)
	}
}

// testAbbreviationsRefused: bad pairs are refused before anything is
// written.
func testAbbreviationsRefused(t *testing.T, s store.Store) {
	mustSync(t, s, abbrevFixture(), t0)
	for _, c := range []struct {
		name string
		edit func(c *store.Content)
		want string
	}{
		{"unknown answer", func(c *store.Content) { c.Abbreviations[0].AnswerKey = "NINDS_9999" }, "not in the content"},
		{"empty short form", func(c *store.Content) { c.Abbreviations[1].Short = "" }, "empty"},
		{"empty long form", func(c *store.Content) { c.Abbreviations[1].Long = "" }, "empty"},
		{"repeated", func(c *store.Content) { c.Abbreviations = append(c.Abbreviations, c.Abbreviations[2]) }, "twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := abbrevEdit(c.edit)
			setText(&bad, "GARD_0001", "Changed, which must not be written either.")
			_, err := s.Sync(context.Background(), dataset, bad, store.SyncOptions{Now: t1})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Sync = %v; want an error saying %q", err, c.want)
			}
			got, err := s.Load(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if want := abbrevFixture().Abbreviations; !reflect.DeepEqual(len(got.Abbreviations), len(want)) {
				t.Errorf("after a refused Sync: %d pairs; want %d", len(got.Abbreviations), len(want))
			}
			for _, a := range got.Answers {
				if a.Key == "GARD_0001" && a.Text != "Asthma is a disease of the airways." {
					t.Errorf("after a refused Sync, GARD_0001 = %q", a.Text)
				}
			}
		})
	}
}
