package digest

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
)

// The word cache memoizes wordInfo: the same few thousand words recur in
// every answer, and stemming is most of the cost of a digest otherwise.
// Readers look words up in an immutable snapshot without locking (a small
// map from word to index, so that it stays in cache, and the infos); new
// words go to a pending map under a mutex and are merged into a new
// snapshot in batches. It is bounded: past wordCacheMax words, new words
// are computed each time.
type wordSnapshot struct {
	index map[string]int32
	infos []wordInfo
}

var (
	wordSnap    atomic.Pointer[wordSnapshot]
	wordMu      sync.Mutex
	wordPending = map[string]wordInfo{}
)

const (
	wordCacheMax   = 200000
	wordMergeBatch = 512
)

// stem returns the Snowball English stem of a lower-case word.
func stem(w string) string {
	return english.Stem(w, true)
}

// info returns a lower-case word's stem, class and triggers, cached.
func info(w string) wordInfo {
	snap := wordSnap.Load()
	if snap != nil {
		if i, ok := snap.index[w]; ok {
			return snap.infos[i]
		}
	}
	return addInfo(w, snap)
}

// infoBytes is info for a lower-case word in a scratch buffer: no
// allocation when the word is cached.
func infoBytes(b []byte) wordInfo {
	snap := wordSnap.Load()
	if snap != nil {
		if i, ok := snap.index[string(b)]; ok {
			return snap.infos[i]
		}
	}
	return addInfo(string(b), snap)
}

func addInfo(w string, snap *wordSnapshot) wordInfo {
	wordMu.Lock()
	defer wordMu.Unlock()
	if in, ok := wordPending[w]; ok {
		return in
	}
	w = strings.Clone(w)
	in := wordInfo{w: w, stem: computeKeyStem(w), kind: wordKind(w), trig: triggers(w), cls: classesOf(w)}
	if lexFirst[in.stem] {
		in.trig |= fLex
	}
	size := len(wordPending)
	if snap != nil {
		size += len(snap.infos)
	}
	if size >= wordCacheMax {
		return in
	}
	wordPending[w] = in
	if len(wordPending) >= wordMergeBatch || snap == nil {
		next := &wordSnapshot{index: make(map[string]int32, size+1)}
		if cur := wordSnap.Load(); cur != nil {
			next.infos = make([]wordInfo, len(cur.infos), size+1)
			copy(next.infos, cur.infos)
			for k, v := range cur.index {
				next.index[k] = v
			}
		}
		for k, v := range wordPending {
			next.index[k] = int32(len(next.infos))
			next.infos = append(next.infos, v)
		}
		wordSnap.Store(next)
		wordPending = map[string]wordInfo{}
	}
	return in
}

func computeKeyStem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
	w = strings.ReplaceAll(w, "’", "'")
	if n, ok := wordLexicon[w]; ok {
		w = n
	}
	return stem(w)
}

// triggers returns the trigger flags of a word.
func triggers(w string) uint8 {
	var f uint8
	if statementTriggers[w] != 0 || isNumber(w) {
		f |= fStatement
	}
	if boilerWords[w] {
		f |= fBoiler
	}
	return f
}

// boilerWords are words one of which boilerplate holds (see boilerAt).
var boilerWords = set("http", "https", "www", "website", "web", "links", "click", "more", "learn", "read", "visit",
	"view", "answer", "institute", "medlineplus", "medscape", "genereviews", "gene", "genetic", "orphanet",
	"ontology", "dictionary", "com", "gov", "org")

// boilerAt reports boilerplate around a trigger word at k: links and
// addresses, references to other resources ("For more information",
// "please visit", "Gene Review"), and attribution ("This answer is based
// on", "National Institute of ...").
func boilerAt(toks []tok, k int) bool {
	w := toks[k].w
	next := ""
	if k+1 < len(toks) {
		next = toks[k+1].w
	}
	prev, prevP := "", byte(0)
	if k > 0 {
		prev, prevP = toks[k-1].w, toks[k-1].p
	}
	switch w {
	case "http", "https", "www", "website", "medlineplus", "medscape", "genereviews", "orphanet", "links":
		return true
	case "com", "gov", "org":
		return prevP == '.'
	case "web":
		return next == "site" || next == "links" || next == "page"
	case "click":
		return next == "the" || next == "here"
	case "more":
		return next == "information" || next == "details" || prev == "for" || prev == "learn" || prev == "read"
	case "learn", "read":
		return next == "more"
	case "visit":
		return next == "the" || prev == "please"
	case "view":
		return prev == "can"
	case "answer":
		return prev == "this"
	case "institute":
		return prev == "national"
	case "gene":
		return next == "review" || next == "reviews"
	case "genetic":
		return next == "testing" && k+2 < len(toks) && toks[k+2].w == "registry"
	case "ontology":
		return prev == "phenotype"
	case "dictionary":
		return prev == "medical"
	}
	return false
}
