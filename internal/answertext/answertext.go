// Package answertext restores the structure that MedQuAD flattened out of
// its answers, for display and for snippets.
//
// MedQuAD keeps each answer as one string. Its sources' lists became runs of
// " - item" (usually "  - item", after two or more spaces or a line break),
// paragraphs became line breaks or runs of spaces, and headings were either
// left on a line of their own or glued to the text that follows them
// ("Summary : A1C is ...", "How is X diagnosed? X is diagnosed ...").
//
// Parse decides only where blocks and list items begin. It never changes,
// reorders, adds or drops a word: the words of its blocks, in order, are the
// words of the input minus the list markers ("-") and heading separators
// (":") it consumed. Where a dash could be prose ("5 - 10 mg", "age 45 - 60",
// "cerebellum - the area of the brain that ...") it stays prose; where a
// short line could be a heading or a list item it stays a paragraph.
package answertext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a Block.
type Kind uint8

const (
	Paragraph Kind = iota // Text holds the paragraph
	List                  // Items holds the items, in order
	Heading               // Text holds the heading
)

func (k Kind) String() string {
	switch k {
	case Paragraph:
		return "paragraph"
	case List:
		return "list"
	case Heading:
		return "heading"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Block is one paragraph, list or heading of an answer. Text and Items hold
// the source's words with single spaces between them.
type Block struct {
	Kind  Kind
	Text  string   // Paragraph and Heading
	Items []string // List
}

// Parse splits an answer into blocks. It returns nil for text with no words.
func Parse(text string) []Block {
	ps := split(text)
	if len(ps) == 0 {
		return nil
	}
	ps = splitLeadingItems(ps)
	for n := 0; n != len(ps); {
		// A repeat that splitRunOn cuts off may lead into the next list,
		// whose first item then shows where that list's repeat starts.
		n = len(ps)
		ps = splitLeadingItems(splitRunOn(ps))
	}
	ps = splitInlineItems(ps)
	ps = splitPhenotypeTables(ps)
	ps = gluedHeadings(ps)
	markHeadings(ps)
	markUnmarkedLists(ps)
	return assemble(ps)
}

// Plain returns the answer's words without structure markers, one space
// between words: the text of Parse's blocks, joined.
func Plain(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	for _, bl := range Parse(text) {
		add(bl.Text)
		for _, it := range bl.Items {
			add(it)
		}
	}
	return b.String()
}

// Snippet returns about max characters (runes) of Plain(text). Text that
// fits is returned whole; longer text is cut at a word boundary, trailing
// punctuation that would dangle before the cut is dropped, and "…" is
// appended, the whole staying within max runes. A single word longer than
// max is cut between runes. The result is text, not HTML: escaping it is
// the renderer's job. max < 1 gives "".
func Snippet(text string, max int) string {
	if max < 1 {
		return ""
	}
	p := Plain(text)
	if utf8.RuneCountInString(p) <= max {
		return p
	}
	// The longest prefix of max-1 runes, leaving room for the ellipsis.
	end := 0
	for n := 0; n < max-1; n++ {
		_, size := utf8.DecodeRuneInString(p[end:])
		end += size
	}
	cut := p[:end]
	if p[end] != ' ' { // the cut falls inside a word: drop that word
		if i := strings.LastIndexByte(cut, ' '); i > 0 {
			cut = cut[:i]
		}
	}
	trimmed := strings.TrimRightFunc(cut, dangling)
	if trimmed == "" {
		trimmed = strings.TrimRight(cut, " ")
	}
	return trimmed + "…"
}

// dangling reports runes that read badly right before an ellipsis: spaces,
// sentence and clause punctuation, dashes and opening brackets or quotes.
func dangling(r rune) bool {
	switch r {
	case ' ', ',', ';', ':', '.', '!', '?', '-', '–', '—', '(', '[', '{', '/', '&', '“', '‘', '«':
		return true
	}
	return false
}

// A brk is the kind of break between two pieces.
type brk uint8

const (
	brkNone  brk = iota // the start or end of the text
	brkSpace            // a run of spaces: ≥3, or 2 after a sentence
	brkLine             // a single line break
	brkBlank            // two or more line breaks
)

// A piece is a stretch of text between breaks: a paragraph, a list item,
// a heading, or a part of one until the later passes decide.
type piece struct {
	text          string // words separated by single spaces
	item          bool   // introduced by a list marker, which was consumed
	head          bool   // decided to be a heading
	before, after brk
}

// split cuts text at paragraph breaks and list markers.
//
// A whitespace run is a break when it holds two or more line breaks; when it
// holds one line break or three or more spaces, unless it sits inside a
// sentence (see kindOf); and when it is two spaces right after the end of a
// sentence (GHR's paragraphs; two spaces elsewhere are where the dataset
// dropped a character: "Pol  functions", "between 3  30 years"). A "-"
// followed by whitespace is a list marker at the start of the text and
// after a run of two or more spaces or a line break.
func split(s string) []piece {
	var ps []piece
	start := skipSpace(s, 0)
	if start == len(s) {
		return nil
	}
	cur := piece{before: brkNone}
	if j, ok := marker(s, start); ok {
		cur.item, start = true, j
	}
	emit := func(end int, after brk) {
		cur.text = normalize(s[start:end])
		cur.after = after
		if cur.text != "" {
			ps = append(ps, cur)
		} else if len(ps) > 0 && after > ps[len(ps)-1].after {
			ps[len(ps)-1].after = after
		}
	}
	i := start
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			// The common case: a word character, or a single space
			// before one, which can be neither a break nor a marker.
			if c > ' ' || c == ' ' && i+1 < len(s) && s[i+1] > ' ' && s[i+1] < utf8.RuneSelf {
				i++
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			i += size
			continue
		}
		j, lines, spaces := scanSpace(s, i)
		if j == len(s) {
			break
		}
		strong := lines > 0 || spaces >= 2
		if strong && i > start {
			if k, ok := marker(s, j); ok {
				b := kindOf(s[:i], s[j:], lines, spaces)
				if b == brkNone {
					b = brkSpace
				}
				emit(i, b)
				cur = piece{item: true, before: b}
				start, i = k, k
				continue
			}
		}
		if b := kindOf(s[:i], s[j:], lines, spaces); b != brkNone && i > start {
			emit(i, b)
			cur = piece{before: b}
			start = j
		}
		i = j
	}
	emit(len(s), brkNone)
	return ps
}

// kindOf classifies the whitespace run between before and after. A run
// inside a sentence, with no sentence end before it and a lower-case letter
// after it or a word such as "the" or "of" before it, is no break.
func kindOf(before, after string, lines, spaces int) brk {
	if lines == 0 && spaces < 2 {
		return brkNone
	}
	end := sentenceEnd(before)
	inSentence := false
	if !end {
		next, _ := utf8.DecodeRuneInString(after)
		word := before[strings.LastIndexFunc(before, unicode.IsSpace)+1:]
		inSentence = unicode.IsLower(next) || joiners[word]
	}
	switch {
	case lines >= 2:
		return brkBlank
	case lines == 1 && !inSentence:
		return brkLine
	case lines == 0 && spaces >= 3 && !inSentence:
		return brkSpace
	case lines == 0 && spaces == 2 && end:
		return brkSpace
	}
	return brkNone
}

// marker reports whether a list marker ("-" and whitespace, then a word)
// starts at s[i], and where the item's text begins.
func marker(s string, i int) (int, bool) {
	if i+1 >= len(s) || s[i] != '-' {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(s[i+1:])
	if !isSpace(r) {
		return 0, false
	}
	j := skipSpace(s, i+1)
	return j, j < len(s)
}

// sentenceEnd reports whether s ends a sentence: with . ? ! or :, or with
// a closing quote or bracket right after one of . ? !.
func sentenceEnd(s string) bool {
	r, size := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '?', '!', ':':
		return true
	case ')', '"', '\'', '”', '’', ']':
		r, _ = utf8.DecodeLastRuneInString(s[:len(s)-size])
		return r == '.' || r == '?' || r == '!'
	}
	return false
}

// joiners are words that cannot end a line of text.
var joiners = set("a", "an", "the", "of", "to", "in", "on", "for", "with", "by", "at", "from", "and", "or", "as")

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		i += size
	}
	return i
}

