package main

import (
	"os"
	"path/filepath"
	"testing"

	"healthqa/internal/devdata"
)

// TestCommittedFilesAreCurrent runs the generator on WordNet 3.0 (Debian
// wordnet-base, as CI installs it) and the MedQuAD release beside the
// checkout, and compares its output with the committed synonyms.tsv,
// adjectives.txt and derived.tsv: they are the documented procedure's
// output, never edited by hand.
func TestCommittedFilesAreCurrent(t *testing.T) {
	devdata.SkipShort(t, "reads the full MedQuAD release and WordNet")
	const wn = "/usr/share/wordnet"
	if _, err := os.Stat(filepath.Join(wn, "index.noun")); err != nil {
		devdata.Skip(t, "WordNet missing (apt-get install wordnet-base): "+err.Error())
		return
	}
	vocab, names, err := corpusVocabulary(filepath.Join(devdata.Dir(t), "MedQuAD-master.zip"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := run(wn, vocab, filepath.Join(dir, "synonyms.tsv")); err != nil {
		t.Fatal(err)
	}
	adj, err := adjectiveNames(wn, names)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAdjectives(adj, filepath.Join(dir, "adjectives.txt")); err != nil {
		t.Fatal(err)
	}
	wnet, err := readWordNet(wn)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeDerived(derivedNouns(wnet, names), filepath.Join(dir, "derived.tsv")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"synonyms.tsv", "adjectives.txt", "derived.tsv"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(committed) {
			t.Errorf("internal/search/%s differs from the generator's output: run go generate ./internal/search", name)
		}
	}
}
