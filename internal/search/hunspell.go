package search

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"unicode"
)

// Dictionaries names the Hunspell word lists the speller takes as known
// words, so that it never "corrects" a real word the corpus happens not
// to use ("tingly", "amoxicillin's"). They are read at run time and
// nothing derived from them is kept in the repository: the medical list
// is GPL-3+.
type Dictionaries struct {
	Affix string   // the .aff file whose affix rules the .dic flags name
	Words []string // .dic files, all read with Affix's rules
}

// DebianDictionaries are Debian's hunspell-en-us (American English) and
// hunspell-en-med (the OpenMedSpel medical list, which Hunspell reads
// with en_US's affix rules, as `hunspell -d en_US,en_med_glut` does).
// This is the one place that names their paths.
var DebianDictionaries = Dictionaries{
	Affix: "/usr/share/hunspell/en_US.aff",
	Words: []string{"/usr/share/hunspell/en_US.dic", "/usr/share/hunspell/en_med_glut.dic"},
}

// dictionaries holds the word lists in use, loaded once per process on
// first need: every index of the process shares them.
var dictionaries = struct {
	mu     sync.Mutex
	files  Dictionaries
	log    *slog.Logger
	loaded bool
	list   *wordList
}{files: DebianDictionaries}

// UseDictionaries makes later indexes' spellers read d instead of
// DebianDictionaries (an empty d: the corpus vocabulary alone), with
// notices about missing files on log (nil: slog's default).
func UseDictionaries(d Dictionaries, log *slog.Logger) {
	dictionaries.mu.Lock()
	defer dictionaries.mu.Unlock()
	dictionaries.files, dictionaries.log, dictionaries.loaded, dictionaries.list = d, log, false, nil
}

// knownWords is the loaded word lists, or nil when none could be read.
// A missing file is a logged notice, not an error: the product runs
// without them, on the corpus vocabulary alone.
func knownWords() *wordList {
	dictionaries.mu.Lock()
	defer dictionaries.mu.Unlock()
	if !dictionaries.loaded {
		log := dictionaries.log
		if log == nil {
			log = slog.Default()
		}
		dictionaries.list = loadDictionaries(dictionaries.files, log)
		dictionaries.loaded = true
	}
	return dictionaries.list
}

func loadDictionaries(d Dictionaries, log *slog.Logger) *wordList {
	l := &wordList{words: map[string]dicEntry{}}
	if d.Affix != "" {
		if err := readFile(d.Affix, l.readAffixes); err != nil {
			log.Warn("spelling: no affix rules, dictionary words are taken without their inflections", "err", err)
		}
	}
	read := 0
	for _, p := range d.Words {
		if err := readFile(p, l.readDic); err != nil {
			log.Warn("spelling: a word list is missing; words it knows may be corrected", "err", err)
			continue
		}
		read++
	}
	if read == 0 {
		if len(d.Words) > 0 {
			log.Warn("spelling: no word list read; correcting against the corpus vocabulary alone")
		}
		return nil
	}
	return l
}

func readFile(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := read(f); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// wordList is a set of words with Hunspell's affix rules: a word is
// known as written in a .dic file or as a stem the rules inflect.
// Words are keyed as the analyzer writes them: lower case, accents
// folded, apostrophes dropped.
type wordList struct {
	words    map[string]dicEntry
	suffixes []affixRule
	prefixes []affixRule
}

// dicEntry is a word's affix flags. Acronym: every spelling in the
// lists is in capitals ("AAD"), so the word is known only when written
// so; "aad" in a message is no word.
type dicEntry struct {
	flags   string
	acronym bool
}

// affixRule is one SFX or PFX line: take strip off the stem's end (or
// start), put add there; the stem must match cond.
type affixRule struct {
	flag       rune
	strip, add string
	cond       []condPart
}

// condPart is one position of a rule's condition: any letter ('.'), or
// a set of letters, possibly negated ("[^aeiou]").
type condPart struct {
	any, negate bool
	set         string
}

// readDic reads a .dic file: a first line with the word count, then a
// word a line, optionally "/flags" after it (a "\/" is a slash of the
// word) and morphological fields after white space. Lines starting with
// white space are comments (en_med_glut's header).
func (l *wordList) readDic(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first {
			first = false
			if isCount(line) {
				continue
			}
		}
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			line = line[:i]
		}
		word, flags := splitFlags(line)
		l.addWord(word, flags)
	}
	return sc.Err()
}

func isCount(line string) bool {
	line = strings.TrimSpace(line)
	return line != "" && strings.Trim(line, "0123456789") == ""
}

// splitFlags splits "word/flags" at the first slash not escaped as "\/".
func splitFlags(s string) (word, flags string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '/':
			return strings.ReplaceAll(s[:i], `\/`, "/"), s[i+1:]
		}
	}
	return strings.ReplaceAll(s, `\/`, "/"), ""
}

// addWord adds a dictionary word. One with several parts
// ("x-linked", "17-hydroxyprogesterone") adds each part of two or more
// letters as the analyzer splits it, the flags going with the last.
func (l *wordList) addWord(word, flags string) {
	parts := words(word)
	acronym := isAcronym(word)
	for i, p := range parts {
		if len(p) < 2 {
			continue
		}
		f := ""
		if i == len(parts)-1 {
			f = flags
		}
		e, seen := l.words[p]
		if !seen {
			e.acronym = acronym
		} else {
			e.acronym = e.acronym && acronym
		}
		for _, fl := range f {
			if !strings.ContainsRune(e.flags, fl) {
				e.flags += string(fl)
			}
		}
		l.words[p] = e
	}
}

func isAcronym(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 2
}
