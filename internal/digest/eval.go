package digest

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Gold is a set of hand-made digests (dev-gold.json): per group, one
// question's answers and the points they make.
type Gold []GoldGroup

// GoldGroup is one question with its answers and gold points.
type GoldGroup struct {
	Group    string       `json:"group"`
	QType    string       `json:"qtype"`
	Question string       `json:"question"`
	Topic    string       `json:"topic"`
	Note     string       `json:"note,omitempty"`
	Answers  []GoldAnswer `json:"answers"`
	Points   []GoldPoint  `json:"points"`
}

// GoldAnswer is one source's answer: ID is the MedQuAD entry id
// ("GARD_0000123-4") or "seed_S1".
type GoldAnswer struct {
	Source   string `json:"source"`
	ID       string `json:"id"`
	Question string `json:"question"`
	Text     string `json:"text"`
}

// GoldPoint is one point: a canonical label, the lower-case surface forms
// a system may use (the label included), the sources that state it and a
// quote of each.
type GoldPoint struct {
	Label    string            `json:"label"`
	Aliases  []string          `json:"aliases"`
	Sources  []string          `json:"sources"`
	Evidence map[string]string `json:"evidence"`
}

// ReadGold decodes a gold file.
func ReadGold(r io.Reader) (Gold, error) {
	var g Gold
	if err := json.NewDecoder(r).Decode(&g); err != nil {
		return nil, fmt.Errorf("digest: reading gold: %w", err)
	}
	for i, gg := range g {
		if gg.Group == "" {
			return nil, fmt.Errorf("digest: gold group %d has no name", i)
		}
	}
	return g, nil
}

// Counts are the raw figures of a score.
type Counts struct {
	SystemPairs int `json:"system_pairs"` // (point, source) pairs the system states
	GoldPairs   int `json:"gold_pairs"`
	TruePairs   int `json:"true_pairs"`
	Matched     int `json:"matched"` // gold points matched by at least one system point
	Agreed      int `json:"agreed"`  // of those, the ones whose number of sources the system got right
}

// Figures are a score's ratios; a ratio over nothing is 0.
type Figures struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Agreement float64 `json:"agreement"` // agreement accuracy: Agreed / Matched
}

// GroupResult is the score of one group, or of all (micro-averaged).
type GroupResult struct {
	Group string `json:"group"`
	Counts
	Figures
}

// Result is a system's score on a gold set.
type Result struct {
	Groups []GroupResult `json:"groups"`
	Total  GroupResult   `json:"total"`
}

func (c Counts) figures() Figures {
	var f Figures
	if c.SystemPairs > 0 {
		f.Precision = float64(c.TruePairs) / float64(c.SystemPairs)
	}
	if c.GoldPairs > 0 {
		f.Recall = float64(c.TruePairs) / float64(c.GoldPairs)
	}
	if f.Precision+f.Recall > 0 {
		f.F1 = 2 * f.Precision * f.Recall / (f.Precision + f.Recall)
	}
	if c.Matched > 0 {
		f.Agreement = float64(c.Agreed) / float64(c.Matched)
	}
	return f
}

// normalizeEval normalizes a label or alias for scoring: lower case,
// punctuation to spaces, each word stemmed (Snowball English).
func normalizeEval(s string) []string {
	s = strings.ToLower(s)
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range words {
		words[i] = english.Stem(w, true)
	}
	return words
}

// contains reports whether needle occurs in hay as a contiguous word
// sequence.
func contains(hay, needle []string) bool {
	if len(needle) == 0 || len(needle) > len(hay) {
		return false
	}
outer:
	for i := 0; i+len(needle) <= len(hay); i++ {
		for j := range needle {
			if hay[i+j] != needle[j] {
				continue outer
			}
		}
		return true
	}
	return false
}

