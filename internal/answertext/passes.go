package answertext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The passes below refine split's pieces. Each only cuts a piece's text at
// a space, possibly dropping a "-" or ":" token at the cut, or marks a
// piece as a heading; none touches a word.

// splitLeadingItems finds a list's first item when only the later ones have
// the usual marker: NIHSeniorHealth writes "Other risk factors include -
// Smoking  - Obesity  - Race." A paragraph followed by an item gives its
// text after its last " - " to a new first item, unless that dash looks
// like prose: a numeric range ("45 - 60"), or a tail that runs on past a
// sentence into an unfinished one ("... muscles - the ones you can
// control. At first, ... Some people notice").
func splitLeadingItems(ps []piece) []piece {
	for i := 0; i < len(ps)-1; i++ {
		p := ps[i]
		if p.item || !ps[i+1].item {
			continue
		}
		k := strings.LastIndex(p.text, " - ")
		if k < 0 {
			continue
		}
		head, tail := p.text[:k], p.text[k+3:]
		if head == "" || tail == "" || numericRange(head, tail) || strings.HasSuffix(tail, ":") {
			continue
		}
		if hasSentenceBreak(tail) && !endsSentence(tail) {
			continue
		}
		first := piece{text: tail, item: true, before: brkSpace, after: p.after}
		ps[i].text, ps[i].after = head, brkSpace
		ps = insert(ps, i+1, first)
		i++
	}
	return ps
}

// splitInlineItems splits a lone item whose further items are separated
// only by " - ", as NINDS writes "- stroke and traumatic brain injury -
// Alzheimers disease, ... - cerebral palsy, ...". The item must stand alone
// (no item before or after it) and hold two or more such dashes, or dashes
// that each follow a sentence or clause end ("... nerve cells. -
// Neurofibrillary tangles ..."); a single dash after a word stays prose
// ("MedlinePlus Encyclopedia: Anemia - B12 deficiency").
func splitInlineItems(ps []piece) []piece {
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if !p.item || (i > 0 && ps[i-1].item) || (i+1 < len(ps) && ps[i+1].item) {
			continue
		}
		parts := strings.Split(p.text, " - ")
		if len(parts) < 2 {
			continue
		}
		ok := true
		afterPunct := true
		for j, part := range parts {
			if part == "" || (j > 0 && numericRange(parts[j-1], part)) {
				ok = false
				break
			}
			if j < len(parts)-1 {
				r, _ := utf8.DecodeLastRuneInString(part)
				afterPunct = afterPunct && (r == '.' || r == ';' || r == ',')
			}
		}
		if !ok || (len(parts) == 2 && !afterPunct) {
			continue
		}
		items := make([]piece, len(parts))
		for j, part := range parts {
			items[j] = piece{text: part, item: true, before: brkSpace, after: brkSpace}
		}
		items[0].before = p.before
		items[len(items)-1].after = p.after
		ps = append(ps[:i], append(items, ps[i+1:]...)...)
		i += len(items) - 1
	}
	return ps
}

// The Human Phenotype Ontology tables in GARD answers: a header, then rows
// of a sign and how often it occurs ("90%", "7/10", or "-" for unknown),
// then a fixed explanation.
const (
	hpoHeader = "Signs and Symptoms Approximate number of patients (when available)"
	hpoAfter  = "The Human Phenotype Ontology (HPO) has collected"
)

// splitPhenotypeTables turns GARD's flattened phenotype tables into a
// heading (the table's header) and a list of rows. A row ends with its
// frequency when the next row starts there (with a capital letter or a
// digit); the "-" standing for an unknown frequency is dropped, a known one
// stays with its sign ("Cognitive impairment 90%"). A table whose rows do
// not all parse this way stays as it is, and so does a single row unless
// the table's closing explanation follows it.
func splitPhenotypeTables(ps []piece) []piece {
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if p.item || p.head {
			continue
		}
		h := wordIndex(p.text, hpoHeader)
		if h < 0 {
			continue
		}
		before := strings.TrimSpace(p.text[:h])
		rest := strings.TrimSpace(p.text[h+len(hpoHeader):])
		after := ""
		if e := wordIndex(rest, hpoAfter); e >= 0 {
			rest, after = strings.TrimSpace(rest[:e]), rest[e:]
		}
		rows := phenotypeRows(rest)
		if len(rows) == 0 || len(rows) == 1 && after == "" {
			continue
		}
		var out []piece
		if before != "" {
			out = append(out, piece{text: before, before: p.before, after: brkSpace})
		}
		out = append(out, piece{text: hpoHeader, head: true, before: brkSpace, after: brkSpace})
		for _, r := range rows {
			out = append(out, piece{text: r, item: true, before: brkSpace, after: brkSpace})
		}
		if after != "" {
			out = append(out, piece{text: after, before: brkSpace})
		}
		out[0].before = p.before
		out[len(out)-1].after = p.after
		ps = append(ps[:i], append(out, ps[i+1:]...)...)
		i += len(out) - 1
	}
	return ps
}

