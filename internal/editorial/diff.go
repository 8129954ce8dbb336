package editorial

import (
	"html/template"
	"strings"
)

// Op says what a diff chunk is: text both revisions share, or text only
// the old one has (deleted) or only the new one (inserted).
type Op uint8

// The chunk kinds.
const (
	Equal Op = iota
	Delete
	Insert
)

func (o Op) String() string {
	switch o {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// Chunk is a run of words with one Op. Text is the words joined by single
// spaces, with a line break kept as "\n" where a revision's text had one
// (between paragraphs or list items).
type Chunk struct {
	Op   Op
	Text string
}

// MaxDiffCells bounds the word-by-word comparison: once the parts of the
// two texts that differ (after their common start and end are set aside)
// hold more than this many word pairs, that part is shown replaced whole
// rather than compared word by word. At one byte a cell, this bounds the
// memory of one diff to 4 MiB.
const MaxDiffCells = 1 << 22

// Diff compares two revisions' plain text word by word and returns the
// chunks that turn old into new: in each changed place the deleted words
// come before the inserted ones. Whitespace differences inside a line are
// not changes. The comparison is a longest common subsequence over words
// (bounded by MaxDiffCells).
func Diff(old, new string) []Chunk {
	a, b := words(old), words(new)
	ids := map[string]int32{}
	ia, ib := intern(a, ids), intern(b, ids)

	pre := 0
	for pre < len(ia) && pre < len(ib) && ia[pre] == ib[pre] {
		pre++
	}
	suf := 0
	for suf < len(ia)-pre && suf < len(ib)-pre && ia[len(ia)-1-suf] == ib[len(ib)-1-suf] {
		suf++
	}
	var out chunker
	out.add(Equal, a[:pre]...)
	midA, midB := ia[pre:len(ia)-suf], ib[pre:len(ib)-suf]
	wa, wb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(midA)*len(midB) > MaxDiffCells {
		out.add(Delete, wa...)
		out.add(Insert, wb...)
	} else {
		lcs(midA, midB, func(op Op, i, j int) {
			switch op {
			case Equal, Delete:
				out.add(op, wa[i])
			case Insert:
				out.add(op, wb[j])
			}
		})
	}
	out.add(Equal, a[len(a)-suf:]...)
	return out.result()
}

// words splits text into words, with "\n" standing for each run of line
// breaks.
func words(s string) []string {
	var out []string
	for i, line := range strings.Split(strings.TrimSpace(s), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if i > 0 && len(out) > 0 && out[len(out)-1] != "\n" {
			out = append(out, "\n")
		}
		out = append(out, f...)
	}
	return out
}

func intern(ws []string, ids map[string]int32) []int32 {
	out := make([]int32, len(ws))
	for i, w := range ws {
		id, ok := ids[w]
		if !ok {
			id = int32(len(ids))
			ids[w] = id
		}
		out[i] = id
	}
	return out
}

// lcs walks a longest common subsequence of a and b, calling emit for
// each word kept (Equal, index into a), deleted (index into a) or
// inserted (index into b), in order. It fills a table of choices from
// the ends (one byte a cell, len(a)×len(b) cells) keeping only two rows
// of lengths.
func lcs(a, b []int32, emit func(op Op, i, j int)) {
	n, m := len(a), len(b)
	choice := make([]Op, n*m)
	next, cur := make([]int32, m+1), make([]int32, m+1)
	for i := n - 1; i >= 0; i-- {
		cur[m] = 0
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				cur[j] = next[j+1] + 1
				choice[i*m+j] = Equal
			case next[j] >= cur[j+1]:
				cur[j] = next[j]
				choice[i*m+j] = Delete
			default:
				cur[j] = cur[j+1]
				choice[i*m+j] = Insert
			}
		}
		next, cur = cur, next
	}
	i, j := 0, 0
	for i < n && j < m {
		op := choice[i*m+j]
		emit(op, i, j)
		switch op {
		case Equal:
			i, j = i+1, j+1
		case Delete:
			i++
		case Insert:
			j++
		}
	}
	for ; i < n; i++ {
		emit(Delete, i, j)
	}
	for ; j < m; j++ {
		emit(Insert, i, j)
	}
}

// chunker gathers words into chunks: each changed place (the words
// between two equal runs) becomes one deletion followed by one
// insertion, so that a reader sees what was replaced by what.
type chunker struct {
	chunks   []Chunk
	equal    []string
	del, ins []string
}

func (c *chunker) add(op Op, ws ...string) {
	switch op {
	case Equal:
		if len(ws) > 0 {
			c.flushChange()
		}
		c.equal = append(c.equal, ws...)
	case Delete:
		c.flushEqual(len(ws))
		c.del = append(c.del, ws...)
	case Insert:
		c.flushEqual(len(ws))
		c.ins = append(c.ins, ws...)
	}
}

func (c *chunker) flushEqual(n int) {
	if n > 0 && len(c.equal) > 0 {
		c.chunks = append(c.chunks, Chunk{Equal, join(c.equal)})
		c.equal = nil
	}
}

func (c *chunker) flushChange() {
	if len(c.del) > 0 {
		c.chunks = append(c.chunks, Chunk{Delete, join(c.del)})
	}
	if len(c.ins) > 0 {
		c.chunks = append(c.chunks, Chunk{Insert, join(c.ins)})
	}
	c.del, c.ins = nil, nil
}

func (c *chunker) result() []Chunk {
	c.flushChange()
	c.flushEqual(1)
	return c.chunks
}

// join puts words back together: single spaces, none around a line break.
func join(ws []string) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 && w != "\n" && ws[i-1] != "\n" {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// DiffHTML renders chunks for a page: deleted words in <del>, inserted
// ones in <ins>, everything escaped, line breaks as <br>. Chunks are
// separated by a space unless a line break stands between them. The
// caller styles ins and del; screen readers announce them.
func DiffHTML(chunks []Chunk) template.HTML {
	var b strings.Builder
	for i, c := range chunks {
		if i > 0 && !strings.HasSuffix(chunks[i-1].Text, "\n") && !strings.HasPrefix(c.Text, "\n") {
			b.WriteByte(' ')
		}
		text := strings.ReplaceAll(template.HTMLEscapeString(c.Text), "\n", "<br>\n")
		switch c.Op {
		case Delete:
			b.WriteString("<del>" + text + "</del>")
		case Insert:
			b.WriteString("<ins>" + text + "</ins>")
		default:
			b.WriteString(text)
		}
	}
	// Safe: every piece of text above went through HTMLEscapeString, and
	// the only markup added is del, ins and br.
	return template.HTML(b.String())
}