// Score scores system digests (by group name) against gold points, as
// README.md in the gold folder specifies: a system point matches the gold
// point of its group one of whose aliases, normalized, occurs as a
// contiguous word sequence in its normalized label (the longest such
// alias; the first gold point on a tie); a (point, source) pair is true
// when its point matches a gold point that lists the source, once per
// (gold point, source); precision, recall and F1 are micro-averaged over
// groups; agreement accuracy is, among gold points matched by at least one
// system point, the share whose number of sources (the union over the
// matching system points) is the gold number. A group missing from system
// counts as an empty digest.
func Score(gold []GoldGroup, system map[string]Digest) Result {
	var r Result
	var total Counts
	for _, g := range gold {
		c := scoreGroup(g, system[g.Group])
		total.SystemPairs += c.SystemPairs
		total.GoldPairs += c.GoldPairs
		total.TruePairs += c.TruePairs
		total.Matched += c.Matched
		total.Agreed += c.Agreed
		r.Groups = append(r.Groups, GroupResult{Group: g.Group, Counts: c, Figures: c.figures()})
	}
	r.Total = GroupResult{Group: "total", Counts: total, Figures: total.figures()}
	return r
}

func scoreGroup(g GoldGroup, d Digest) Counts {
	var c Counts
	aliases := make([][][]string, len(g.Points))
	for i, p := range g.Points {
		c.GoldPairs += len(p.Sources)
		for _, a := range p.Aliases {
			if n := normalizeEval(a); len(n) > 0 {
				aliases[i] = append(aliases[i], n)
			}
		}
	}
	counted := map[[2]string]bool{}
	union := make([]map[string]bool, len(g.Points))
	for _, sp := range d.Points {
		c.SystemPairs += len(sp.Sources)
		m := matchGold(normalizeEval(sp.Label), aliases)
		if m < 0 {
			continue
		}
		if union[m] == nil {
			union[m] = map[string]bool{}
		}
		gs := map[string]bool{}
		for _, s := range g.Points[m].Sources {
			gs[s] = true
		}
		for _, s := range sp.Sources {
			union[m][s] = true
			k := [2]string{g.Points[m].Label, s}
			if gs[s] && !counted[k] {
				counted[k] = true
				c.TruePairs++
			}
		}
	}
	for i, p := range g.Points {
		if union[i] == nil {
			continue
		}
		c.Matched++
		if len(union[i]) == len(p.Sources) {
			c.Agreed++
		}
	}
	return c
}

// matchGold returns the gold point with the longest alias contained in
// label, or -1.
func matchGold(label []string, aliases [][][]string) int {
	best, bestWords, bestChars := -1, 0, 0
	for i, as := range aliases {
		for _, a := range as {
			if !contains(label, a) {
				continue
			}
			chars := 0
			for _, w := range a {
				chars += len(w)
			}
			if len(a) > bestWords || len(a) == bestWords && chars > bestChars {
				best, bestWords, bestChars = i, len(a), chars
			}
		}
	}
	return best
}

// OutGroup is one group's digest as written by WriteOut.
type OutGroup struct {
	Group  string     `json:"group"`
	Points []OutPoint `json:"points"`
}

// OutPoint is one point as written by WriteOut.
type OutPoint struct {
	Label   string   `json:"label"`
	Sources []string `json:"sources"`
}

// Out turns a digest into its output form.
func Out(group string, d Digest) OutGroup {
	o := OutGroup{Group: group, Points: []OutPoint{}}
	for _, p := range d.Points {
		o.Points = append(o.Points, OutPoint{Label: p.Label, Sources: p.Sources})
	}
	return o
}

