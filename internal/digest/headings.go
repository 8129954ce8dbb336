package digest

// Section headings. Long answers split a question into sections under
// short headings ("Nerve Damage", "Physical Therapy"), and a section's
// text often restates its heading in its first paragraph ("Nerve damage
// in the feet may ..."). In an answer about causes, symptoms or
// treatments such a heading names a point of that kind. The point is
// read from the sentence that restates the heading, so its label and
// evidence are that sentence's words; a heading its section does not
// restate, or that names nothing ("Overview", "Medicines"), is no point.

// headingKinds are the question types whose answers' sections are
// points of the question's kind.
var headingKinds = set("causes", "symptoms", "treatment", "prevention", "management")

// sectionHeading adds the words of u that restate its section's heading.
func (x *extractor) sectionHeading(u *unit) {
	if u.heading == "" || !headingKinds[x.qtype] {
		return
	}
	h := tokenize(u.heading)
	var words []string
	for k := range h {
		if h[k].word() {
			words = append(words, h[k].w)
		} else if h[k].p != '-' && h[k].p != '\'' {
			return // "Medicines and Substances: An Overview", "Diet (Nutrition)": not one phrase
		}
	}
	if len(words) == 0 || len(words) > 6 {
		return
	}
	toks := u.toks
	for k := range toks {
		end := matchWords(toks, k, words)
		if end < 0 {
			continue
		}
		if !x.nonGeneric(u, k, end) || onlyBodyParts(toks, span(k, end)) {
			return
		}
		x.add(u, span(k, end), kHead)
		return
	}
}

// matchWords matches lower-case words at token k, skipping hyphens and
// apostrophes as the heading does; it returns the end or -1.
func matchWords(toks []tok, k int, words []string) int {
	m := k
	for i, w := range words {
		for i > 0 && m < len(toks) && (toks[m].p == '-' || toks[m].p == '\'') {
			m++
		}
		if m >= len(toks) || toks[m].w != w {
			return -1
		}
		m++
	}
	return m
}
