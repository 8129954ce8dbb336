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
		{"A U.S. agency reviewed the data. Dr. Lee agreed.", []string{"A U.S. agency reviewed the data.", "Dr. Lee agreed."}},
		{"Sir James P. Paget named it in 1877. It is rare.", []string{"Sir James P. Paget named it in 1877.", "It is rare."}},
		// Decimals have no space after their dot.
		{"Adults drink about 2.5 liters of water. Tea counts.", []string{"Adults drink about 2.5 liters of water.", "Tea counts."}},
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
		{"colon head", "causes", "Other causes include:\n- High salt intake: Too much salt raises the pressure in the vessels.\n- Smoking: Tobacco narrows the arteries.",
			[]string{"high salt intake", "smoking"}},
		{"sentence head", "causes", "Factors include:\n• Heat. Some people feel worse in hot weather.\n• Alcohol intake. Drinking less can help.",
			[]string{"heat", "alcohol intake"}},
		{"clause cut", "symptoms", "Call your doctor if you notice any of the following:\n- Swollen ankles that feel tight or warm.\n- Night sweats for no clear reason.",
			[]string{"swollen ankles", "night sweats for no clear reason"}},
		{"series", "symptoms", "The signs include:\n- Nausea, cramps, and fatigue\n- Dry mouth",
			[]string{"nausea", "cramps", "fatigue", "dry mouth"}},
		// GARD's phenotype tables: the header and footer are the template
		// of every such answer; the rows are made up.
		{"phenotype table", "symptoms", "Signs and Symptoms Approximate number of patients (when available) Joint stiffness 90% Hearing loss 7.5% Autosomal recessive inheritance - Sporadic - The Human Phenotype Ontology (HPO) has collected information on how often a sign or symptom occurs in a condition.",
			[]string{"joint stiffness", "hearing loss"}},
		{"umbrella head", "causes", "Causes include:\n- Medications: Some medications can bring it on. They include: diuretics and steroids.",
			[]string{"diuretics", "steroids"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := digestOf(t, tt.qtype, "Kestrel syndrome", "A", tt.text)
			got := labels(d)
			for _, w := range tt.want {
				if pointWith(d, w) == nil {
					t.Errorf("no point %q in %q", w, got)
				}
			}
			for _, bad := range []string{"medications", "autosomal recessive inheritance", "sporadic", "90%"} {
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
		{"such as, umbrella class", "causes", "It has been associated with smoking, obesity, heart failure, and certain medications such as diuretics and steroids.",
			[]string{"smoking", "obesity", "heart failure", "diuretics", "steroids"}, []string{"certain medications", "medications"}},
		{"such as, specific class", "treatment", "Other medicines that may work include proton pump inhibitors such as omeprazole and lansoprazole.",
			[]string{"proton pump inhibitors"}, []string{"omeprazole"}},
		{"X and other Ys such as", "causes", "Heart failure and other serious illnesses such as lupus, diabetes and cirrhosis can bring it on.",
			[]string{"heart failure", "lupus", "diabetes", "cirrhosis"}, []string{"serious illnesses"}},
		{"include with gerunds and shared heads", "causes", "Other factors that seem to raise the risk include using sleeping pills or antihistamines, being overweight, having heart or lung problems, and being a smoker.",
			[]string{"sleeping pills", "antihistamines", "overweight", "heart problems", "lung problems", "smoker"}, []string{"heart", "factors"}},
		{"colon list", "information", "There are three forms of the condition: juvenile type, adult type, and late-onset type.",
			[]string{"forms of the condition: juvenile type, adult type, and late-onset type"}, []string{"juvenile type"}},
		{"treated with", "treatment", "Vitamin deficiencies may be treated with dietary supplements.",
			[]string{"dietary supplements"}, []string{"vitamin deficiencies"}},
		{"may help", "treatment", "Speech and swallowing therapy may help to improve eating. Short daily walks also may help.",
			[]string{"speech therapy", "swallowing therapy", "short daily walks"}, nil},
		{"shared head over a series", "treatment", "Speech, music, and art therapies may be required.",
			[]string{"speech therapies", "music therapies", "art therapies"}, nil},
		{"apposition", "treatment", "Drug treatment may include ibuprofen or other pain relievers and colchicine, an anti-inflammatory drug.",
			[]string{"ibuprofen or other pain relievers", "colchicine"}, []string{"anti-inflammatory drug"}},
		{"polarity verb", "treatment", "A low-purine diet is also recommended, which involves avoiding organ meats, beer, sardines, and anchovies.",
			[]string{"low-purine diet", "avoiding organ meats, beer, sardines, and anchovies"}, []string{"beer", "sardines"}},
		{"recommendation", "treatment", "Avoid heavy lifting and contact sports after the operation. Follow a regular exercise plan.",
			[]string{"avoid heavy lifting and contact sports after the operation", "follow a regular exercise plan"}, []string{"heavy lifting"}},
		{"called", "treatment", "Doctors often prescribe a drug called allopurinol for the prevention of attacks.",
			[]string{"allopurinol"}, []string{"drug"}},
		{"lists of another question", "treatment", "People taking colchicine may have side effects, such as nausea, diarrhea, and muscle weakness.",
			nil, []string{"nausea", "diarrhea", "muscle weakness"}},
		{"anatomy is no point", "causes", "High blood sugar can damage vital organs such as the kidneys and eyes.",
			nil, []string{"kidneys", "eyes", "vital organs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := digestOf(t, tt.qtype, "Kestrel syndrome", "A", tt.text)
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
		{"causes", "In many people, the cause of the tremor is unknown.", "the cause of the tremor is unknown"},
		{"causes", "No one knows what causes this.", "No one knows what causes this"},
		{"treatment", "There is currently no cure for this condition.", "no cure"},
		{"treatment", "There is no definitive cure for the condition yet.", "no definitive cure"},
		{"treatment", "Treatment for KS is symptomatic.", "Treatment for KS is symptomatic"},
		{"treatment", "Most people need lifelong treatment.", "lifelong treatment"},
		{"causes", "The disorder can run in families.", "run in families"},
		{"information", "This form is passed down in an autosomal recessive pattern.", "autosomal recessive"},
		{"information", "Roughly 1 in 20,000 newborns is affected.", "Roughly 1 in 20,000 newborns"},
	}
	for _, tt := range tests {
		d := digestOf(t, tt.qtype, "Kestrel syndrome", "A", tt.text)
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
		if d := digestOf(t, tt.qtype, "Kestrel syndrome", "A", tt.text); pointWith(d, tt.cut) != nil {
			t.Errorf("%q: a point cuts a word: %q", tt.text, labels(d))
		}
	}
	// A title glued to its text is no statement's wording.
	d = digestOf(t, "information", "Kestrel syndrome", "A", "Cause Is Unknown Kestrel syndrome is named after the doctor who described it. No one knows what causes it.")
	if p := pointWith(d, "No one knows what causes it"); p == nil {
		t.Errorf("no cause-unknown point from the sentence: %q", labels(d))
	}
	for _, l := range labels(d) {
		if strings.Contains(strings.ToLower(l), "cause is unknown") {
			t.Errorf("the heading made a point: %q", labels(d))
		}
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
		{"plural", "Causes include diuretics and salt.", "Triggers include a diuretic.", "diuretics", "diuretic", true},
		{"word order", "Symptoms include pain in the chest and fever.", "Symptoms include chest pain.", "pain in the chest", "chest pain", true},
		{"quantifier", "It may be caused by certain diuretics.", "It may be caused by diuretics.", "diuretics", "diuretics", true},
		// The lexicon: pairs MedQuAD's answers state ("fainting (syncope)").
		{"lexicon: one word each", "Symptoms include fainting.", "Symptoms include syncope.", "fainting", "syncope", true},
		{"lexicon: phrase and word", "It is associated with high blood pressure.", "It is associated with hypertension.", "high blood pressure", "hypertension", true},
		{"lexicon: plain variants", "Symptoms include droopy eyelids.", "Symptoms include drooping eyelids.", "droopy eyelids", "drooping eyelids", true},
		// WordNet's pertainyms: an adjective is the noun it pertains to.
		{"pertainym", "It is associated with renal failure.", "It is associated with kidney failure.", "renal failure", "kidney failure", true},
		{"pertainym and word order", "Symptoms include nasal bleeding.", "Symptoms include bleeding from the nose.", "nasal bleeding", "bleeding from the nose", true},
		// A general wording joins the one specific point that fits it.
		{"general wording", "It is associated with heart problems.", "It is associated with heart failure.", "heart problems", "heart failure", true},
		// Never merged.
		{"type 1 vs type 2", "It is associated with type 1 diabetes.", "It is associated with type 2 diabetes.", "type 1 diabetes", "type 2 diabetes", false},
		{"heart vs lung", "It is associated with heart failure.", "It is associated with lung problems.", "heart failure", "lung problems", false},
		{"related, not stated as one", "Symptoms include sneezing.", "Symptoms include coughing.", "sneezing", "coughing", false},
		{"polarity", "Treatments include avoiding salt.", "It is associated with salt.", "avoiding salt", "salt", false},
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
			d := digestOf(t, qtype, "Kestrel syndrome", "A", tt.a, "B", tt.b)
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
	d := digestOf(t, "causes", "Kestrel syndrome",
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
	d := digestOf(t, "symptoms", "Kestrel disease",
		"A", "Symptoms include diarrhea, Kestrel's disease, and fever.",
		"B", "Kestrel disease (KD) symptoms include KD and weight loss.")
	for _, p := range d.Points {
		l := strings.ToLower(p.Label)
		if l == "kestrel's disease" || l == "kd" || l == "kestrel disease" || strings.Contains(l, "kd loss") {
			t.Errorf("the topic is a point: %q", p.Label)
		}
	}
	if pointWith(d, "diarrhea") == nil || pointWith(d, "weight loss") == nil {
		t.Errorf("points missing: %q", labels(d))
	}
}

func TestResourceListsStateNothing(t *testing.T) {
	// GHR's template for such answers, with a made-up topic and links.
	ghr := "These resources address the diagnosis or management of Kestrel syndrome:  - Genetic Testing Registry: Kestrel syndrome 2  - Kestrel Foundation: Therapy Guide   These resources from MedlinePlus offer information about the diagnosis and management of various health conditions:  - Diagnostic Tests  - Drug Therapy  - Surgery and Rehabilitation  - Genetic Counseling   - Palliative Care"
	d := digestOf(t, "treatment", "Kestrel syndrome",
		"GHR", ghr,
		"NINDS", "There is no cure for Kestrel syndrome. Drug therapy works best together with rest and regular meals.")
	for _, p := range d.Points {
		if slices.Contains(p.Sources, "GHR") {
			t.Errorf("the link list states %q", p.Label)
		}
	}
}

// Points found by one source are looked for in the others' words.
func TestMentionsAddSources(t *testing.T) {
	d := digestOf(t, "treatment", "Kestrel syndrome",
		"A", "Drugs such as riluzole and baclofen help.",
		"B", "People who do well on treatment with riluzole often do well with exercise.",
		"C", "There is no riluzole-free plan; patients with no response to baclofen need help.")
	p := pointWith(d, "riluzole")
	if p == nil || !slices.Equal(p.Sources, []string{"A", "B"}) {
		t.Errorf("riluzole point: %+v", p)
	}
	if p := pointWith(d, "baclofen"); p == nil || slices.Contains(p.Sources, "C") {
		t.Errorf("a negated mention counted: %+v", p)
	}
}

// Nearly identical sentences of two sources are a point of both.
func TestSharedSentences(t *testing.T) {
	d := digestOf(t, "treatment", "Kestrel syndrome",
		"GARD", "Unfortunately, there is no single diet that works for every person with Kestrel syndrome, nor does any diet fully stop the attacks.",
		"NINDS", "There is no single diet that works for every person with KS, nor does any diet fully stop the attacks.")
	p := pointWith(d, "no single diet that works for every person")
	if p == nil || len(p.Sources) != 2 {
		t.Fatalf("no shared point: %v", dump(d))
	}
	if strings.HasPrefix(p.Label, "Unfortunately") {
		t.Errorf("label %q keeps its connective", p.Label)
	}
}

// TestComposedDigest builds the digest of a question whose three answers
// (written for this test, about a made-up condition) state the same
// points in different words.
func TestComposedDigest(t *testing.T) {
	q := composedQuestion()
	d := Build(q.qtype, q.topic, []string{"KS"}, q.answers)
	if err := checkDigest(q.answers, d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Points {
		t.Logf("%-46q %v", p.Label, p.Sources)
	}
	for _, s := range []struct {
		label   string
		sources []string
	}{
		{"smoking", []string{"A", "B", "C"}},
		{"heart failure", []string{"B", "C"}},
		{"steroids", []string{"B"}},
		{"diuretics", []string{"C"}},
	} {
		p := pointWith(d, s.label)
		if p == nil || !slices.Equal(p.Sources, s.sources) {
			t.Errorf("point %q: %+v, want stated by %v", s.label, p, s.sources)
			continue
		}
		j := len(p.Sources) - 1
		if !strings.Contains(strings.ToLower(p.Evidence[j].Sentence), strings.ToLower(s.label)) {
			t.Errorf("evidence of %q: %q", s.label, p.Evidence[j].Sentence)
		}
	}
	// The cause is unknown, say all three, each in its own words.
	var unknown *Point
	for i := range d.Points {
		if l := strings.ToLower(d.Points[i].Label); strings.Contains(l, "unknown") || strings.Contains(l, "no one knows") {
			unknown = &d.Points[i]
		}
	}
	if unknown == nil || len(unknown.Sources) != 3 {
		t.Errorf("cause-unknown point: %+v", unknown)
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
	// A regression floor, not a target: the figures measured once the
	// rules chosen from dev items came out (docs/DIGEST-RULES.md), F1
	// 0.758 and agreement 0.806, and then 0.740 once long labels were
	// cut to short claims (claims.go: a cut sentence no longer holds
	// every alias it held whole), rounded down. No unit test uses a dev
	// sentence; this test only reads the dev file.
	if s.Total.F1 < 0.73 {
		t.Errorf("F1 %.3f is below the 0.73 floor", s.Total.F1)
	}
	if s.Total.Agreement < 0.80 {
		t.Errorf("agreement accuracy %.3f is below the 0.80 floor", s.Total.Agreement)
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
