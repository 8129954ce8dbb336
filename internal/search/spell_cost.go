package search

// The speller's two measures of how far a typed word is from a corpus
// word: a weighted edit distance, and a phonetic key.
//
// Costs are in quarters of an edit. The cheap edits are the ones
// consumers make when they spell a word by ear or slip on a long one:
// a doubled letter written once or a single one doubled ("amoxicilin",
// "diarrhhea"), a silent h left out or put in ("clamidia", "rumatoid"),
// a silent first letter left out ("soriasis", "nee": phoneticKey's
// first rule already gives both spellings one key), one vowel for
// another ("neurofibromitosis"), and letters that stand for the same
// sound (c/k, c/s, s/z, k/q, g/j), or one sound written with other
// letters ("x" for "cz", "f" for "ph"). Each of those costs
// half an edit; any other insertion, deletion, substitution or swap of two
// adjacent letters costs one, and changing the first letter otherwise
// than by sound costs one and a half, since people seldom get it wrong.
const (
	fullEdit  = 4
	cheapEdit = 2
	firstLead = 2 // added to an unlike substitution of the first letter
)

// isVowel counts y, which spells the i sound in "dialysis" and
// "chlamydia".
func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// soundAlike: letters that spell the same sound in English words.
func soundAlike(a, b byte) bool {
	if isVowel(a) && isVowel(b) {
		return true
	}
	if a > b {
		a, b = b, a
	}
	switch string([]byte{a, b}) {
	case "ck", "cs", "sz", "kq", "gj", "cq":
		return true
	}
	return false
}

func substCost(a, b byte, first bool) int {
	switch {
	case a == b:
		return 0
	case soundAlike(a, b):
		return cheapEdit
	case first:
		return fullEdit + firstLead
	}
	return fullEdit
}

// indelCost is the cost of inserting or deleting s[i]: cheap for an h or
// for a letter beside its own double.
func indelCost(s string, i int) int {
	c := s[i]
	if c == 'h' || i > 0 && s[i-1] == c || i+1 < len(s) && s[i+1] == c || i == 0 && silentFirst(s) {
		return cheapEdit
	}
	return fullEdit
}

// silentFirst: w opens with a letter not heard ("psoriasis", "knee",
// "wrist"), the first rule of phoneticKey.
func silentFirst(w string) bool {
	return len(w) >= 2 && hasAnyPrefix(w, "pn", "ps", "pt", "kn", "gn", "mn", "wr")
}

// spellCost is the weighted Damerau–Levenshtein distance from a to b
// (adjacent swaps allowed, and the respellings of spellingsOfSound), in
// quarters, or limit+1 once it must exceed limit. Both are lower-case
// ASCII words of at most maxSpellLen+2 bytes, so the rows live on the
// stack.
func spellCost(a, b string, limit int) int {
	if len(a) > maxSpellLen+2 || len(b) > maxSpellLen+2 {
		return limit + 1
	}
	var r0, r1, r2 [maxSpellLen + 3]int
	prev2, prev, cur := r0[:len(b)+1], r1[:len(b)+1], r2[:len(b)+1]
	for j := 1; j <= len(b); j++ {
		prev[j] = prev[j-1] + indelCost(b, j-1)
	}
	lastMin := 0 // the previous row's least cost: row 0 starts at 0
	for i := 1; i <= len(a); i++ {
		cur[0] = prev[0] + indelCost(a, i-1)
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			c := min(prev[j]+indelCost(a, i-1), cur[j-1]+indelCost(b, j-1),
				prev[j-1]+substCost(a[i-1], b[j-1], i == 1 && j == 1))
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && a[i-1] != a[i-2] {
				c = min(c, prev2[j-2]+fullEdit)
			}
			c = min(c, spellingsOfSound(a, b, i, j, prev2, prev))
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		// The next row costs at least this one's least, or the previous
		// row's plus a cheap edit (two letters of a respelled): past the
		// limit from both, no later row comes back under it.
		if rowMin > limit && lastMin+cheapEdit > limit {
			return limit + 1
		}
		lastMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(b)] > limit {
		return limit + 1
	}
	return prev[len(b)]
}

