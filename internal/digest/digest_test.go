package digest

import (
	"slices"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Zinc blocks copper. It is safe.", []string{"Zinc blocks copper.", "It is safe."}},
		// Abbreviations and initials do not end sentences.
		{"Some drugs (e.g. Haloperidol) help. Others do not.", []string{"Some drugs (e.g. Haloperidol) help.", "Others do not."}},
		{"The U.S. Food and Drug Administration approved it. Dr. Smith agreed.", []string{"The U.S. Food and Drug Administration approved it.", "Dr. Smith agreed."}},
		{"Sir James P. Paget named it in 1877. It is rare.", []string{"Sir James P. Paget named it in 1877.", "It is rare."}},
		// Decimals have no space after their dot.
		{"About 7.5 to 8 hours of sleep. Naps help.", []string{"About 7.5 to 8 hours of sleep.", "Naps help."}},
		// A lower-case word after a dot does not start a sentence.
		{"Use less salt, i.e. less than 2 grams. Eat fruit.", []string{"Use less salt, i.e. less than 2 grams.", "Eat fruit."}},
		// Closing brackets and quotes stay with their sentence.
		{"(Hypocretin promotes wakefulness.) This medicine helps.", []string{"(Hypocretin promotes wakefulness.)", "This medicine helps."}},
		{"How might X be treated? There is no cure!", []string{"How might X be treated?", "There is no cure!"}},
		{"No end", []string{"No end"}},
	}
	for _, tt := range tests {
		if got := sentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	toks := tokenize("Parkinson's beta-blockers 5,000 7.5% U.S. (DBS)")
	var words []string
	for _, tk := range toks {
		if tk.word() {
			words = append(words, tk.w)
		}
	}
	want := []string{"parkinson's", "beta", "blockers", "5,000", "7.5", "u.s", "dbs"}
	if !slices.Equal(words, want) {
		t.Errorf("words %q, want %q", words, want)
	}
	for _, tk := range toks {
		if tk.w == "dbs" && !tk.up {
			t.Error("DBS is not marked as an acronym")
		}
		if tk.w == "parkinson's" && tk.stem != "parkinson" {
			t.Errorf("stem of Parkinson's = %q", tk.stem)
		}
	}
}

