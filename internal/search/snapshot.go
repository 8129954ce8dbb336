package search

import (
	"cmp"
	"maps"
	"math"
	"slices"
)

// A snapshot is an index written out as bytes, so that a process can
// load the index in a fraction of the time building it takes (the CLI's
// ask answers in well under a second). It holds the documents, postings,
// field lengths, stem cache and lexicon; what follows cheaply from those
// (page, topic and type numbers, average lengths, suggestion names) is
// derived on load exactly as NewIndex derives it, and the speller is
// built from the documents on first need (spell.go).
// Ranking parameters are not content and are given at load.

// Snapshot encodes the index. Maps are written in key order, so the
// same index always gives the same bytes.
func (ix *Index) Snapshot() []byte {
	if ix.dead != nil {
		// WithContributors' documents are in the order of their
		// changes, with gaps; a snapshot holds a full build's.
		return NewIndex(ix.liveDocs(), ix.params).Snapshot()
	}
	// Per document: its answer and a few names; plus terms, stems and
	// the lexicon's words.
	w := newWireWriter(2*len(ix.docs) + 2*len(ix.postings) + len(ix.lex.topics))
	w.uint(uint64(len(ix.docs)))
	for _, d := range ix.docs {
		writeDoc(w, d)
	}
	for _, fl := range ix.fieldLen {
		for _, n := range fl {
			w.uint(uint64(n))
		}
	}
	writePostings(w, ix.postings)
	ix.stem.mu.RLock()
	writeStringMap(w, ix.stem.cache)
	ix.stem.mu.RUnlock()
	writeLexicon(w, ix.lex)
	return w.bytes()
}

// DecodeSnapshot loads an index from Snapshot's bytes, ranking with p.
// A damaged, truncated or other-version snapshot gives an error wrapping
// ErrSnapshot.
func DecodeSnapshot(data []byte, p Params) (*Index, error) {
	payload, err := openPayload(data)
	if err != nil {
		return nil, err
	}
	r := &wireReader{b: payload}
	r.readStrings()
	ix := &Index{stem: newStemmer(), params: p}
	ix.docs = readDocs(r)
	ix.fieldLen = readFieldLens(r, len(ix.docs))
	ix.postings = readPostings(r, len(ix.docs))
	ix.stem.cache = readStringMap(r)
	ix.lex = readLexicon(r, ix.stem)
	if r.err == nil && r.off != len(r.b) {
		r.fail("%d bytes after the end", len(r.b)-r.off)
	}
	if r.err != nil {
		return nil, r.err
	}
	for _, d := range ix.docs {
		if _, ok := ix.lex.number[d.Topic]; !ok {
			return nil, snapshotErr("document %s names a topic the lexicon lacks", d.AnswerKey)
		}
	}
	ix.derive()
	return ix, nil
}

func writeDoc(w *wireWriter, d Document) {
	for _, s := range []string{d.DocID, d.AnswerKey, d.QuestionSlug, d.QuestionType} {
		w.str(s)
	}
	w.text(d.SourceQuestion)
	for _, s := range []string{d.Title, d.Topic, d.TopicSlug, d.SourceKey} {
		w.str(s)
	}
	w.text(d.Answer)
	w.str(d.Dataset)
	w.uint(uint64(len(d.Synonyms)))
	for _, s := range d.Synonyms {
		w.str(s)
	}
	writeDocAbbreviations(w, d)
}

// docFields is how many string numbers a document starts with.
const docFields = 11

func readDocs(r *wireReader) []Document {
	docs := make([]Document, r.count(docFields+2, "documents"))
	for i := range docs {
		d := &docs[i]
		for _, s := range []*string{&d.DocID, &d.AnswerKey, &d.QuestionSlug, &d.QuestionType, &d.SourceQuestion,
			&d.Title, &d.Topic, &d.TopicSlug, &d.SourceKey, &d.Answer, &d.Dataset} {
			*s = r.str()
		}
		if n := r.count(1, "synonyms"); n > 0 {
			d.Synonyms = make([]string, n)
			for j := range d.Synonyms {
				d.Synonyms[j] = r.str()
			}
		}
		readDocAbbreviations(r, d)
		if r.err != nil {
			return nil
		}
	}
	return docs
}

func readFieldLens(r *wireReader, docs int) [][numFields]uint16 {
	if uint64(docs)*numFields > uint64(len(r.b)-r.off) {
		r.fail("field lengths truncated")
		return nil
	}
	out := make([][numFields]uint16, docs)
	for i := range out {
		for f := range numFields {
			out[i][f] = uint16(r.upTo(math.MaxUint16, "field length"))
		}
	}
	return out
}

