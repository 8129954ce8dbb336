package corpus

import (
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"healthqa/internal/medquad"
	"healthqa/internal/model"
)

func pairs(qtypes ...string) []medquad.Pair {
	var out []medquad.Pair
	for i, qt := range qtypes {
		out = append(out, medquad.Pair{QID: "0000001-" + string(rune('1'+i)), QType: qt, Question: "Q " + qt + " ?", Answer: "A " + qt})
	}
	return out
}

func TestBuildGroupsSourcesIntoOneQuestion(t *testing.T) {
	a := doc("NINDS", "Restless Legs Syndrome", "C0035258", "", "")
	a.Pairs = []medquad.Pair{{QID: "0000246-1", QType: "causes", Question: "What causes  Restless Legs Syndrome ?", Answer: "Iron."}}
	a.Path = "6_NINDS_QA/0000246.xml"
	b := doc("GHR", "restless legs syndrome", "C0035258", "", "")
	b.Pairs = []medquad.Pair{{QID: "0000869-1", QType: "causes", Answer: "Genes."}}
	b.Path = "3_GHR_QA/0000869.xml"
	c := doc("ADAM", "Restless legs syndrome", "C0035258", "", "Disease")
	c.Pairs = []medquad.Pair{{QID: "0003385-2", QType: "causes", Answer: ""}}
	c.Path = "10_MPlus_ADAM_QA/0003385.xml"

	content, rep := Build([]*medquad.Document{a, b, c})
	if len(content.Topics) != 1 || len(content.Questions) != 1 || len(content.Answers) != 3 {
		t.Fatalf("got %d topics, %d questions, %d answers; want 1, 1, 3", len(content.Topics), len(content.Questions), len(content.Answers))
	}
	q := content.Questions[0]
	if q.Title != "What causes restless legs syndrome?" || q.Slug != "what-causes-restless-legs-syndrome" {
		t.Errorf("question = %q (%s)", q.Title, q.Slug)
	}
	if content.Topics[0].Name != "Restless legs syndrome" || content.Topics[0].Slug != "restless-legs-syndrome" {
		t.Errorf("topic = %q (%s)", content.Topics[0].Name, content.Topics[0].Slug)
	}
	first := content.Answers[0]
	if first.Key != "NINDS_0000246-1" || first.DocID != "NINDS_0000246-1" || first.SourceQuestion != "What causes Restless Legs Syndrome ?" {
		t.Errorf("answer = %+v", first)
	}
	if content.Answers[2].HasText() || rep.AnswersWithText != 2 {
		t.Errorf("withheld answer has text, or AnswersWithText = %d", rep.AnswersWithText)
	}
	if rep.MergedTopics != 1 || rep.MergedFoci != 3 || rep.Foci != 3 || rep.Sources != 3 {
		t.Errorf("report = %+v", rep)
	}
}

