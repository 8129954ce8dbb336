package web

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// digestView is "What the sources say" on a question page: the points,
// who states each, and a points × sources matrix. The first shownPoints
// points are listed, the rest behind "All N points", so that the answers
// stay near on a phone.
type digestView struct {
	Points  []digestPointView // the first shownPoints
	More    []digestPointView // the rest, behind "All N points"
	Total   int
	Repeats []repeatView   // sources that repeat another's text, for the lede
	Sources []model.Source // the matrix's columns
	Matrix  matrixView
	// Gathered: some points come from the sources' answers to the
	// topic's other questions (digest.Gather), each link saying which.
	Gathered bool
}

// All is every point, for the matrix's table.
func (dv *digestView) All() []digestPointView {
	return append(append([]digestPointView(nil), dv.Points...), dv.More...)
}

// shownPoints is how many points a digest lists before "All N points":
// eight short claims fill about a phone screen.
const shownPoints = 8

type digestPointView struct {
	Label   string
	Count   int            // independent sources
	Single  bool           // one independent source
	Links   []evidenceLink // one per independent source, its repeaters with it
	Columns []pointCell    // per Sources column: does it state the point
}

// pointCell is how a source states a point: in its own words (Yes), by
// repeating another source's text (Repeats names that source), or not.
type pointCell struct {
	Yes     bool
	Repeats string // short name
}

type evidenceLink struct {
	Source string // name
	Anchor string // id of the sentence, or of the answer when the sentence was not found
	// Repeaters are the sources that repeat this one's text on the point.
	Repeaters []evidenceLink
	// Href and From, for a gathered sentence: the address of the answer
	// on its own question's page, and that question's title.
	Href, From string
}

// repeatView says that one source repeats another's text, on how many of
// the digest's points.
type repeatView struct {
	Source   string // the repeater's short name
	Original string // the original's full name
	Points   int
}