// spellingsOfSound is the cost of reaching a[:i], b[:j] by writing one
// sound with other letters, a letter for two or two for two ("x" for
// "cz" or "ks", "f" for "ph"), from the rows of the distance table
// (prev2 for i-2, prev for i-1): one cheap edit, as for one
// letter for another of the same sound. This is the noisy channel of
// Brill and Moore (2000), substring edits, with the substrings that
// phoneticKey itself says sound alike rather than edits learned from
// errors; soundSpan keeps out vowels and w, which a key drops and
// whose loss is not a respelling. It returns more than any real cost
// when no such pair ends at i, j.
func spellingsOfSound(a, b string, i, j int, prev2, prev []int) int {
	best := 1 << 20
	if !soundSpan(a[i-1:i]) || !soundSpan(b[j-1:j]) || i == 1 && j == 1 {
		return best // the common case, checked before any key is read
	}
	for la := 1; la <= 2 && la <= i; la++ {
		for lb := 1; lb <= 2 && lb <= j; lb++ {
			if la == 1 && lb == 1 {
				continue // substCost's
			}
			sa, sb := a[i-la:i], b[j-lb:j]
			if sa == sb || !soundSpan(sa) || !soundSpan(sb) || !sameSound(sa, sb) {
				continue
			}
			row := prev
			if la == 2 {
				row = prev2
			}
			best = min(best, row[j-lb]+cheapEdit)
		}
	}
	return best
}

// soundSpan: a run of letters spellingsOfSound may respell, consonants
// other than w.
func soundSpan(s string) bool {
	for i := 0; i < len(s); i++ {
		if isVowel(s[i]) || s[i] == 'w' {
			return false
		}
	}
	return true
}

// sameSound: two short runs of consonants, each read alone, have the
// same key letters. The keys live on the stack: this runs in the
// innermost loop of every correction.
func sameSound(a, b string) bool {
	var ka, kb [8]byte
	return string(sound(ka[:0], a)) == string(sound(kb[:0], b))
}

// sound appends the key letters of a short run of letters read alone.
func sound(key []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		var skip int
		key, skip = appendSound(key, s, i)
		i += skip
	}
	return collapseRuns(key)
}

// phoneticKey is a Metaphone-like key of our own for English medical
// words: words that sound alike share it ("clamidia" and "chlamydia"
// both give "klmd", "farmacy" and "pharmacy" "frms", "numonia" and
// "pneumonia" "nmn"). Rules, in order:
//   - a silent first letter goes (pn, ps, pt, kn, gn, mn: the second
//     letter stays; wr: r); a first x is s (xylitol); a first vowel is
//     kept as "a", since it is heard;
//   - ph is f; ch is k (Greek medical words: chronic, cholera,
//     chlamydia); sch is sk; c before e, i or y is s, otherwise k; q is
//     k; x is ks; z is s; g before e, i or y is j;
//   - vowels (with y), w and h go after the first letter;
//   - then runs of one letter are written once (rr, ll, ss).
func phoneticKey(w string) string {
	key := make([]byte, 0, len(w))
	i := 0
	switch {
	case silentFirst(w):
		i = 1
	case len(w) > 0 && w[0] == 'x':
		key, i = append(key, 's'), 1
	case len(w) > 0 && isVowel(w[0]):
		key, i = append(key, 'a'), 1
	case len(w) > 0 && (w[0] == 'h' || w[0] == 'w'):
		key, i = append(key, w[0]), 1
	}
	for ; i < len(w); i++ {
		var skip int
		key, skip = appendSound(key, w, i)
		i += skip
	}
	return string(collapseRuns(key))
}

// appendSound appends the key letters of w[i], and says how many more
// letters of w they stand for.
func appendSound(key []byte, w string, i int) ([]byte, int) {
	c, next := w[i], byte(0)
	if i+1 < len(w) {
		next = w[i+1]
	}
	soft := next == 'e' || next == 'i' || next == 'y'
	switch {
	case isVowel(c) || c == 'w' || c == 'h':
		return key, 0
	case c == 'p' && next == 'h':
		return append(key, 'f'), 1
	case c == 'c' && next == 'h':
		return append(key, 'k'), 1
	case c == 'c' && soft, c == 'z':
		return append(key, 's'), 0
	case c == 'c' || c == 'q':
		return append(key, 'k'), 0
	case c == 'x':
		return append(key, 'k', 's'), 0
	case c == 'g' && soft:
		return append(key, 'j'), 0
	}
	return append(key, c), 0
}

func hasAnyPrefix(w string, prefixes ...string) bool {
	for _, p := range prefixes {
		if len(w) >= len(p) && w[:len(p)] == p {
			return true
		}
	}
	return false
}

func collapseRuns(b []byte) []byte {
	out := b[:0]
	for i, c := range b {
		if i == 0 || c != b[i-1] {
			out = append(out, c)
		}
	}
	return out
}