// wordIndex is strings.Index for a phrase that starts and ends at word
// boundaries in s.
func wordIndex(s, phrase string) int {
	for k := 0; ; {
		j := strings.Index(s[k:], phrase)
		if j < 0 {
			return -1
		}
		k += j
		end := k + len(phrase)
		if (k == 0 || s[k-1] == ' ') && (end == len(s) || s[end] == ' ') {
			return k
		}
		k++
	}
}

// phenotypeRows splits a table's rows, or returns nil when they do not
// parse: every row needs a sign and a frequency.
func phenotypeRows(s string) []string {
	words := strings.Fields(s)
	var rows []string
	start := 0
	for j, w := range words {
		if !isFrequency(w) || j == start {
			continue
		}
		if j+1 < len(words) && !startsRow(words[j+1]) {
			continue
		}
		end := j
		if w != "-" {
			end = j + 1
		}
		rows = append(rows, strings.Join(words[start:end], " "))
		start = j + 1
	}
	if start != len(words) {
		return nil
	}
	return rows
}

// isFrequency reports a frequency cell of a phenotype table: "-", "90%",
// "7.5%" or "7/10".
func isFrequency(w string) bool {
	if w == "-" {
		return true
	}
	if n := len(w); n > 1 && w[n-1] == '%' {
		return isNumber(w[:n-1], '.')
	}
	if a, b, ok := strings.Cut(w, "/"); ok {
		return isNumber(a, 0) && isNumber(b, 0)
	}
	return false
}

func isNumber(s string, sep byte) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == sep && sep != 0 && i > 0 && i < len(s)-1:
		default:
			return false
		}
	}
	return digits > 0
}

func startsRow(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// splitRunOn ends a list item where NIHSeniorHealth repeats the whole list
// as run-on text ("- have some mood and personality changes. find it hard
// to remember things ask the same questions over and over ..." after "-
// find it hard to remember things  - ask the same questions ..."): at a
// sentence end followed by the text of the list's first item. The repeat
// and what follows it become a paragraph. A first item of one or two words
// must be lower-case to count, so that "... after chemotherapy. Surgery is
// also used" does not match a first item "Surgery".
func splitRunOn(ps []piece) []piece {
	first := ""
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		if !p.item {
			continue
		}
		if i == 0 || !ps[i-1].item {
			first = p.text
		}
		k := repeatStart(p.text, first)
		if k < 0 {
			continue
		}
		rest := piece{text: p.text[k+1:], before: brkSpace, after: p.after}
		ps[i].text, ps[i].after = p.text[:k], brkSpace
		ps = insert(ps, i+1, rest)
		i++
	}
	return ps
}

// repeatStart returns the index of the space after a sentence end in s
// that is followed by first, or -1.
func repeatStart(s, first string) int {
	r, _ := utf8.DecodeRuneInString(first)
	if !unicode.IsLower(r) && strings.Count(first, " ") < 2 {
		return -1
	}
	for k := 0; ; {
		j := strings.Index(s[k:], first)
		if j < 0 {
			return -1
		}
		k += j
		end := k + len(first)
		if k >= 2 && s[k-1] == ' ' && (s[k-2] == '.' || s[k-2] == '?') && (end == len(s) || s[end] == ' ') {
			return k - 1
		}
		k++
	}
}

// numericRange reports a dash between two numbers: "45 - 60", "5 - 10 mg".
func numericRange(before, after string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	n, _ := utf8.DecodeRuneInString(after)
	return unicode.IsDigit(r) && unicode.IsDigit(n)
}

// hasSentenceBreak reports a sentence end followed by more text.
func hasSentenceBreak(s string) bool {
	return strings.Contains(s, ". ") || strings.Contains(s, "? ") || strings.Contains(s, "! ")
}

// endsSentence reports text ending like a finished sentence.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '?', '!', ')', '"', '”':
		return true
	}
	return false
}

func insert(ps []piece, i int, p piece) []piece {
	ps = append(ps, piece{})
	copy(ps[i+1:], ps[i:])
	ps[i] = p
	return ps
}

func lastWord(s string) string {
	return s[strings.LastIndexByte(s, ' ')+1:]
}