// scanSpace measures the whitespace run at s[i]: where it ends, how many
// line breaks and how many other whitespace runes it holds.
func scanSpace(s string, i int) (end, lines, spaces int) {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isSpace(r) {
			break
		}
		if r == '\n' {
			lines++
		} else if r != '\r' {
			spaces++
		}
		i += size
	}
	return i, lines, spaces
}

// normalize puts single spaces between the words of s.
func normalize(s string) string {
	simple := true
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			simple = false
			break
		}
		sp := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		if sp && (prevSpace || c != ' ') {
			simple = false
			break
		}
		prevSpace = sp
	}
	if simple && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// assemble turns pieces into blocks: runs of items become lists.
// markUnmarkedLists finds the lists the dataset lost their markers from
// (NHLBI: "RLS can range from mild to severe based on:" then one line per
// item): a piece ending in a colon, followed by two or more short pieces
// that end without sentence punctuation, which are then items.
func markUnmarkedLists(ps []piece) {
	for i := 0; i < len(ps)-2; i++ {
		if ps[i].item || !strings.HasSuffix(ps[i].text, ":") {
			continue
		}
		j := i + 1
		for j < len(ps) && !ps[j].item && !ps[j].head && itemLike(ps[j].text) {
			// A Title Case line after sentence-case items is the next
			// section's heading ("Rubbing the legs" then "Unpleasant
			// Feelings").
			if j > i+1 && len(strings.Fields(ps[j].text)) > 1 && titleCase(ps[j].text) && !titleCase(ps[i+1].text) {
				ps[j].head = true
				break
			}
			j++
		}
		if j-i-1 < 2 {
			continue
		}
		for k := i + 1; k < j; k++ {
			ps[k].item = true
		}
		i = j - 1
	}
}

// itemLike: a short line that does not end a sentence.
func itemLike(s string) bool {
	n := len(strings.Fields(s))
	if n == 0 || n > 20 {
		return false
	}
	switch s[len(s)-1] {
	case '.', '!', '?', ':':
		return false
	}
	return true
}

func assemble(ps []piece) []Block {
	blocks := make([]Block, 0, len(ps))
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		switch {
		case p.item:
			j := i
			for j < len(ps) && ps[j].item {
				j++
			}
			if j-i == 1 && !introduced(ps, i) {
				// A lone item with nothing announcing a list: keep its dash.
				blocks = append(blocks, Block{Kind: Paragraph, Text: "- " + p.text})
				continue
			}
			items := make([]string, 0, j-i)
			for _, q := range ps[i:j] {
				items = append(items, q.text)
			}
			blocks = append(blocks, Block{Kind: List, Items: items})
			i = j - 1
		case p.head:
			blocks = append(blocks, Block{Kind: Heading, Text: p.text})
		default:
			blocks = append(blocks, Block{Kind: Paragraph, Text: p.text})
		}
	}
	return blocks
}

// introduced reports whether the piece before ps[i] announces a list: it
// ends with a colon or is a heading.
func introduced(ps []piece, i int) bool {
	if i == 0 {
		return false
	}
	prev := ps[i-1]
	return !prev.item && (prev.head || strings.HasSuffix(prev.text, ":"))
}
