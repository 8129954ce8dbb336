package digest

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/medquad"
)

// devGold reads dev-gold.json, or skips the test (fails it under CI) when
// it is absent.
func devGold(t testing.TB) Gold {
	t.Helper()
	f, err := os.Open(devdata.File(t, "digest/dev-gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// question is one question's answers, as the tests build digests of them.
type question struct {
	name, qtype, topic string
	answers            []Answer
}

// composedQuestion is a question written for the tests: three answers
// about a made-up condition that state some points alike in different
// words (no sentence is from the dev gold or the seed page).
func composedQuestion() question {
	return question{name: "composed", qtype: "causes", topic: "Kestrel syndrome", answers: []Answer{
		{Source: "A", Key: "a-1", Text: "The cause of Kestrel syndrome is unknown in most people. Other causes may include:\n" +
			"  • Low vitamin D: Lack of vitamin D weakens the bones over time.\n" +
			"  • Smoking: Tobacco harms small blood vessels."},
		{Source: "B", Key: "b-1", Text: "No one knows the exact cause of Kestrel syndrome (KS). " +
			"Things that may play a part include smoking, heart failure, and certain medications such as steroids."},
		{Source: "C", Key: "c-1", Text: "In many cases, the cause of KS is unknown. " +
			"It has been associated with heart failure, smoking, and diuretics."},
	}}
}

// medquadQuestions reads the MedQuAD archive and returns its questions
// that two or more sources answer with text: the answers of every source
// to one question type about one focus (matched by name, lower case), the
// first answer of each source. It skips the test in -short mode or when
// the archive is absent.
func medquadQuestions(t testing.TB) []question {
	t.Helper()
	devdata.SkipShort(t, "reads the MedQuAD release")
	ar, err := medquad.Open(devdata.MedQuADZip(t))
	if err != nil {
		t.Fatal(err)
	}
	defer ar.Close()
	byKey := map[string]*question{}
	var keys []string
	for _, f := range ar.Files {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := medquad.Parse(io.LimitReader(rc, medquad.MaxFileSize), f.Path)
		rc.Close()
		if err != nil || doc.Focus == "" {
			continue // the import skips and reports these; nothing to digest
		}
		for _, p := range doc.Pairs {
			if strings.TrimSpace(p.Answer) == "" {
				continue
			}
			k := strings.ToLower(doc.Focus) + "\x00" + p.QType
			q, ok := byKey[k]
			if !ok {
				q = &question{name: doc.Focus + " / " + p.QType, qtype: p.QType, topic: doc.Focus}
				byKey[k] = q
				keys = append(keys, k)
			}
			if !hasAnswerFrom(q.answers, doc.Source) {
				q.answers = append(q.answers, Answer{Source: doc.Source, Key: doc.DocID(p), Text: p.Answer})
			}
		}
	}
	sort.Strings(keys)
	var out []question
	for _, k := range keys {
		if q := byKey[k]; len(q.answers) >= 2 {
			out = append(out, *q)
		}
	}
	if len(out) == 0 {
		t.Fatal("no multi-source question in the archive")
	}
	return out
}

func hasAnswerFrom(as []Answer, source string) bool {
	for _, a := range as {
		if a.Source == source {
			return true
		}
	}
	return false
}

// checkDigest checks what every digest must hold: each point has a label,
// sorted distinct sources, one evidence per source, in order, naming an
// answer of that source; every evidence sentence is verbatim (whitespace
// normalized) from that answer; the label's words are the words (or
// stems) of one of its evidence sentences; points are ordered by number of
// sources.
func checkDigest(answers []Answer, d Digest) error {
	text := map[[2]string]string{} // by source and answer key
	for _, a := range answers {
		text[[2]string{a.Source, a.Key}] = normSpace(a.Text)
	}
	for i, p := range d.Points {
		if strings.TrimSpace(p.Label) == "" {
			return fmt.Errorf("point %d has no label", i)
		}
		if len(p.Sources) == 0 || len(p.Evidence) != len(p.Sources) {
			return fmt.Errorf("point %q: %d sources, %d evidence", p.Label, len(p.Sources), len(p.Evidence))
		}
		if !sort.StringsAreSorted(p.Sources) {
			return fmt.Errorf("point %q: sources not sorted: %v", p.Label, p.Sources)
		}
		for j, s := range p.Sources {
			if j > 0 && p.Sources[j-1] == s {
				return fmt.Errorf("point %q: source %s twice", p.Label, s)
			}
			e := p.Evidence[j]
			if e.Source != s {
				return fmt.Errorf("point %q: evidence %d is of %s, not %s", p.Label, j, e.Source, s)
			}
			t, ok := text[[2]string{s, e.AnswerKey}]
			if !ok {
				return fmt.Errorf("point %q: evidence of %s names answer %q, not one of that source", p.Label, s, e.AnswerKey)
			}
			if strings.TrimSpace(e.Sentence) == "" || !strings.Contains(t, normSpace(e.Sentence)) {
				return fmt.Errorf("point %q: evidence of %s is not verbatim from its answer: %q", p.Label, s, e.Sentence)
			}
		}
		if !labelFromEvidence(p) {
			return fmt.Errorf("point %q: label words are not the words of any of its evidence sentences", p.Label)
		}
		if err := checkVoices(p); err != nil {
			return err
		}
		if spacedWords(p.Label) > maxClaimWords && claim(p.Label) != p.Label {
			return fmt.Errorf("point %q: a label of more than %d words that could be cut", p.Label, maxClaimWords)
		}
		if i > 0 {
			q := d.Points[i-1]
			if q.Voices < p.Voices || q.Voices == p.Voices && len(q.Sources) < len(p.Sources) {
				return fmt.Errorf("point %q: points are not ordered by independent sources, then sources", p.Label)
			}
		}
	}
	return nil
}

// checkVoices checks a point's voices: Voices counts the evidence that
// repeats no other source, and a repeated source is one of the point's
// own, itself independent.
func checkVoices(p Point) error {
	n := 0
	own := map[string]bool{}
	for _, e := range p.Evidence {
		own[e.Source] = e.Repeats == ""
		if e.Repeats == "" {
			n++
		}
	}
	if n != p.Voices || n == 0 {
		return fmt.Errorf("point %q: %d voices, %d independent evidence", p.Label, p.Voices, n)
	}
	for _, e := range p.Evidence {
		if e.Repeats != "" && !own[e.Repeats] {
			return fmt.Errorf("point %q: %s repeats %s, which is not an independent source of the point", p.Label, e.Source, e.Repeats)
		}
	}
	return nil
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// labelFromEvidence reports whether some evidence sentence of the point
// holds every word of its label, as written or stemmed.
func labelFromEvidence(p Point) bool {
	for _, e := range p.Evidence {
		words := map[string]bool{}
		for _, t := range tokenize(e.Sentence) {
			if t.word() {
				words[t.w] = true
				words[t.stem] = true
			}
		}
		ok := true
		for _, t := range tokenize(p.Label) {
			if t.word() && !words[t.w] && !words[t.stem] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// labels returns the labels of a digest's points.
func labels(d Digest) []string {
	var out []string
	for _, p := range d.Points {
		out = append(out, p.Label)
	}
	return out
}

// pointWith returns the point whose label, lower-cased, equals or
// contains label, or nil.
func pointWith(d Digest, label string) *Point {
	label = strings.ToLower(label)
	for i := range d.Points {
		if strings.ToLower(d.Points[i].Label) == label {
			return &d.Points[i]
		}
	}
	for i := range d.Points {
		if strings.Contains(strings.ToLower(d.Points[i].Label), label) {
			return &d.Points[i]
		}
	}
	return nil
}
