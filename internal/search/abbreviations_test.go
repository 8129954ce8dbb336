package search

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/model"
)

// abbrevDocs are entries whose answers define abbreviations that no
// topic name or synonym holds, with the pairs the import would learn
// from them. The texts are written for these tests.
func abbrevDocs() []Document {
	doc := func(id, topic, typ, title, answer string, pairs ...string) Document {
		d := Document{DocID: id, AnswerKey: id, QuestionSlug: slug(title), QuestionType: typ, Title: title,
			Topic: topic, TopicSlug: slug(topic), SourceKey: "TEST", Answer: answer}
		for i := 0; i+1 < len(pairs); i += 2 {
			d.Abbreviations = append(d.Abbreviations, model.Abbreviation{AnswerKey: id, Short: pairs[i], Long: pairs[i+1]})
		}
		return d
	}
	const cidp, as, asp, fish, merc, htlv = "Chronic inflammatory demyelinating polyneuropathy", "Ankylosing spondylitis",
		"Asperger syndrome", "Fluorescence in situ hybridization", "Mercury", "Human T-cell leukemia virus type 1"
	return []Document{
		doc("A_1", cidp, "information", "What is chronic inflammatory demyelinating polyneuropathy?",
			"Chronic inflammatory demyelinating polyneuropathy (CIDP) is a disorder of the nerves.",
			"CIDP", "Chronic inflammatory demyelinating polyneuropathy"),
		doc("A_2", cidp, "treatment", "What are the treatments for chronic inflammatory demyelinating polyneuropathy?",
			"Treatment of CIDP may include corticosteroids."),
		doc("B_1", as, "information", "What is ankylosing spondylitis?",
			"Ankylosing spondylitis (AS) is a form of arthritis of the spine.", "AS", "Ankylosing spondylitis"),
		doc("C_1", as, "symptoms", "What are the symptoms of ankylosing spondylitis?",
			"People with ankylosing spondylitis (AS) often have back pain.", "AS", "ankylosing spondylitis"),
		doc("D_1", asp, "information", "What is Asperger syndrome?",
			"Asperger syndrome (AS) is a developmental condition.", "AS", "Asperger syndrome"),
		doc("E_1", fish, "information", "What is fluorescence in situ hybridization?",
			"Fluorescence in situ hybridization (FISH) is a laboratory test of chromosomes.",
			"FISH", "Fluorescence in situ hybridization"),
		doc("F_1", merc, "information", "What is mercury?",
			"Some fish hold mercury. Choose fish low in mercury, and eat fish no more than twice a week."),
		doc("G_1", htlv, "information", "What is human T-cell leukemia virus type 1?",
			"Human T-cell leukemia virus type 1 (HTLV-1) infects white blood cells.",
			"HTLV-1", "Human T-cell leukemia virus type 1"),
		// The answers use "pet" as a word only in the plural; it is still
		// the ordinary word.
		doc("P_1", "Positron emission tomography", "information", "What is positron emission tomography?",
			"Positron emission tomography (PET) uses a small amount of a radioactive tracer.",
			"PET", "Positron emission tomography"),
		doc("Q_1", "Animal bites", "prevention", "How can animal bites be prevented?",
			"Most bites come from pets the family knows. Teach children how to treat pets, never leave a baby alone with pets, and keep pets' vaccines up to date."),
		// A long form that names no topic: learned, but it leads nowhere.
		doc("H_1", merc, "exams and tests", "How is mercury poisoning diagnosed?",
			"A computed tomography (CT) scan may be done.", "CT", "computed tomography"),
	}
}

func slug(s string) string {
	return string(bytes.ReplaceAll(bytes.ToLower([]byte(s)), []byte(" "), []byte("-")))
}

