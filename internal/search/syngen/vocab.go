package main

import (
	"io"
	"strings"
	"unicode"

	"healthqa/internal/medquad"
)

// corpusVocabulary is every word of the release's foci, synonyms,
// questions and answers, lower case; names are the foci and synonyms of
// one word, lower case.
func corpusVocabulary(zip string) (vocab, names map[string]bool, err error) {
	ar, err := medquad.Open(zip)
	if err != nil {
		return nil, nil, err
	}
	defer ar.Close()
	vocab, names = map[string]bool{}, map[string]bool{}
	addName := func(s string) {
		if ws := strings.Fields(s); len(ws) == 1 && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
			names[strings.ToLower(s)] = true
		}
	}
	addText := func(s string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
			vocab[w] = true
		}
	}
	for _, f := range ar.Files {
		rc, err := f.Open()
		if err != nil {
			return nil, nil, err
		}
		doc, err := medquad.Parse(io.LimitReader(rc, medquad.MaxFileSize), f.Path)
		rc.Close()
		if err != nil {
			continue // the import skips and reports these too
		}
		addText(doc.Focus)
		addName(doc.Focus)
		for _, s := range doc.Synonyms {
			addText(s)
			addName(s)
		}
		for _, p := range doc.Pairs {
			addText(p.Question)
			addText(p.Answer)
		}
	}
	return vocab, names, nil
}
