package answertext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// gluedHeadings splits off a heading that MedQuAD glued to the start of an
// answer: a one-word label before " : " (MedlinePlus's "Summary : A1C is
// ..."), whose colon is dropped, or a question (GARD's "How is X diagnosed?
// X is diagnosed ..."). Only the answer's first paragraph is looked at:
// further in, "Biopsy : The removal of cells ..." defines a term and "What
// causes hearing loss? Some possibilities are" opens a paragraph.
func gluedHeadings(ps []piece) []piece {
	p := ps[0]
	if p.item || p.head {
		return ps
	}
	var head, rest string
	if label, after, ok := strings.Cut(p.text, " : "); ok && isLabel(label) {
		head, rest = label, after
	} else if n := questionLength(p.text); n > 0 && n < len(p.text) {
		head, rest = p.text[:n], p.text[n+1:]
		if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return ps
		}
	} else {
		return ps
	}
	ps[0] = piece{text: head, head: true, before: p.before, after: brkSpace}
	return insert(ps, 1, piece{text: rest, before: brkSpace, after: p.after})
}

// isLabel reports a one-word label such as "Summary".
func isLabel(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i, r := range s {
		if !unicode.IsLetter(r) || (i == 0 && !unicode.IsUpper(r)) {
			return false
		}
	}
	return true
}

// questionLength returns the length of the question that starts s, through
// its question mark, or 0. A heading question opens with an interrogative,
// is one sentence of at most 30 words, and addresses no one: "What causes
// X?" is a heading, "Is it hard for your child to sit still?" opens a
// paragraph.
func questionLength(s string) int {
	first, _, _ := strings.Cut(s, " ")
	if !interrogatives[first] {
		return 0
	}
	q := strings.IndexByte(s, '?')
	if q < 0 || (q+1 < len(s) && s[q+1] != ' ') {
		return 0
	}
	question := s[:q+1]
	if strings.Contains(question, ". ") || strings.Contains(question, "! ") {
		return 0
	}
	words := strings.Fields(question)
	if len(words) > 30 {
		return 0
	}
	for _, w := range words {
		if personal[strings.ToLower(strings.TrimFunc(w, notLetter))] {
			return 0
		}
	}
	return q + 1
}

var interrogatives = set("What", "How", "Is", "Are", "Can", "Could", "Does", "Do", "Did", "Who", "Whom",
	"Whose", "Why", "When", "Where", "Which", "Should", "Will", "Would", "Has", "Have", "Was", "Were", "May")

// personal words mark a question put to the reader, not a heading.
var personal = set("you", "your", "yours", "yourself", "i", "me", "my", "mine", "we", "us", "our", "ours")

// markHeadings marks the pieces that stand alone as headings:
//
//   - a short title on its own ("Nerve Damage", "Key Points", "Stage 0
//     (Carcinoma in Situ)") or a question on its own ("What is a prion?");
//   - a sentence alone on its first line at the start of a section, as in
//     CancerGov, where each section repeats its key point as a heading
//     ("There are three ways that cancer spreads in the body.").
//
// A heading must be followed by content: a list, or a paragraph that is
// not title-like and ends like a sentence. A title before a list must be
// in title case ("Key Points", not "Rare diseases", which introduces its
// list). A short title must also follow the end of
// something: the start of the text, a heading, a list, a finished sentence,
// or (before a list) a line such as a table's caption, but not a line
// ending with ":". Short lines between unfinished ones, or after a line
// ending with ":", are list items written without a marker (NHLBI:
// "Typical movements are:", "Pacing and walking", "Jiggling the legs";
// "Fruits, such as apples, ...", "Legumes, such as ..."), so they stay
// paragraphs.
func markHeadings(ps []piece) {
	for i := range ps {
		p := &ps[i]
		if p.item || p.head || i+1 == len(ps) {
			continue
		}
		next := ps[i+1]
		if !next.item && (next.head || titleLike(next.text) || !sentenceEnd(next.text)) {
			continue
		}
		if titleLike(p.text) {
			if next.item && !titleCase(p.text) {
				continue
			}
			if i > 0 {
				prev := ps[i-1]
				unfinished := strings.HasSuffix(prev.text, ":") || (!sentenceEnd(prev.text) && !next.item)
				if !prev.head && !prev.item && unfinished {
					continue
				}
			}
			p.head = true
			continue
		}
		if (p.before == brkNone || p.before == brkBlank) && p.after == brkLine && sectionSentence(p.text) {
			p.head = true
		}
	}
}

// titleCase reports whether every word but short function words starts
// with a capital letter or a digit.
func titleCase(s string) bool {
	for i, w := range strings.Fields(s) {
		w = strings.TrimLeft(w, "(\"'“‘[")
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || unicode.IsUpper(r) {
			continue
		}
		if i == 0 || !minor[w] {
			return false
		}
	}
	return true
}

// minor words stay lower-case in titles.
var minor = set("a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "for", "with", "by", "at",
	"from", "as", "vs", "via", "per", "into", "about", "than", "over", "after", "before", "without", "within")

// titleLike reports a short title (at most 10 words, not ending like a
// sentence or a clause, nor with a word that leads into more text) or a
// heading question on its own.
func titleLike(s string) bool {
	if n := questionLength(s); n > 0 {
		return n == len(s)
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	if !unicode.IsLetter(last) && !unicode.IsDigit(last) && last != ')' {
		return false
	}
	if len(s) > 100 || hasSentenceBreak(s) || strings.Count(s, " ") >= 10 {
		return false
	}
	return !leading[strings.ToLower(lastWord(s))] && strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// leading words end text that goes on in the next block ("Symptoms
// include", "Some people notice"): such a line is not a title.
var leading = set("a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "for", "with", "by", "at",
	"from", "as", "such", "that", "which", "who", "whom", "include", "includes", "including", "are", "is", "be",
	"was", "were", "may", "can", "will", "would", "should", "could", "must", "has", "have", "had", "do", "does",
	"these", "this", "those", "following", "like", "than", "then", "if", "when", "while", "about", "into",
	"your", "our", "their", "its", "his", "her", "my", "you", "them", "notice", "called", "because", "via", "per")

// sectionSentence reports one sentence of at most 40 words that starts with
// a capital letter: a CancerGov section's key point.
func sectionSentence(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(first) && !hasSentenceBreak(s) && strings.Count(s, " ") < 40
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