// Postings are written term by term in term order: the term, how many
// documents, then per document the gap from the previous one, a mask of
// the fields the term occurs in, and its count in each of those fields.
func writePostings(w *wireWriter, postings map[string][]posting) {
	total := 0
	for _, list := range postings {
		total += len(list)
	}
	w.uint(uint64(len(postings)))
	w.uint(uint64(total))
	for _, t := range slices.Sorted(maps.Keys(postings)) {
		list := postings[t]
		w.str(t)
		w.uint(uint64(len(list)))
		prev := -1
		for _, p := range list {
			w.uint(uint64(int(p.doc) - prev))
			prev = int(p.doc)
			var mask byte
			for f := range numFields {
				if p.tf[f] > 0 {
					mask |= 1 << f
				}
			}
			w.putByte(mask)
			for f := range numFields {
				if p.tf[f] > 0 {
					w.uint(uint64(p.tf[f]))
				}
			}
		}
	}
}

// minPostingBytes: a gap, a mask and one count.
const minPostingBytes = 3

func readPostings(r *wireReader, docs int) map[string][]posting {
	terms := r.count(2, "terms")
	total := r.count(minPostingBytes, "postings")
	if r.err != nil {
		return nil
	}
	// One array holds every list: one allocation instead of one per term.
	all := make([]posting, total)
	out := make(map[string][]posting, terms)
	for range terms {
		t := r.str()
		n := r.upTo(uint64(len(all)), "posting count")
		if _, dup := out[t]; dup || n == 0 {
			r.fail("term %q repeated or empty", t)
		}
		if r.err != nil {
			return nil
		}
		list := all[:n:n]
		all = all[n:]
		prev := -1
		for i := range list {
			doc := prev + int(r.upTo(uint64(docs), "document gap"))
			if doc <= prev || doc >= docs {
				r.fail("posting of %q out of order or range", t)
				return nil
			}
			prev = doc
			list[i].doc = uint32(doc)
			mask := r.getByte()
			if mask == 0 || mask >= 1<<numFields {
				r.fail("bad field mask %d", mask)
				return nil
			}
			for f := range numFields {
				if mask&(1<<f) != 0 {
					list[i].tf[f] = uint16(r.upTo(math.MaxUint16, "term count"))
				}
			}
		}
		out[t] = list
	}
	if len(all) != 0 {
		r.fail("%d postings announced but not written", len(all))
	}
	return out
}

func writeStringMap(w *wireWriter, m map[string]string) {
	w.uint(uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.str(k)
		w.str(m[k])
	}
}

func readStringMap(r *wireReader) map[string]string {
	n := r.count(2, "string pairs")
	m := make(map[string]string, n)
	for range n {
		k := r.str()
		m[k] = r.str()
	}
	return m
}

func writeCounts(w *wireWriter, m map[string]int) {
	w.uint(uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.str(k)
		w.uint(uint64(m[k]))
	}
}

func readCounts(r *wireReader) map[string]int {
	n := r.count(2, "counts")
	m := make(map[string]int, n)
	for range n {
		k := r.str()
		m[k] = int(r.upTo(math.MaxInt32, "count"))
	}
	return m
}

func writeLexicon(w *wireWriter, l *lexicon) {
	w.uint(uint64(len(l.topics)))
	for _, t := range l.topics {
		w.str(t)
	}
	w.uint(uint64(len(l.entries)))
	for _, k := range slices.Sorted(maps.Keys(l.entries)) {
		w.str(k)
		w.uint(uint64(len(l.entries[k])))
		for _, t := range l.entries[k] {
			w.uint(uint64(t))
		}
	}
	writeStringMap(w, l.stemmed)
	abbrev := slices.SortedFunc(maps.Keys(l.abbrev), cmp.Compare)
	w.uint(uint64(len(abbrev)))
	for _, k := range abbrev {
		w.str(k)
	}
	writeCounts(w, l.vocab)
	writeCounts(w, l.lowerUse)
	w.uint(uint64(l.maxLen))
	writeLearned(w, l.learned)
}

func readLexicon(r *wireReader, st *stemmer) *lexicon {
	l := &lexicon{stem: st, number: map[string]int32{}, abbrev: map[string]bool{}}
	l.topics = make([]string, r.count(1, "topics"))
	for i := range l.topics {
		l.topics[i] = r.str()
		if _, dup := l.number[l.topics[i]]; dup {
			r.fail("topic %q repeated", l.topics[i])
		}
		l.number[l.topics[i]] = int32(i)
	}
	n := r.count(2, "name keys")
	l.entries = make(map[string][]int32, n)
	for range n {
		k := r.str()
		topics := make([]int32, r.count(1, "topics of a name"))
		for i := range topics {
			topics[i] = int32(r.below(len(l.topics), "topic number"))
		}
		if len(topics) == 0 && r.err == nil {
			r.fail("name %q has no topics", k)
		}
		l.entries[k] = topics
	}
	l.stemmed = readStringMap(r)
	for range r.count(1, "abbreviations") {
		l.abbrev[r.str()] = true
	}
	l.vocab = readCounts(r)
	l.lowerUse = readCounts(r)
	l.maxLen = int(r.upTo(maxNameWords, "name length"))
	l.learned = readLearned(r, len(l.topics))
	if r.err != nil {
		return nil
	}
	l.findEponyms() // for contributor answers taken in later (countLowerBy)
	l.indexStarts()
	return l
}