func TestLearnedAbbreviations(t *testing.T) {
	ix := NewIndex(abbrevDocs(), DefaultParams)
	topic := func(name string) int32 { return ix.lex.topicNumber(name) }
	want := map[string]learnedAbbrev{
		"cidp": {topics: []int32{topic("Chronic inflammatory demyelinating polyneuropathy")}, votes: 1, total: 1},
		// Two answers name ankylosing spondylitis, one Asperger syndrome.
		"as":     {topics: []int32{topic("Ankylosing spondylitis")}, votes: 2, total: 3},
		"fish":   {topics: []int32{topic("Fluorescence in situ hybridization")}, votes: 1, total: 1},
		"htlv 1": {topics: []int32{topic("Human T-cell leukemia virus type 1")}, votes: 1, total: 1},
		"pet":    {topics: []int32{topic("Positron emission tomography")}, votes: 1, total: 1},
	}
	if len(ix.lex.learned) != len(want) {
		t.Errorf("learned %d short forms; want %d (CT names no topic)", len(ix.lex.learned), len(want))
	}
	for k, w := range want {
		got, ok := ix.lex.learned[k]
		if !ok || !slices.Equal(got.topics, w.topics) || got.votes != w.votes || got.total != w.total {
			t.Errorf("learned[%q] = %+v, %v; want %+v", k, got, ok, w)
		}
	}
}

// TestUnderstandAbbreviations: messages written for the test, each
// using an abbreviation only the answers define.
func TestUnderstandAbbreviations(t *testing.T) {
	ix := NewIndex(abbrevDocs(), DefaultParams)
	for _, c := range []struct {
		message string
		focus   string  // the message's words read as a short form
		topics  string  // the topics they name
		spec    float64 // how specifically, for the first topic
	}{
		{"how is CIDP treated", "CIDP", "Chronic inflammatory demyelinating polyneuropathy", 1},
		// Not an ordinary word in the answers: lower case is fine.
		{"my dad was told he has cidp", "cidp", "Chronic inflammatory demyelinating polyneuropathy", 1},
		// Two of the three answers that define it mean this topic.
		{"Is AS inherited?", "AS", "Ankylosing spondylitis", 2.0 / 3},
		{"is FISH testing accurate", "FISH", "Fluorescence in situ hybridization", 1},
		{"What is HTLV-1?", "HTLV 1", "Human T-cell leukemia virus type 1", 1},
		// "as" is a stop word, "fish" an ordinary word of the answers:
		// in lower case, or opening a sentence, they are the words.
		{"as well as pain in my back", "", "", 0},
		{"Fish oil for the heart", "", "", 0},
		{"can I eat fish when pregnant", "", "", 0},
		// Only "pets" is in the answers; "pet" and "pets" alike are the
		// word, "PET" the scan.
		{"my pet bit me", "", "", 0},
		{"are pets safe around a newborn", "", "", 0},
		{"is a PET scan safe", "PET", "Positron emission tomography", 1},
		// In a message all in capitals, capitals say nothing.
		{"AS WELL AS PAIN IN MY BACK", "", "", 0},
		// Several words need a capital.
		{"what is htlv 1", "", "", 0},
		// The expansion names no topic.
		{"what does a CT scan show", "", "", 0},
	} {
		u := ix.Understand(c.message)
		var focus, topics string
		if len(u.Foci) > 0 {
			focus, topics = u.Foci[0].Text, u.Foci[0].Topics[0]
		}
		if len(u.Foci) > 1 || focus != c.focus || topics != c.topics {
			t.Errorf("Understand(%q).Foci = %+v; want %q naming %q", c.message, u.Foci, c.focus, c.topics)
			continue
		}
		if c.topics != "" {
			if got := u.focusOn(ix.lex.topicNumber(c.topics)); got != c.spec {
				t.Errorf("Understand(%q): focus on %s %.3f; want %.3f", c.message, c.topics, got, c.spec)
			}
		}
	}
}

