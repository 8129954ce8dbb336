package main

import (
	"os"
	"path/filepath"
	"testing"
)

// A one-document release in MedQuAD's schema, written for this test.
const doc = `<?xml version="1.0" encoding="UTF-8"?>
<Document id="0000001" source="NINDS" url="https://www.ninds.nih.gov/x">
<Focus>Belly Ache</Focus>
<FocusAnnotations><Synonyms><Synonym>Stomach-ache</Synonym><Synonym>Bellyache</Synonym></Synonyms></FocusAnnotations>
<QAPairs>
<QAPair pid="1"><Question qid="0000001-1" qtype="information">What is (are) Belly Ache ?</Question>
<Answer>Pain in the abdomen, often after meals.</Answer></QAPair>
</QAPairs>
</Document>
`

func TestCorpusVocabulary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "6_NINDS_QA")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "0000001.xml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	vocab, names, err := corpusVocabulary(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"belly", "ache", "stomach", "what", "abdomen", "meals"} {
		if !vocab[w] {
			t.Errorf("%q missing from %v", w, vocab)
		}
	}
	for _, w := range []string{"Belly", "stomach-ache", "information", "ninds"} {
		if vocab[w] {
			t.Errorf("%q in the vocabulary: only lower-case words of the text count", w)
		}
	}
	// One-word foci and synonyms only: "Belly Ache" is two words,
	// "Stomach-ache" holds a hyphen.
	if len(names) != 1 || !names["bellyache"] {
		t.Errorf("names %v; want bellyache only", names)
	}
	if _, _, err := corpusVocabulary(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing release read")
	}
}