// digestOf loads a question's digest, or nil when it has none.
func (s *Server) digestOf(ctx context.Context, slug string) (*model.Digest, error) {
	d, err := s.store.Digest(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// attachDigest builds the digest view and marks each supporting
// sentence in the answers, so that a point's links land on its words.
func attachDigest(v *questionView, d *model.Digest, srcs sourceIndex) {
	if d == nil || len(d.Points) == 0 {
		return
	}
	marks := newSentenceMarks(v)
	dv := &digestView{}
	column := map[string]int{}
	for _, a := range v.Answers {
		if _, ok := column[a.Source.Key]; !ok && a.HasText {
			column[a.Source.Key] = len(dv.Sources)
			dv.Sources = append(dv.Sources, a.Source)
		}
	}
	for _, p := range d.Points {
		for _, e := range p.Evidence {
			if _, ok := column[e.Source]; !ok && e.Question != "" {
				column[e.Source] = len(dv.Sources)
				dv.Sources = append(dv.Sources, srcs.get(e.Source))
			}
		}
	}
	repeats := map[[2]string]int{}
	var repeatOrder [][2]string
	for i, p := range d.Points {
		pv := digestPointView{Label: p.Label, Count: model.CountVoices(p), Columns: make([]pointCell, len(dv.Sources))}
		pv.Single = pv.Count == 1
		links := map[string]*evidenceLink{}
		var order []string
		var gathered []evidenceLink
		for _, e := range p.Evidence {
			if e.Question != "" {
				// Gathered from another question's answer: the link goes
				// to that answer on its page, and says so.
				dv.Gathered = true
				gathered = append(gathered, evidenceLink{Source: srcs.get(e.Source).ShortName,
					Href: "/q/" + e.Question + "#answer-" + e.AnswerKey, From: e.QuestionTitle})
				if c, ok := column[e.Source]; ok {
					pv.Columns[c] = pointCell{Yes: true}
				}
				continue
			}
			anchor := marks.mark(e, fmt.Sprintf("ev-%d-%s", i+1, e.Source))
			// Short names keep a point on one line; the answers below carry
			// the full names.
			links[e.Source] = &evidenceLink{Source: srcs.get(e.Source).ShortName, Anchor: anchor}
			order = append(order, e.Source)
			state := pointCell{Yes: true}
			if e.Repeats != "" {
				state = pointCell{Repeats: srcs.get(e.Repeats).ShortName}
				k := [2]string{e.Source, e.Repeats}
				if repeats[k] == 0 {
					repeatOrder = append(repeatOrder, k)
				}
				repeats[k]++
			}
			if c, ok := column[e.Source]; ok {
				pv.Columns[c] = state
			}
		}
		pv.Links = append(groupLinks(p.Evidence, links, order), gathered...)
		if i < shownPoints {
			dv.Points = append(dv.Points, pv)
		} else {
			dv.More = append(dv.More, pv)
		}
	}
	dv.Total = len(d.Points)
	for _, k := range repeatOrder {
		dv.Repeats = append(dv.Repeats, repeatView{Source: srcs.get(k[0]).ShortName, Original: srcs.get(k[1]).Name, Points: repeats[k]})
	}
	dv.Matrix = newMatrix(dv)
	v.Digest = dv
	marks.apply()
}

// groupLinks lists a point's independent sources in order, each with
// the sources that repeat its text ("GHR (GARD repeats it)").
func groupLinks(ev []model.DigestEvidence, links map[string]*evidenceLink, order []string) []evidenceLink {
	repeats := map[string]string{}
	for _, e := range ev {
		if e.Repeats != "" && links[e.Repeats] != nil {
			repeats[e.Source] = e.Repeats
		}
	}
	for _, s := range order {
		if o, ok := repeats[s]; ok {
			links[o].Repeaters = append(links[o].Repeaters, *links[s])
		}
	}
	var out []evidenceLink
	for _, s := range order {
		if _, ok := repeats[s]; !ok {
			out = append(out, *links[s])
		}
	}
	return out
}

// sentenceMarks finds evidence sentences in the answers' blocks.
type sentenceMarks struct {
	v     *questionView
	byKey map[string]int       // answer key → index in v.Answers
	ids   map[string]string    // answer key + sentence → id given
	spans map[int][]markedSpan // answer index → spans to mark
}

type markedSpan struct {
	block, item int // item -1 for a paragraph or heading
	start, end  int
	id          string
}

func newSentenceMarks(v *questionView) *sentenceMarks {
	m := &sentenceMarks{v: v, byKey: map[string]int{}, ids: map[string]string{}, spans: map[int][]markedSpan{}}
	for i, a := range v.Answers {
		m.byKey[a.Key] = i
	}
	return m
}

// mark returns the anchor of the evidence's sentence: id when it is
// marked now, the id given before when another point cites the same
// sentence, or the whole answer's anchor when the sentence is not found
// within one block.
func (m *sentenceMarks) mark(e model.DigestEvidence, id string) string {
	ai, ok := m.byKey[e.AnswerKey]
	if !ok {
		return ""
	}
	if m.v.Answers[ai].HTML != "" {
		// A contributor answer is shown as its stored HTML, where no
		// sentence can be marked: the link goes to the answer.
		return m.v.Answers[ai].Anchor
	}
	key := e.AnswerKey + "\x00" + e.Sentence
	if prev, ok := m.ids[key]; ok {
		return prev
	}
	sentence := strings.Join(strings.Fields(e.Sentence), " ")
	for bi, b := range m.v.Answers[ai].Blocks {
		texts := b.Items
		if b.Kind != "list" {
			texts = []string{b.Text}
		}
		for ii, t := range texts {
			if at := strings.Index(t, sentence); at >= 0 && !m.overlaps(ai, bi, ii, at, at+len(sentence), b.Kind) {
				item := ii
				if b.Kind != "list" {
					item = -1
				}
				m.spans[ai] = append(m.spans[ai], markedSpan{bi, item, at, at + len(sentence), id})
				m.ids[key] = id
				return id
			}
		}
	}
	m.ids[key] = m.v.Answers[ai].Anchor
	return m.v.Answers[ai].Anchor
}

func (m *sentenceMarks) overlaps(ai, bi, ii, start, end int, kind string) bool {
	if kind != "list" {
		ii = -1
	}
	for _, s := range m.spans[ai] {
		if s.block == bi && s.item == ii && start < s.end && s.start < end {
			return true
		}
	}
	return false
}

// apply cuts the marked blocks into parts, so that the template wraps
// each marked sentence in an element with its id.
func (m *sentenceMarks) apply() {
	for ai, spans := range m.spans {
		blocks := m.v.Answers[ai].Blocks
		for _, s := range spans {
			b := &blocks[s.block]
			if s.item < 0 {
				b.Parts = cutParts(b.Parts, b.Text, s)
				continue
			}
			if b.ItemParts == nil {
				b.ItemParts = make([][]textPart, len(b.Items))
			}
			b.ItemParts[s.item] = cutParts(b.ItemParts[s.item], b.Items[s.item], s)
		}
	}
}

// textPart is a piece of a block's text; ID is set on a marked sentence.
type textPart struct {
	Text string
	ID   string
}

// cutParts adds one marked span to a text's parts. Spans never overlap.
func cutParts(parts []textPart, text string, s markedSpan) []textPart {
	if parts == nil {
		parts = []textPart{{Text: text}}
	}
	var out []textPart
	pos := 0
	for _, p := range parts {
		end := pos + len(p.Text)
		if p.ID != "" || s.end <= pos || s.start >= end {
			out = append(out, p)
			pos = end
			continue
		}
		before, mid, after := p.Text[:s.start-pos], p.Text[s.start-pos:s.end-pos], p.Text[s.end-pos:]
		if before != "" {
			out = append(out, textPart{Text: before})
		}
		out = append(out, textPart{Text: mid, ID: s.id})
		if after != "" {
			out = append(out, textPart{Text: after})
		}
		pos = end
	}
	return out
}

// matrixView lays out the points × sources matrix drawn as SVG.
type matrixView struct {
	Width, Height int
	LabelWidth    int
	Columns       []matrixColumn
	Rows          []matrixRow
}

type matrixColumn struct {
	X    int
	Name string
}

type matrixRow struct {
	Y     int
	Label string
	Cells []matrixCell
}

type matrixCell struct {
	CX     int
	Filled bool // the source states the point in its own words
	Repeat bool // the source states it by repeating another's text
}

const (
	matrixStep   = 26
	matrixLabelW = 260
	matrixHeadH  = 30
)

func newMatrix(dv *digestView) matrixView {
	m := matrixView{LabelWidth: matrixLabelW}
	for i, s := range dv.Sources {
		m.Columns = append(m.Columns, matrixColumn{X: matrixLabelW + i*matrixStep + matrixStep/2, Name: s.ShortName})
	}
	all := dv.All()
	for r, p := range all {
		row := matrixRow{Y: matrixHeadH + r*matrixStep + matrixStep/2, Label: shorten(p.Label, 40)}
		for c, st := range p.Columns {
			row.Cells = append(row.Cells, matrixCell{CX: matrixLabelW + c*matrixStep + matrixStep/2, Filled: st.Yes, Repeat: st.Repeats != ""})
		}
		m.Rows = append(m.Rows, row)
	}
	m.Width = matrixLabelW + len(dv.Sources)*matrixStep + 8
	m.Height = matrixHeadH + len(all)*matrixStep + 4
	return m
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
