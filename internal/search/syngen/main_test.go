package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A WordNet fragment in its file formats, written for this test: a body
// synset whose words are first senses of some of its words only, a word's
// second sense, a noun outside the health files, a collocation, and a
// pertainym.
var fragment = map[string]string{
	"data.noun": "  1 This software and database is being provided to you, the LICENSEE, by\n" +
		"00000001 08 n 04 abdomen 0 venter 0 stomach 0 belly 0 000 | the trunk below the chest\n" +
		"00000002 08 n 02 belly 0 paunch 0 000 | a protruding abdomen\n" +
		"00000003 21 n 02 dough 0 sugar 0 000 | money, in slang\n" +
		"00000004 26 n 02 hypertension 0 high_blood_pressure 0 000 | a disease\n" +
		"00000005 08 n 01 kidney 0 000 | an organ\n" +
		"00000006 08 n 02 stomach 0 tummy 0 000 | an organ\n",
	"data.adj": "  1 This software and database is being provided to you, the LICENSEE, by\n" +
		"00000010 01 a 01 renal 0 001 \\ 00000005 n 0101 | of the kidneys\n",
	"data.verb": "  1 This software and database is being provided to you, the LICENSEE, by\n",
	"index.noun": "abdomen n 1 0 1 0 00000001\n" +
		"venter n 1 0 1 0 00000001\n" +
		"stomach n 2 0 2 0 00000006 00000001\n" +
		"belly n 2 0 2 0 00000001 00000002\n" +
		"paunch n 1 0 1 0 00000002\n" +
		"dough n 1 0 1 0 00000003\n" +
		"sugar n 1 0 1 0 00000003\n" +
		"hypertension n 1 0 1 0 00000004\n" +
		"high_blood_pressure n 1 0 1 0 00000004\n" +
		"kidney n 1 0 1 0 00000005\n" +
		"tummy n 1 0 1 0 00000006\n",
	"index.adj":  "renal a 1 0 1 0 00000010\n",
	"index.verb": "",
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	for name, data := range fragment {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vocab := map[string]bool{}
	for _, w := range strings.Fields("abdomen belly stomach paunch hypertension high blood pressure kidney renal sugar dough") {
		vocab[w] = true
	}
	out := filepath.Join(dir, "out.tsv")
	if err := run(dir, vocab, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" && l[0] != '#' {
			got = append(got, l)
		}
	}
	want := []string{
		"abdomen\tbelly",        // not "stomach": the trunk is its second sense; not "venter": MedQuAD lacks it
		"belly\tabdomen|paunch", // both its first two senses
		"high blood pressure\thypertension",
		"hypertension\thigh blood pressure",
		"kidney\trenal", // pertainyms, both ways
		"renal\tkidney",
		"stomach\tabdomen|belly",
		"tummy\tstomach", // a source MedQuAD lacks is kept
		"venter\tabdomen|belly",
	} // nothing for "sugar": money is no health file
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("expansions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(string(b), "# This software and database is being provided") {
		t.Error("the licence is not carried")
	}
	if err := run(filepath.Join(dir, "missing"), vocab, out); err == nil {
		t.Error("a missing WordNet folder read")
	}
}