// digestOf builds the digest of answers given as source, text pairs.
func digestOf(t *testing.T, qtype, topic string, texts ...string) Digest {
	t.Helper()
	var as []Answer
	for i := 0; i+1 < len(texts); i += 2 {
		as = append(as, Answer{Source: texts[i], Key: texts[i] + "-1", Text: texts[i+1]})
	}
	d := Build(qtype, topic, nil, as)
	if err := checkDigest(as, d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestListItemHeads(t *testing.T) {
	tests := []struct {
		name, qtype, text string
		want              []string
	}{
		{"colon head", "causes", "Other causes include:\n- Low iron levels: Lack of iron causes problems with brain cell communication.\n- Diabetes: This condition can damage nerves.",
			[]string{"low iron levels", "diabetes"}},
		{"sentence head", "causes", "Factors include:\n• Pregnancy. Some women experience it during pregnancy.\n• Caffeine intake. Reducing caffeine can help.",
			[]string{"pregnancy", "caffeine intake"}},
		{"clause cut", "symptoms", "Check with your doctor if you have any of the following:\n- Reddened face that looks like a blush or sunburn.\n- Weight loss for no known reason.",
			[]string{"reddened face", "weight loss for no known reason"}},
		{"series", "symptoms", "The signs include:\n- Headaches, dizziness, and weakness\n- Excessive sweating",
			[]string{"headaches", "dizziness", "weakness", "excessive sweating"}},
		{"phenotype table", "symptoms", "Signs and Symptoms Approximate number of patients (when available) Abdominal pain 90% Tinnitus 7.5% Autosomal dominant inheritance - Sporadic - The Human Phenotype Ontology (HPO) has collected information on how often a sign or symptom occurs in a condition.",
			[]string{"abdominal pain", "tinnitus"}},
		{"umbrella head", "causes", "Causes include:\n- Medications: Some medications can make it worse. They include: antihistamines and beta-blockers.",
			[]string{"antihistamines", "beta-blockers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := digestOf(t, tt.qtype, "restless legs syndrome", "A", tt.text)
			got := labels(d)
			for _, w := range tt.want {
				if pointWith(d, w) == nil {
					t.Errorf("no point %q in %q", w, got)
				}
			}
			for _, bad := range []string{"medications", "autosomal dominant inheritance", "sporadic", "90%"} {
				for _, g := range got {
					if strings.EqualFold(g, bad) || strings.Contains(g, "%") {
						t.Errorf("point %q should not be one", g)
					}
				}
			}
		})
	}
}

func TestEnumerations(t *testing.T) {
	tests := []struct {
		name, qtype, text string
		want              []string
		not               []string
	}{
		{"such as, umbrella class", "causes", "It has been associated with iron deficiency, pregnancy, nerve damage, kidney failure, and certain medications such as antihistamines and beta-blockers.",
			[]string{"iron deficiency", "pregnancy", "nerve damage", "kidney failure", "antihistamines", "beta-blockers"}, []string{"certain medications", "medications"}},
		{"such as, specific class", "treatment", "Additional medications with demonstrated efficacy include alpha-adrenergic agonists such as clonidine and guanfacine.",
			[]string{"alpha-adrenergic agonists"}, []string{"clonidine"}},
		{"X and other Ys such as", "causes", "Kidney failure and other chronic diseases such as diabetes, rheumatoid arthritis and peripheral neuropathy can lead to RLS.",
			[]string{"kidney failure", "diabetes", "rheumatoid arthritis", "peripheral neuropathy"}, []string{"chronic diseases"}},
		{"include with gerunds and shared heads", "causes", "Other factors that seem to contribute to RLS include using certain stimulants or antidepressants, being anemic, having kidney or liver problems, and being pregnant.",
			[]string{"stimulants", "antidepressants", "anemic", "kidney problems", "liver problems", "pregnant"}, []string{"kidney", "factors"}},
		{"colon list", "information", "There are several forms of the disease: classic type, vascular type, and hypermobility type.",
			[]string{"several forms of the disease: classic type, vascular type, and hypermobility type"}, []string{"classic type"}},
		{"treated with", "treatment", "Hormone deficiencies may be treated with hormone replacement therapy.",
			[]string{"hormone replacement therapy"}, []string{"hormone deficiencies"}},
		{"may help", "treatment", "Physical and occupational therapy may help to reduce tremor. Scheduled naps also may help.",
			[]string{"physical therapy", "occupational therapy", "scheduled naps"}, nil},
		{"shared head over a series", "treatment", "Vision, physical, and occupational therapies may be required.",
			[]string{"vision therapies", "physical therapies", "occupational therapies"}, nil},
		{"apposition", "treatment", "Symptomatic drug therapy may include propranolol or other beta blockers and primidone, an anticonvulsant drug.",
			[]string{"propranolol or other beta blockers", "primidone"}, []string{"anticonvulsant drug"}},
		{"polarity verb", "treatment", "A low-copper diet is also recommended, which involves avoiding mushrooms, nuts, chocolate, and shellfish.",
			[]string{"low-copper diet", "avoiding mushrooms, nuts, chocolate, and shellfish"}, []string{"mushrooms", "nuts"}},
		{"recommendation", "treatment", "Avoid large meals and beverages just before bedtime. Follow a regular sleep schedule.",
			[]string{"avoid large meals and beverages just before bedtime", "follow a regular sleep schedule"}, []string{"large meals"}},
		{"called", "treatment", "The FDA approved a drug called modafinil for the treatment of EDS.",
			[]string{"modafinil"}, []string{"drug"}},
		{"lists of another question", "treatment", "People taking d-penicillamine may have side effects, such as fever, a rash, and kidney problems.",
			nil, []string{"fever", "rash", "kidney problems"}},
		{"anatomy is no point", "causes", "Too much iron can damage vital organs such as the liver and heart.",
			nil, []string{"liver", "heart", "vital organs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := digestOf(t, tt.qtype, "restless legs syndrome", "A", tt.text)
			got := labels(d)
			for _, w := range tt.want {
				if pointWith(d, w) == nil {
					t.Errorf("no point %q in %q", w, got)
				}
			}
			for _, w := range tt.not {
				for _, g := range got {
					if strings.EqualFold(g, w) {
						t.Errorf("point %q should not be one (points %q)", g, got)
					}
				}
			}
		})
	}
}

func TestStatements(t *testing.T) {
	tests := []struct {
		qtype, text, want string
	}{
		{"causes", "In most cases, the cause of RLS is unknown (referred to as idiopathic).", "the cause of RLS is unknown"},
		{"causes", "No one knows what causes it.", "No one knows what causes it"},
		{"treatment", "There is currently no cure for Wilson disease.", "no cure"},
		{"treatment", "There is no definitive cure for essential tremor.", "no definitive cure"},
		{"treatment", "Treatment for SOD is symptomatic.", "Treatment for SOD is symptomatic"},
		{"treatment", "WD requires lifelong treatment.", "lifelong treatment"},
		{"causes", "It tends to run in families.", "run in families"},
		{"information", "It may be inherited in an autosomal dominant manner.", "autosomal dominant"},
		{"information", "About 1 in 5,000 people has EDS.", "About 1 in 5,000 people"},
	}
	for _, tt := range tests {
		d := digestOf(t, tt.qtype, "Wilson disease", "A", tt.text)
		if pointWith(d, tt.want) == nil {
			t.Errorf("%q: no point %q in %q", tt.text, tt.want, labels(d))
		}
	}
	// A statement pattern inside the topic's own name states nothing.
	d := digestOf(t, "causes", "familial Mediterranean fever", "A", "Familial Mediterranean fever is caused by mutations in the MEFV gene.")
	if p := pointWith(d, "familial"); p != nil && strings.EqualFold(p.Label, "familial") {
		t.Errorf("the topic's name made a point: %q", labels(d))
	}
	// A pattern that matches the start of a longer word states nothing:
	// its label would cut the sources' word (found by FuzzBuild).
	for _, tt := range []struct{ qtype, text, cut string }{
		{"causes", "The underlying causes are not known2020 in most cases.", "not known"},
		{"treatment", "There is no cureé here.", "no cure"},
		{"causes", "The underlying causes are not known'A0 here.", "not known"},
	} {
		if d := digestOf(t, tt.qtype, "Wilson disease", "A", tt.text); pointWith(d, tt.cut) != nil {
			t.Errorf("%q: a point cuts a word: %q", tt.text, labels(d))
		}
	}
	// A title glued to its text is no statement's wording.
	d = digestOf(t, "information", "Paget disease of bone", "A", "Cause is Unknown Paget's disease is named after Sir James Paget. Researchers are not sure what causes it.")
	if p := pointWith(d, "not sure what causes it"); p == nil {
		t.Errorf("no cause-unknown point from the sentence: %q", labels(d))
	}
}

func TestGrouping(t *testing.T) {
	tests := []struct {
		name string
		a, b string // answers of sources A and B
		la   string // a label of A's point
		lb   string // a label of B's point: together when same
		same bool
	}{
		// Stems: the same words, inflected or ordered differently.
		{"plural", "Causes include antihistamines and caffeine.", "Triggers include an antihistamine.", "antihistamines", "antihistamine", true},
		{"word order", "Symptoms include pain in the abdomen and fever.", "Symptoms include abdominal pain.", "pain in the abdomen", "abdominal pain", true},
		{"quantifier", "It may be caused by certain stimulants.", "It may be caused by stimulants.", "stimulants", "stimulants", true},
		// The lexicon: general medical equivalences.
		{"lexicon: nerve damage", "It is associated with nerve damage.", "It is associated with peripheral neuropathy.", "nerve damage", "peripheral neuropathy", true},
		{"lexicon: low iron", "It is associated with low iron levels.", "It is associated with iron deficiency.", "low iron levels", "iron deficiency", true},
		{"lexicon: renal", "It is associated with renal failure.", "It is associated with kidney failure.", "renal failure", "kidney failure", true},
		{"lexicon: drugs", "It is caused by antiseizure drugs.", "It is caused by anticonvulsant medications.", "antiseizure drugs", "anticonvulsant medications", true},
		{"lexicon: clinical term", "Symptoms include pruritus.", "Symptoms include itching.", "pruritus", "itching", true},
		// A general wording joins the one specific point that fits it.
		{"general wording", "It is associated with kidney problems.", "It is associated with kidney failure.", "kidney problems", "kidney failure", true},
		// Never merged.
		{"type 1 vs type 2", "It is associated with type 1 diabetes.", "It is associated with type 2 diabetes.", "type 1 diabetes", "type 2 diabetes", false},
		{"kidney vs liver", "It is associated with kidney failure.", "It is associated with liver problems.", "kidney failure", "liver problems", false},
		{"anemia vs iron deficiency", "It is associated with anemia.", "It is associated with iron deficiency.", "anemia", "iron deficiency", false},
		{"vertigo vs dizziness", "Symptoms include vertigo.", "Symptoms include dizziness.", "vertigo", "dizziness", false},
		{"polarity", "Treatments include avoiding alcohol.", "It is associated with alcohol.", "avoiding alcohol", "alcohol", false},
		{"negation", "Symptoms include weight loss.", "Symptoms include no weight loss.", "weight loss", "no weight loss", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qtype := "causes"
			if strings.HasPrefix(tt.a, "Symptoms") {
				qtype = "symptoms"
			}
			if strings.HasPrefix(tt.a, "Treatments") {
				qtype = "information"
			}
			d := digestOf(t, qtype, "restless legs syndrome", "A", tt.a, "B", tt.b)
			pa, pb := statedAs(d, tt.la, "A"), statedAs(d, tt.lb, "B")
			if pa == nil || pb == nil {
				t.Fatalf("points %q (A) and %q (B) not both found in %v", tt.la, tt.lb, dump(d))
			}
			if same := pa == pb; same != tt.same {
				t.Errorf("%q and %q together = %v, want %v (%v)", tt.la, tt.lb, same, tt.same, dump(d))
			}
		})
	}
}

// A more general wording that fits two specific points joins neither.
func TestGeneralWordingAmbiguous(t *testing.T) {
	d := digestOf(t, "causes", "restless legs syndrome",
		"A", "It is associated with diabetes.",
		"B", "It is associated with type 1 diabetes.",
		"C", "It is associated with type 2 diabetes.")
	for _, p := range d.Points {
		if len(p.Sources) > 1 {
			t.Errorf("point %q merged %v", p.Label, p.Sources)
		}
	}
}

// statedAs returns the point that source states in words holding label:
// its label, or else its evidence sentence of that source.
func statedAs(d Digest, label, source string) *Point {
	label = strings.ToLower(label)
	for _, byLabel := range []bool{true, false} {
		for i := range d.Points {
			p := &d.Points[i]
			j := slices.Index(p.Sources, source)
			if j < 0 {
				continue
			}
			if byLabel && strings.ToLower(p.Label) == label || !byLabel && strings.Contains(strings.ToLower(p.Evidence[j].Sentence), label) {
				return p
			}
		}
	}
	return nil
}

func dump(d Digest) []string {
	var out []string
	for _, p := range d.Points {
		out = append(out, p.Label+" "+strings.Join(p.Sources, ","))
	}
	return out
}

func TestTopicIsNoPoint(t *testing.T) {
	d := digestOf(t, "symptoms", "Crohn disease",
		"A", "Symptoms include diarrhea, Crohn's disease, and fever.",
		"B", "Crohn disease (CD) symptoms include CD and weight loss.")
	for _, p := range d.Points {
		l := strings.ToLower(p.Label)
		if l == "crohn's disease" || l == "cd" || l == "crohn disease" || strings.Contains(l, "cd loss") {
			t.Errorf("the topic is a point: %q", p.Label)
		}
	}
	if pointWith(d, "diarrhea") == nil || pointWith(d, "weight loss") == nil {
		t.Errorf("points missing: %q", labels(d))
	}
}

func TestResourceListsStateNothing(t *testing.T) {
	ghr := "These resources address the diagnosis or management of narcolepsy:  - Genetic Testing Registry: Narcolepsy 1  - Narcolepsy Network: Treatment   These resources from MedlinePlus offer information about the diagnosis and management of various health conditions:  - Diagnostic Tests  - Drug Therapy  - Surgery and Rehabilitation  - Genetic Counseling   - Palliative Care"
	d := digestOf(t, "treatment", "narcolepsy",
		"GHR", ghr,
		"NINDS", "There is no cure for narcolepsy. Drug therapy should be supplemented by behavioral strategies.")
	for _, p := range d.Points {
		if slices.Contains(p.Sources, "GHR") {
			t.Errorf("the link list states %q", p.Label)
		}
	}
}

// Points found by one source are looked for in the others' words.
func TestMentionsAddSources(t *testing.T) {
	d := digestOf(t, "treatment", "Parkinson disease",
		"A", "Drugs such as levodopa and amantadine help.",
		"B", "People who respond well to treatment with levodopa tend to respond well to surgery.",
		"C", "There is no levodopa-free treatment; patients with no response to amantadine need help.")
	p := pointWith(d, "levodopa")
	if p == nil || !slices.Equal(p.Sources, []string{"A", "B"}) {
		t.Errorf("levodopa point: %+v", p)
	}
	if p := pointWith(d, "amantadine"); p == nil || slices.Contains(p.Sources, "C") {
		t.Errorf("a negated mention counted: %+v", p)
	}
}

// Nearly identical sentences of two sources are a point of both.
func TestSharedSentences(t *testing.T) {
	d := digestOf(t, "treatment", "Tourette syndrome",
		"GARD", "Unfortunately, there is no one medication that is helpful to all people with Tourette syndrome, nor does any medication completely eliminate symptoms.",
		"NINDS", "There is no one medication that is helpful to all people with TS, nor does any medication completely eliminate symptoms.")
	p := pointWith(d, "no one medication that is helpful to all people")
	if p == nil || len(p.Sources) != 2 {
		t.Fatalf("no shared point: %v", dump(d))
	}
	if strings.HasPrefix(p.Label, "Unfortunately") {
		t.Errorf("label %q keeps its connective", p.Label)
	}
}

func TestSeedDigest(t *testing.T) {
	q := seedQuestion(t)
	d := Build(q.qtype, q.topic, nil, q.answers)
	if err := checkDigest(q.answers, d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Points {
		t.Logf("%-46q %v", p.Label, p.Sources)
	}
	// Points several of the six answers state, and how many at least.
	several := []struct {
		label string
		min   int
	}{
		{"low iron levels", 4}, // iron deficiency: low iron, lack of iron, iron deficiency
		{"pregnancy", 4},
		{"family history", 3},
		{"kidney failure", 3},
		{"peripheral neuropathy", 3},
		{"antihistamines", 2},
	}
	for _, s := range several {
		p := pointWith(d, s.label)
		if p == nil {
			t.Errorf("no point %q", s.label)
			continue
		}
		if len(p.Sources) < s.min {
			t.Errorf("%q stated by %v, want %d or more sources", p.Label, p.Sources, s.min)
		}
	}
	// The iron point holds S5's "iron deficiency" and S2's "iron deficiency
	// anemia"; the neuropathy point S5's "nerve damage".
	if p := pointWith(d, "low iron levels"); p != nil && (!slices.Contains(p.Sources, "S2") || !slices.Contains(p.Sources, "S5")) {
		t.Errorf("iron point lacks S2 or S5: %v", p.Sources)
	}
	if p := pointWith(d, "peripheral neuropathy"); p != nil && !slices.Contains(p.Sources, "S5") {
		t.Errorf("neuropathy point lacks S5 (nerve damage): %v", p.Sources)
	}
	// Single-source points.
	for _, s := range []struct{ label, source string }{{"caffeine", "S6"}, {"beta-blockers", "S5"}} {
		p := pointWith(d, s.label)
		if p == nil || !slices.Equal(p.Sources, []string{s.source}) {
			t.Errorf("point %q: %+v, want stated by %s alone", s.label, p, s.source)
			continue
		}
		if !strings.Contains(strings.ToLower(p.Evidence[0].Sentence), strings.ToLower(s.label)) {
			t.Errorf("evidence of %q: %q", s.label, p.Evidence[0].Sentence)
		}
	}
	// The cause is unknown, say all six.
	if p := pointWith(d, "the cause is unknown"); p == nil || len(p.Sources) != 6 {
		t.Errorf("cause-unknown point: %+v", p)
	}
	// Medications are points by class, never an umbrella "medications".
	for _, l := range labels(d) {
		if strings.EqualFold(l, "medications") || strings.EqualFold(l, "certain medications") {
			t.Errorf("umbrella point %q", l)
		}
	}
}

func TestEvidenceInvariantOnDevGold(t *testing.T) {
	for _, g := range devGold(t) {
		as := g.AnswersForBuild()
		if err := checkDigest(as, Build(g.QType, g.Topic, nil, as)); err != nil {
			t.Errorf("%s: %v", g.Group, err)
		}
		if err := checkDigest(as, Naive(as)); err != nil {
			t.Errorf("%s, naive: %v", g.Group, err)
		}
	}
}

// Every multi-source question of MedQuAD: no panic, the invariants hold.
func TestEvidenceInvariantOnMedQuAD(t *testing.T) {
	qs := medquadQuestions(t)
	points, multi := 0, 0
	for _, q := range qs {
		d := Build(q.qtype, q.topic, nil, q.answers)
		if err := checkDigest(q.answers, d); err != nil {
			t.Errorf("%s: %v", q.name, err)
		}
		points += len(d.Points)
		for _, p := range d.Points {
			if len(p.Sources) > 1 {
				multi++
			}
		}
	}
	t.Logf("%d questions, %d points, %d stated by two or more sources", len(qs), points, multi)
}

func TestDevGold(t *testing.T) {
	gold := devGold(t)
	sys, naive := map[string]Digest{}, map[string]Digest{}
	for _, g := range gold {
		as := g.AnswersForBuild()
		sys[g.Group] = Build(g.QType, g.Topic, nil, as)
		naive[g.Group] = Naive(as)
	}
	s, n := Score(gold, sys), Score(gold, naive)
	var b strings.Builder
	if err := WriteReport(&b, s, n); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	if s.Total.F1 <= n.Total.F1 {
		t.Errorf("F1 %.3f is not above the naive peer's %.3f", s.Total.F1, n.Total.F1)
	}
	if s.Total.F1 < 0.6 {
		t.Errorf("F1 %.3f is below the 0.6 target", s.Total.F1)
	}
	if s.Total.Agreement < 0.7 {
		t.Errorf("agreement accuracy %.3f is below the 0.7 target", s.Total.Agreement)
	}
}

// A source with two answers: its evidence names the answer it is from.
func TestTwoAnswersOfOneSource(t *testing.T) {
	as := []Answer{
		{Source: "A", Key: "a1", Text: "Symptoms include fever."},
		{Source: "A", Key: "a2", Text: "Symptoms include headaches and fever."},
		{Source: "B", Key: "b1", Text: "Symptoms include headaches."},
	}
	d := Build("symptoms", "flu", nil, as)
	if err := checkDigest(as, d); err != nil {
		t.Fatal(err)
	}
	if p := pointWith(d, "headaches"); p == nil || !slices.Equal(p.Sources, []string{"A", "B"}) {
		t.Errorf("headaches: %+v", p)
	}
}

func TestEmpty(t *testing.T) {
	if d := Build("causes", "x", nil, nil); len(d.Points) != 0 {
		t.Errorf("no answers gave %v", d)
	}
	d := Build("causes", "x", nil, []Answer{{Source: "A", Key: "a", Text: ""}, {Source: "B", Key: "b", Text: "   "}})
	if len(d.Points) != 0 {
		t.Errorf("empty answers gave %v", d)
	}
}