// TestAbbreviationKeepsUserWords: the expansion adds a focus, not
// words: the text ranking matches what the user wrote.
func TestAbbreviationKeepsUserWords(t *testing.T) {
	ix := NewIndex(abbrevDocs(), DefaultParams)
	bare := abbrevDocs()
	for i := range bare {
		bare[i].Abbreviations = nil
	}
	without := NewIndex(bare, DefaultParams)
	const msg = "how is CIDP treated"
	if a, b := ix.Understand(msg).terms, without.Understand(msg).terms; !slices.Equal(a, b) {
		t.Errorf("terms %q with the pairs, %q without", a, b)
	}
	_, res := ix.Ask(context.Background(), msg, 3)
	if len(res) == 0 || res[0].QuestionSlug != slug("What are the treatments for chronic inflammatory demyelinating polyneuropathy?") || !res[0].AboutFocus {
		t.Errorf("Ask(%q) = %+v; want the treatment page first, about the focus", msg, res)
	}
}

// TestOrdinaryWordNotAboutShortForm: a word the message writes as the
// ordinary word does not rank the entries of the topic whose short form
// it spells; the short form in capitals still does.
func TestOrdinaryWordNotAboutShortForm(t *testing.T) {
	ix := NewIndex(abbrevDocs(), DefaultParams)
	pet := slug("What is positron emission tomography?")
	for _, c := range []struct {
		message string
		first   string // the page ranked first
		absent  string // a page not ranked at all
	}{
		{"can our pets make a newborn sick", slug("How can animal bites be prevented?"), pet},
		{"my pet bit me", slug("How can animal bites be prevented?"), pet},
		{"is a PET scan safe", pet, ""},
	} {
		_, res := ix.Ask(context.Background(), c.message, 10)
		if len(res) == 0 || res[0].QuestionSlug != c.first {
			t.Errorf("Ask(%q) = %+v; want %s first", c.message, res, c.first)
		}
		for _, r := range res {
			if c.absent != "" && r.QuestionSlug == c.absent {
				t.Errorf("Ask(%q) ranks %s", c.message, c.absent)
			}
		}
	}
}

// TestNamesBeforeLearned: a short form a topic's name or synonym holds
// is the lexicon's, whatever the answers define it as.
func TestNamesBeforeLearned(t *testing.T) {
	docs := append(abbrevDocs(), Document{DocID: "I_1", AnswerKey: "I_1", QuestionSlug: "what-is-rls", QuestionType: "information",
		Title: "What is restless legs syndrome?", Topic: "Restless legs syndrome", TopicSlug: "restless-legs-syndrome",
		Synonyms: []string{"RLS"}, Answer: "An urge to move the legs."})
	docs[0].Abbreviations = append(docs[0].Abbreviations, model.Abbreviation{AnswerKey: docs[0].AnswerKey, Short: "RLS", Long: "Chronic inflammatory demyelinating polyneuropathy"})
	ix := NewIndex(docs, DefaultParams)
	if _, ok := ix.lex.learned["rls"]; ok {
		t.Error("learned a short form that is a topic's synonym")
	}
	if u := ix.Understand("what helps RLS"); len(u.Foci) != 1 || !slices.Equal(u.Foci[0].Topics, []string{"Restless legs syndrome"}) {
		t.Errorf("Understand = %+v; want restless legs syndrome only", u.Foci)
	}
}

// TestAbbreviationTies: a short form defined as often for two topics
// names both, each at its share.
func TestAbbreviationTies(t *testing.T) {
	docs := abbrevDocs()
	docs = append(docs, docs[4])        // a second answer for Asperger syndrome
	docs[len(docs)-1].AnswerKey = "D_2" // (the import keys answers apart)
	ix := NewIndex(docs, DefaultParams)
	u := ix.Understand("Is AS common?")
	if len(u.Foci) != 1 || !slices.Equal(u.Foci[0].Topics, []string{"Ankylosing spondylitis", "Asperger syndrome"}) {
		t.Fatalf("Understand = %+v; want both topics", u.Foci)
	}
	if got := u.focusOn(ix.lex.topicNumber("Asperger syndrome")); got != 0.5 {
		t.Errorf("focus %.3f; want 0.5", got)
	}
}

