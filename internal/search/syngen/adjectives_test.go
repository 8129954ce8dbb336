package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAdjectiveNames: of the names, the words WordNet lists as
// adjectives and as no other part of speech (index files written for
// this test).
func TestAdjectiveNames(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"index.noun": "fat n 1 0 1 0 00000001\nkidney n 1 0 1 0 00000002\n",
		"index.verb": "thin v 1 0 1 0 00000003\n",
		"index.adj":  "chronic a 1 0 1 0 00000010\nfat a 1 0 1 0 00000011\nfast a 1 0 1 0 00000012\nrenal a 1 0 1 0 00000013\nthin a 1 0 1 0 00000014\n",
		"index.adv":  "fast r 1 0 1 0 00000020\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	names := map[string]bool{}
	for _, w := range strings.Fields("chronic fat fast kidney renal thin unlisted") {
		names[w] = true
	}
	got, err := adjectiveNames(dir, names)
	if err != nil {
		t.Fatal(err)
	}
	// fat is a noun too, fast an adverb, thin a verb; "unlisted" is not
	// in WordNet's index.
	if want := []string{"chronic", "renal"}; !slices.Equal(got, want) {
		t.Errorf("adjectiveNames = %v; want %v", got, want)
	}
	out := filepath.Join(dir, "adjectives.txt")
	if err := writeAdjectives(got, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), "\nchronic\nrenal\n") {
		t.Errorf("written:\n%s", b)
	}
	if err := os.Remove(filepath.Join(dir, "index.adv")); err != nil {
		t.Fatal(err)
	}
	if _, err := adjectiveNames(dir, names); err == nil {
		t.Error("a missing index file read")
	}
}

// TestDerivedNouns: adjective words that WordNet derives from a word of
// a health noun synset that is a one-word name (data files written for
// this test).
func TestDerivedNouns(t *testing.T) {
	dir := t.TempDir()
	header := "  1 This software and database is being provided to you, the LICENSEE, by\n"
	for name, data := range map[string]string{
		// obesity (07, an attribute: a health file), period (28, time: not one).
		"data.noun": header + "00000001 07 n 02 fleshiness 0 obesity 0 000 | being fat\n" +
			"00000002 28 n 01 period 0 000 | a time\n",
		// corpulent obese: + from word 2 to obesity (word 2); periodic: + to period.
		"data.adj": header + "00000010 00 s 02 corpulent 0 obese 0 002 + 00000001 n 0202 + 00000001 n 0001 | fat\n" +
			"00000011 00 a 01 periodic 0 001 + 00000002 n 0101 | recurring\n",
		"data.verb":  header,
		"index.noun": "obesity n 1 0 1 0 00000001\nperiod n 1 0 1 0 00000002\n",
		"index.adj":  "obese a 1 0 1 0 00000010\nperiodic a 1 0 1 0 00000011\n",
		"index.verb": "",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wn, err := readWordNet(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{"obesity": true, "period": true}
	// Not fleshiness (no name), not a synset-wide pointer, not period: time
	// is no health file.
	if got, want := derivedNouns(wn, names), []string{"obese\tobesity"}; !slices.Equal(got, want) {
		t.Errorf("derivedNouns = %q; want %q", got, want)
	}
}
