package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Dictionary is a set of English word forms read from Hunspell files at
// run time: the failure-class detectors use it to tell a misspelling
// from a word the corpus happens not to use. The word lists are GPL and
// LGPL data of the Debian packages hunspell-en-us and hunspell-en-med;
// they are read where the system installed them, never copied into the
// repository.
type Dictionary struct {
	// Files names the .dic files read, in order.
	Files []string
	words map[string]uint8 // form → inDictionary, plus ordinaryWord
}

const (
	inDictionary = 1 << iota
	// ordinaryWord: en_US (not the medical list) writes the form in lower
	// case, as a word of everyday English.
	ordinaryWord
)

// Has reports whether w (lower case, apostrophes removed) is a form of a
// dictionary word.
func (d *Dictionary) Has(w string) bool { return d != nil && d.words[w] != 0 }

// Ordinary reports whether w is a word of everyday English: en_US
// writes it in lower case ("coffee", "door"; not "dna", only written
// "DNA", nor "holter" or "beckwith", which only the medical list or
// nothing has).
func (d *Dictionary) Ordinary(w string) bool { return d != nil && d.words[w]&ordinaryWord != 0 }

// Len is the number of distinct word forms.
func (d *Dictionary) Len() int {
	if d == nil {
		return 0
	}
	return len(d.words)
}

// dictionaryFiles are the word lists read from a Hunspell folder, each
// with the affix file its flags refer to: the medical list is written
// for en_US's affixes.
var dictionaryFiles = []string{"en_US.dic", "en_med_glut.dic"}

// ErrNoDictionary: the folder holds no en_US.dic.
var ErrNoDictionary = errors.New("eval: no Hunspell en_US dictionary")

// LoadDictionary reads en_US.aff and en_US.dic from dir, and
// en_med_glut.dic (hunspell-en-med) when it is there, expanding every
// word by the prefix and suffix rules its flags name ("cause/DSMG" →
// cause, caused, causes, cause's, causing). Without en_US.dic it returns
// ErrNoDictionary.
func LoadDictionary(dir string) (*Dictionary, error) {
	aff, err := os.Open(filepath.Join(dir, "en_US.aff"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoDictionary
	}
	if err != nil {
		return nil, err
	}
	defer aff.Close()
	rules, err := readAffixes(aff)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", aff.Name(), err)
	}
	d := &Dictionary{words: map[string]uint8{}}
	for i, name := range dictionaryFiles {
		f, err := os.Open(filepath.Join(dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			if i == 0 {
				return nil, ErrNoDictionary
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		err = d.read(f, rules, i == 0)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name(), err)
		}
		d.Files = append(d.Files, name)
	}
	return d, nil
}

// affix is one prefix or suffix rule: strip Strip, add Add, where the
// word's start (prefix) or end (suffix) matches Cond.
type affix struct {
	strip, add string
	cond       []charClass
}

// affixGroup is one flag's rules.
type affixGroup struct {
	prefix, cross bool
	rules         []affix
}

// charClass is one position of a condition: ".", "x", "[xy]" or "[^xy]".
type charClass struct {
	any, negate bool
	set         string
}

func (c charClass) match(r rune) bool {
	return c.any || strings.ContainsRune(c.set, r) != c.negate
}

// readAffixes reads the PFX and SFX rules of an affix file whose flags
// are single characters (en_US's); other lines are not needed to list
// word forms.
func readAffixes(r io.Reader) (map[rune]*affixGroup, error) {
	groups := map[rune]*affixGroup{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || f[0] != "PFX" && f[0] != "SFX" {
			continue
		}
		flag := []rune(f[1])
		if len(flag) != 1 {
			return nil, fmt.Errorf("affix flag %q: only one-character flags are read", f[1])
		}
		g := groups[flag[0]]
		if g == nil { // the header: PFX A Y 1
			groups[flag[0]] = &affixGroup{prefix: f[0] == "PFX", cross: f[2] == "Y"}
			continue
		}
		if len(f) < 5 {
			return nil, fmt.Errorf("affix rule %q: want 5 fields", sc.Text())
		}
		cond, err := parseCondition(f[4])
		if err != nil {
			return nil, err
		}
		add, _, _ := strings.Cut(f[3], "/") // continuation flags: not followed
		g.rules = append(g.rules, affix{strip: zero(f[2]), add: zero(add), cond: cond})
	}
	return groups, sc.Err()
}

// zero reads Hunspell's "0", the empty string.
func zero(s string) string {
	if s == "0" {
		return ""
	}
	return s
}

func parseCondition(s string) ([]charClass, error) {
	var out []charClass
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch rs[i] {
		case '.':
			out = append(out, charClass{any: true})
		case '[':
			end := i + 1
			for end < len(rs) && rs[end] != ']' {
				end++
			}
			if end == len(rs) {
				return nil, fmt.Errorf("affix condition %q: unclosed [", s)
			}
			body := string(rs[i+1 : end])
			c := charClass{set: body}
			if strings.HasPrefix(body, "^") {
				c = charClass{negate: true, set: body[1:]}
			}
			out = append(out, c)
			i = end
		default:
			out = append(out, charClass{set: string(rs[i])})
		}
	}
	return out, nil
}