func TestBuildKeepsAnswersWhoseIDIsReused(t *testing.T) {
	// CancerGov reuses "0000013_2-1" in 0000013_2.xml and 0000013_2_1.xml
	// for two different topics.
	parent := doc("CancerGov", "Chronic Myeloproliferative Neoplasms", "", "", "")
	parent.Path = "1_CancerGov_QA/0000013_2.xml"
	parent.Pairs = []medquad.Pair{{QID: "0000013_2-1", QType: "information", Answer: "MPN."}}
	child := doc("CancerGov", "Polycythemia Vera", "", "", "")
	child.Path = "1_CancerGov_QA/0000013_2_1.xml"
	child.Pairs = []medquad.Pair{{QID: "0000013_2-1", QType: "information", Answer: "PV."}}
	content, rep := Build([]*medquad.Document{parent, child})
	keys := []string{content.Answers[0].Key, content.Answers[1].Key}
	want := []string{"CancerGov_0000013_2-1", "CancerGov_0000013_2-1@0000013_2_1"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
	if rep.Entries != 1 || rep.Pairs != 2 {
		t.Errorf("entries = %d, pairs = %d; want 1 and 2", rep.Entries, rep.Pairs)
	}
}

func TestBuildNamesFocuslessDocumentAfterURL(t *testing.T) {
	d := doc("CDC", "", "", "", "")
	d.URL = "http://www.cdc.gov/HAI/organisms/vre/vre.html"
	content, rep := Build([]*medquad.Document{d})
	if content.Topics[0].Name != "VRE" || len(rep.Notes) != 1 {
		t.Errorf("topic %q, notes %q", content.Topics[0].Name, rep.Notes)
	}
}

func TestBuildSkipsUnknownQuestionTypeAndKeepsTheRest(t *testing.T) {
	d := doc("GARD", "Alport syndrome", "", "", "")
	d.Pairs = pairs("information", "astrology")
	content, rep := Build([]*medquad.Document{d})
	if len(content.Answers) != 1 || len(rep.Skipped) != 1 {
		t.Errorf("answers %d, skipped %q", len(content.Answers), rep.Skipped)
	}
}

func TestBuildDropsTopicsWithoutQuestions(t *testing.T) {
	d := doc("GARD", "Alport syndrome", "", "", "")
	d.Pairs = nil
	content, _ := Build([]*medquad.Document{d, doc("GHR", "Down syndrome", "", "", "")})
	if len(content.Topics) != 1 || content.Topics[0].Name != "Down syndrome" {
		t.Errorf("topics = %+v", content.Topics)
	}
}

// A topic dropped for want of questions (here: its one pair is too long
// to keep) is not counted among the merged topics.
func TestBuildCountsOnlyMergedTopicsKept(t *testing.T) {
	a := doc("NINDS", "Restless Legs Syndrome", "", "", "")
	a.Pairs[0].Problem = "answer of 15500000 bytes is longer than the 262144-byte limit"
	b := doc("GHR", "restless legs syndrome", "", "", "")
	b.Pairs[0].Problem = a.Pairs[0].Problem
	c, rep := Build([]*medquad.Document{a, b, doc("GARD", "Alport syndrome", "", "", ""), doc("GHR", "Alport Syndrome", "", "", "")})
	if len(c.Topics) != 1 || rep.Topics != 1 || rep.MergedTopics != 1 || rep.MergedFoci != 2 {
		t.Errorf("%d topics; report: %d topics, %d merged from %d foci; want 1, 1, 1 from 2", len(c.Topics), rep.Topics, rep.MergedTopics, rep.MergedFoci)
	}
}

// The same documents in another order must give the same content:
// otherwise a re-import would rename pages.
func TestBuildIsDeterministic(t *testing.T) {
	docs := []*medquad.Document{
		doc("NINDS", "Restless Legs Syndrome", "C1", "", ""),
		doc("GHR", "restless legs syndrome", "C1", "RLS", ""),
		doc("MPlusHealthTopics", "Restless Legs", "C1", "", "Disease"),
		doc("GARD", "Mnire's disease", "C2", "", ""),
		doc("MPlusHealthTopics", "Meniere's Disease", "C2", "", "Disease"),
		doc("GARD", "Alport syndrome", "C3", "Hereditary nephritis", ""),
		doc("GHR", "Alport syndrome", "C3", "", ""),
		doc("GARD", "Hereditary nephritis", "C3", "", ""),
	}
	want, _ := Build(docs)
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		shuffled := append([]*medquad.Document(nil), docs...)
		r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		got, _ := Build(shuffled)
		if !reflect.DeepEqual(slugsOf(got.Topics), slugsOf(want.Topics)) {
			t.Fatalf("order %d: topics %v, want %v", i, slugsOf(got.Topics), slugsOf(want.Topics))
		}
	}
}

func slugsOf(topics []model.Topic) []string {
	var out []string
	for _, t := range topics {
		out = append(out, t.Slug+"="+t.Name+" "+strings.Join(t.Foci, "+"))
	}
	sort.Strings(out)
	return out
}

func TestAlsoCalled(t *testing.T) {
	docs := []*medquad.Document{
		doc("GHR", "restless legs syndrome", "C1", "RLS,Willis-Ekbom disease", ""),
		doc("GARD", "Restless legs syndrome", "C1", "Willis Ekbom disease", ""),
		doc("MPlusHealthTopics", "Restless Legs", "C1", "RLS", "Disease"),
		doc("ADAM", "Mnire disease", "C2", "", "Disease"),
		doc("GARD", "Meniere disease", "C2", "Mnire disease,Endolymphatic hydrops", ""),
	}
	docs[1].Synonyms = append(docs[1].Synonyms, "Restless legs syndrome, susceptibility to, 1")
	content, _ := Build(docs)
	got := map[string][]string{}
	for _, tp := range content.Topics {
		got[tp.Slug] = tp.Synonyms
	}
	want := map[string][]string{
		"restless-legs-syndrome": {"RLS", "Willis-Ekbom disease"},
		"meniere-disease":        {"Endolymphatic hydrops"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("synonyms = %q, want %q", got, want)
	}
}