// WriteOut writes digests as [{"group": …, "points": [{"label": …,
// "sources": [...]}]}].
func WriteOut(w io.Writer, groups []OutGroup) error {
	if groups == nil {
		groups = []OutGroup{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(groups)
}

// AnswersForBuild returns a gold group's answers as Build takes them.
func (g GoldGroup) AnswersForBuild() []Answer {
	out := make([]Answer, len(g.Answers))
	for i, a := range g.Answers {
		out[i] = Answer{Source: a.Source, Key: a.ID, Text: a.Text}
	}
	return out
}

// EvalGold reads a gold file, builds the digest and the naive peer's
// digest of every group's answers, and scores both. out holds the
// system's digests, for WriteOut.
func EvalGold(goldJSON io.Reader) (system, naive Result, out []OutGroup, err error) {
	gold, err := ReadGold(goldJSON)
	if err != nil {
		return Result{}, Result{}, nil, err
	}
	sys := make(map[string]Digest, len(gold))
	nai := make(map[string]Digest, len(gold))
	for _, g := range gold {
		as := g.AnswersForBuild()
		d := Build(g.QType, g.Topic, nil, as)
		sys[g.Group] = d
		nai[g.Group] = Naive(as)
		out = append(out, Out(g.Group, d))
	}
	return Score(gold, sys), Score(gold, nai), out, nil
}

// WriteReport writes a plain-text table of the system's and the naive
// peer's figures, per group and in total.
func WriteReport(w io.Writer, system, naive Result) error {
	ew := &errWriter{w: w}
	ew.printf("%-34s %6s %6s %6s %6s   %6s %6s %6s %6s\n", "group", "P", "R", "F1", "agree", "nP", "nR", "nF1", "nagree")
	row := func(s, n GroupResult) {
		ew.printf("%-34s %6.3f %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f %6.3f\n", s.Group,
			s.Precision, s.Recall, s.F1, s.Agreement, n.Precision, n.Recall, n.F1, n.Agreement)
	}
	for i, s := range system.Groups {
		n := GroupResult{Group: s.Group}
		if i < len(naive.Groups) {
			n = naive.Groups[i]
		}
		row(s, n)
	}
	row(system.Total, naive.Total)
	ew.printf("pairs: system %d true of %d stated, %d gold; naive %d true of %d stated\n",
		system.Total.TruePairs, system.Total.SystemPairs, system.Total.GoldPairs, naive.Total.TruePairs, naive.Total.SystemPairs)
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// Spread is the mean and standard deviation (population) of one figure
// over groups.
type Spread struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	N    int     `json:"groups"`
}

// LeaveOneOut is the leave-one-group-out figure of a result. The digest
// fits no rule, list or parameter to the gold groups (docs/DIGEST-RULES.md),
// so leaving a group out re-fits nothing: each group's held-out score is
// its own score, and the figure is their mean and spread over groups
// (macro), reported beside the micro total.
type LeaveOneOut struct {
	F1        Spread `json:"f1"`
	Agreement Spread `json:"agreement"` // over groups with a matched gold point
}

// LeaveOneGroupOut computes the leave-one-group-out figures of r.
func LeaveOneGroupOut(r Result) LeaveOneOut {
	var f1, agree []float64
	for _, g := range r.Groups {
		f1 = append(f1, g.F1)
		if g.Matched > 0 {
			agree = append(agree, g.Agreement)
		}
	}
	return LeaveOneOut{F1: spread(f1), Agreement: spread(agree)}
}

func spread(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	mean := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return Spread{Mean: mean, SD: math.Sqrt(ss / float64(len(xs))), N: len(xs)}
}

// WriteLeaveOneOut writes the leave-one-group-out line of the system and
// the naive peer.
func WriteLeaveOneOut(w io.Writer, system, naive Result) error {
	s, n := LeaveOneGroupOut(system), LeaveOneGroupOut(naive)
	ew := &errWriter{w: w}
	ew.printf("leave one group out (%d groups, mean ± sd): F1 %.3f ± %.3f, agreement %.3f ± %.3f; naive F1 %.3f ± %.3f, agreement %.3f ± %.3f\n",
		s.F1.N, s.F1.Mean, s.F1.SD, s.Agreement.Mean, s.Agreement.SD, n.F1.Mean, n.F1.SD, n.Agreement.Mean, n.Agreement.SD)
	return ew.err
}