// apply makes the rule's form of word, if the condition holds.
func (a affix) apply(word string, prefix bool) (string, bool) {
	rs := []rune(word)
	if len(a.cond) > len(rs) {
		return "", false
	}
	at := len(rs) - len(a.cond)
	if prefix {
		at = 0
	}
	for i, c := range a.cond {
		if !c.match(rs[at+i]) {
			return "", false
		}
	}
	if prefix {
		if !strings.HasPrefix(word, a.strip) {
			return "", false
		}
		return a.add + word[len(a.strip):], true
	}
	if !strings.HasSuffix(word, a.strip) {
		return "", false
	}
	return word[:len(word)-len(a.strip)] + a.add, true
}

// read adds the forms of every entry of a .dic file: the first line is
// a count, lines starting with white space are comments (the medical
// list's header), an entry is "word" or "word/FLAGS" followed by
// optional fields.
func (d *Dictionary) read(r io.Reader, groups map[rune]*affixGroup, everyday bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			continue
		}
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		entry := strings.Fields(line)[0]
		word, flags, _ := strings.Cut(entry, "/")
		for _, form := range expand(word, flags, groups) {
			d.add(form, everyday)
		}
	}
	return sc.Err()
}

// expand lists a word's forms: itself, each suffix form, each prefix
// form, and prefix with suffix where both rules allow the cross product.
func expand(word, flags string, groups map[rune]*affixGroup) []string {
	forms := []string{word}
	var crossable []string // the word and its cross-product suffix forms
	crossable = append(crossable, word)
	for _, fl := range flags {
		g := groups[fl]
		if g == nil || g.prefix {
			continue
		}
		for _, a := range g.rules {
			if f, ok := a.apply(word, false); ok {
				forms = append(forms, f)
				if g.cross {
					crossable = append(crossable, f)
				}
			}
		}
	}
	for _, fl := range flags {
		g := groups[fl]
		if g == nil || !g.prefix {
			continue
		}
		bases := []string{word}
		if g.cross {
			bases = crossable
		}
		for _, b := range bases {
			for _, a := range g.rules {
				if f, ok := a.apply(b, true); ok {
					forms = append(forms, f)
				}
			}
		}
	}
	return forms
}

// add keeps a form as the detectors see words: lower case, apostrophes
// dropped, and a hyphenated form also as its parts ("x-ray": x, ray),
// since messages are split at hyphens; everyday marks en_US's forms.
func (d *Dictionary) add(form string, everyday bool) {
	for _, t := range tokenize(form) {
		mark := uint8(inDictionary)
		if everyday && t.raw == t.lower {
			mark |= ordinaryWord
		}
		d.words[t.lower] |= mark
	}
}