func TestSnapshotRoundTripAbbreviations(t *testing.T) {
	built := NewIndex(abbrevDocs(), DefaultParams)
	data := built.Snapshot()
	decoded, err := DecodeSnapshot(data, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if again := decoded.Snapshot(); !bytes.Equal(again, data) {
		t.Fatalf("re-encoding the decoded index gives other bytes (%d vs %d)", len(again), len(data))
	}
	for i, d := range decoded.docs {
		if !slices.Equal(d.Abbreviations, built.docs[i].Abbreviations) {
			t.Errorf("document %s: pairs %+v; want %+v", d.AnswerKey, d.Abbreviations, built.docs[i].Abbreviations)
		}
	}
	sameAnswers(t, built, decoded, []string{"how is CIDP treated", "cidp", "Is AS inherited?", "is FISH testing accurate",
		"Fish oil", "What is HTLV-1?", "CT scan"})
}

// TestSnapshotLearnedDamaged: a learned short form whose votes exceed
// its answers, or that names no topic, is a damaged snapshot.
func TestSnapshotLearnedDamaged(t *testing.T) {
	for name, a := range map[string]learnedAbbrev{
		"votes above answers": {topics: []int32{0}, votes: 3, total: 2},
		"no topics":           {votes: 1, total: 1},
		"topic out of range":  {topics: []int32{99}, votes: 1, total: 1},
	} {
		ix := NewIndex(abbrevDocs(), DefaultParams)
		ix.lex.learned = map[string]learnedAbbrev{"xyz": a}
		if _, err := DecodeSnapshot(ix.Snapshot(), DefaultParams); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
}

func TestAttachAbbreviations(t *testing.T) {
	docs := []Document{{AnswerKey: "A"}, {AnswerKey: "B"}}
	attachAbbreviations(docs, []model.Abbreviation{
		{AnswerKey: "B", Short: "XY", Long: "x y"}, {AnswerKey: "gone", Short: "Q", Long: "q"}, {AnswerKey: "B", Short: "ZW", Long: "z w"},
	})
	if docs[0].Abbreviations != nil || len(docs[1].Abbreviations) != 2 || docs[1].Abbreviations[1].Short != "ZW" {
		t.Errorf("attached %+v", docs)
	}
}

// learnedQueries are messages using up to limit of the short forms an
// index learned, written in capitals as people write codes, in key
// order.
func learnedQueries(ix *Index, limit int) []string {
	var qs []string
	for _, k := range slices.Sorted(maps.Keys(ix.lex.learned)) {
		if len(qs) == limit {
			break
		}
		qs = append(qs, "what is "+strings.ToUpper(k))
	}
	return qs
}

// LearnedQueries is learnedQueries for the external tests.
var LearnedQueries = learnedQueries

// TestLongFormWithGenericHead: a long form may add a generic head the
// topic's name lacks.
func TestLongFormWithGenericHead(t *testing.T) {
	docs := []Document{{DocID: "J_1", AnswerKey: "J_1", QuestionSlug: "what-is-holmes-adie", QuestionType: "information",
		Title: "What is Holmes-Adie?", Topic: "Holmes-Adie", TopicSlug: "holmes-adie",
		Answer:        "Holmes-Adie syndrome (HAS) affects the pupil of the eye.",
		Abbreviations: []model.Abbreviation{{AnswerKey: "J_1", Short: "HAS", Long: "Holmes-Adie syndrome"}}}}
	ix := NewIndex(docs, DefaultParams)
	if u := ix.Understand("What is HAS?"); len(u.Foci) != 1 || !slices.Equal(u.Foci[0].Topics, []string{"Holmes-Adie"}) {
		t.Errorf("Understand = %+v; want Holmes-Adie", u.Foci)
	}
	if u := ix.Understand("what has she got"); len(u.Foci) != 0 {
		t.Errorf("Understand = %+v; want nothing (the verb)", u.Foci)
	}
}
