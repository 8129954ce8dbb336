package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A WordNet fragment in its data-file format: two nouns, an adjective
// with a pertainym from its second word, one that pertains to two nouns
// (dropped) and one to a collocation (dropped).
const (
	nounData = "  1 This software and database is being provided to you, the LICENSEE, by\n" +
		"00000001 08 n 01 kidney 0 000 | an organ\n" +
		"00000002 08 n 01 liver 0 000 | an organ\n" +
		"00000003 08 n 01 nervous_system 0 000 | a system\n"
	adjData = "  1 This software and database is being provided to you, the LICENSEE, by\n" +
		"00000010 01 a 02 nephritic 0 renal 0 002 \\ 00000001 n 0201 \\ 00000001 n 0101 | of the kidneys\n" +
		"00000011 01 a 01 visceral 0 002 \\ 00000001 n 0101 \\ 00000002 n 0101 | of the organs\n" +
		"00000012 01 a 01 neural(a) 0 001 \\ 00000003 n 0101 | of the nerves\n"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"data.noun": nounData, "data.adj": adjData} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out.tsv")
	if err := run(dir, out); err != nil {
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
	want := []string{"nephritic\tkidney", "renal\tkidney"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("pertainyms %q, want %q", got, want)
	}
	if err := run(filepath.Join(dir, "missing"), out); err == nil {
		t.Error("a missing WordNet folder read")
	}
}
