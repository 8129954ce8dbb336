package search

import (
	"context"
	"sort"
	"strings"
)

// Result is one answered question for a message: its page, and the
// passage of its best-matching answer with the matched words marked.
type Result struct {
	QuestionSlug string    `json:"question_slug"`
	Title        string    `json:"title"`
	Type         string    `json:"type"`
	Topic        string    `json:"topic"`
	TopicSlug    string    `json:"topic_slug"`
	Score        float64   `json:"score"`
	AnswerKey    string    `json:"answer_key"`
	SourceKey    string    `json:"source"`
	Snippet      []Segment `json:"snippet"`
	AboutFocus   bool      `json:"about_focus"`
	OfType       bool      `json:"of_type"`
}

// Segment is a piece of a snippet; Match marks a word the message used.
type Segment struct {
	Text  string `json:"text"`
	Match bool   `json:"match,omitempty"`
}

// Ask understands a message and returns up to n question pages, best
// first, each once, with a passage of its best answer.
func (ix *Index) Ask(ctx context.Context, message string, n int) (*Understanding, []Result) {
	u := ix.Understand(message)
	scored := ix.rank(ctx, u, 8*n)
	out := []Result{} // none found is an empty list, not null, in JSON
	seen := map[string]bool{}
	marks := markedTerms(u.terms)
	for _, s := range scored {
		d := ix.docs[s.Doc]
		if seen[d.QuestionSlug] {
			continue
		}
		seen[d.QuestionSlug] = true
		out = append(out, Result{
			QuestionSlug: d.QuestionSlug, Title: d.Title, Type: d.QuestionType, Topic: d.Topic, TopicSlug: d.TopicSlug,
			Score: s.Score, AnswerKey: d.AnswerKey, SourceKey: d.SourceKey,
			Snippet: ix.passage(d, marks, 40), AboutFocus: s.Focus > 0, OfType: s.Type,
		})
		if len(out) == n {
			break
		}
	}
	return u, out
}

// marks are the terms a passage marks, and their starts.
type marks struct {
	want  map[string]bool
	leads leadSet
}

func markedTerms(terms []string) *marks {
	m := &marks{want: map[string]bool{}}
	for _, t := range terms {
		m.want[t] = true
		m.leads.add(t)
	}
	return m
}

// passage picks the window of about size words of the answer (or, for
// an answer without licensed text, the source's question) that holds the
// most of the marked terms, and marks them.
func (ix *Index) passage(d Document, m *marks, size int) []Segment {
	text := d.Answer
	if text == "" {
		text = d.SourceQuestion
	}
	// Answers run to thousands of words: the words are read twice, as a
	// sequence, rather than kept as a slice.
	var match []bool
	for tok := range strings.FieldsSeq(text) {
		match = append(match, ix.tokenMatches(tok, m))
	}
	start := bestWindow(match, size)
	end := min(len(match), start+size)
	tokens := make([]string, 0, end-start)
	i := 0
	for tok := range strings.FieldsSeq(text) {
		if i >= end {
			break
		}
		if i >= start {
			tokens = append(tokens, tok)
		}
		i++
	}
	segs := segments(tokens, match[start:end])
	if start > 0 {
		segs = append([]Segment{{Text: "… "}}, segs...)
	}
	if end < len(match) {
		segs = append(segs, Segment{Text: " …"})
	}
	return segs
}

func bestWindow(match []bool, size int) int {
	best, bestAt, count := -1, 0, 0
	for i := range match {
		if match[i] {
			count++
		}
		if i >= size && match[i-size] {
			count--
		}
		if start := max(0, i-size+1); count > best {
			best, bestAt = count, start
		}
	}
	return bestAt
}

// segments joins runs of matched and unmatched words.
func segments(tokens []string, match []bool) []Segment {
	var out []Segment
	for i, tok := range tokens {
		sep := " "
		if i == 0 {
			sep = ""
		}
		if len(out) > 0 && out[len(out)-1].Match == match[i] {
			out[len(out)-1].Text += sep + tok
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].Text += sep // the space belongs to the plain side
		}
		out = append(out, Segment{Text: tok, Match: match[i]})
	}
	return out
}

// Suggestion is a topic for the search box's suggestions.
type Suggestion struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Suggest lists up to n topics whose name starts with prefix, in
// alphabetical order (so a name comes before its longer variants).
func (ix *Index) Suggest(prefix string, n int) []Suggestion {
	p := strings.ToLower(strings.TrimSpace(prefix))
	out := []Suggestion{}
	if len(p) < 2 {
		return out
	}
	i := sort.Search(len(ix.names), func(i int) bool { return ix.names[i].key >= p })
	for ; i < len(ix.names) && strings.HasPrefix(ix.names[i].key, p) && len(out) < n; i++ {
		out = append(out, ix.names[i].Suggestion)
	}
	return out
}

type nameKey struct {
	key string // lower-case name
	Suggestion
}

// tokenMatches reports whether a word of a whitespace token stems to one
// of the wanted terms. Most tokens are plain lower-case words already
// seen, so it looks them up without building new strings, and most of
// those start with two letters no wanted term starts with, so they are
// not stemmed at all.
func (ix *Index) tokenMatches(tok string, m *marks) bool {
	if plainWord(tok) {
		return m.leads.may(tok) && m.want[ix.stem.stem(tok)]
	}
	// A capital or a stuck-on comma: its words, each as above.
	for _, w := range words(tok) {
		if plainWord(w) && !m.leads.may(w) {
			continue
		}
		if m.want[ix.stem.stem(w)] {
			return true
		}
	}
	return false
}

// plainWord: only the letters a–z, the words leadSet speaks for.
func plainWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// leadSet holds the starts of terms: their first two letters, or their
// one letter. The English stemmer rewrites a word's end, so the stem of
// a plain lower-case word starts with the word's first two letters, or
// is its first letter alone ("aed" stems to "a"); only its exceptional
// forms turn a second letter y into i ("dying" stems to "die";
// TestStemKeepsItsStart). A word whose start is not in the set cannot
// stem to one of its terms.
type leadSet struct {
	two [26 * 26]bool
	one [26]bool
}

func (l *leadSet) add(term string) {
	switch {
	case len(term) == 1 && isLower(term[0]):
		l.one[term[0]-'a'] = true
	case len(term) >= 2 && isLower(term[0]) && isLower(term[1]):
		l.two[int(term[0]-'a')*26+int(term[1]-'a')] = true
	}
}

// may reports whether a plain lower-case word could stem to a term of
// the set.
func (l *leadSet) may(w string) bool {
	if len(w) < 2 {
		return true
	}
	first := int(w[0]-'a') * 26
	return l.one[w[0]-'a'] || l.two[first+int(w[1]-'a')] || w[1] == 'y' && l.two[first+'i'-'a']
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
