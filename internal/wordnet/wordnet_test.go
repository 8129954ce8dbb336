package wordnet

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Fragments in WordNet's file formats, written for this test.
const (
	data = "  1 This software and database is being provided to you, the LICENSEE, by\n" +
		"  2 Princeton University\n" +
		"00000001 08 n 02 belly 0 tummy 0 002 @ 00000009 n 0000 + 00000020 a 0101 | the front of the trunk\n" +
		"00000002 26 n 03 Heart_attack 0 coronary(a) 0 myocardial_infarction 0 000 | a sudden illness\n" +
		"not a synset line\n"
	index = "  1 This software and database is being provided to you, the LICENSEE, by\n" +
		"belly n 2 1 @ 2 1 00000001 00000005  \n" +
		"broken n 3 0 1 0 00000001\n"
)

func write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadData(t *testing.T) {
	got, licence, err := ReadData(write(t, "data.noun", data))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*Synset{
		"00000001": {Offset: "00000001", LexFile: 8, POS: 'n', Words: []string{"belly", "tummy"}, Pointers: []Pointer{
			{Symbol: "@", Offset: "00000009", POS: 'n'},
			{Symbol: "+", Offset: "00000020", POS: 'a', Source: 1, Target: 1},
		}},
		"00000002": {Offset: "00000002", LexFile: 26, POS: 'n', Words: []string{"heart_attack", "coronary", "myocardial_infarction"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("synsets:\n%+v\nwant\n%+v", got, want)
	}
	if !reflect.DeepEqual(licence, []string{"This software and database is being provided to you, the LICENSEE, by", "Princeton University"}) {
		t.Errorf("licence %q", licence)
	}
	if _, _, err := ReadData(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing file read")
	}
}

func TestReadIndex(t *testing.T) {
	got, err := ReadIndex(write(t, "index.noun", index))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"belly": {"00000001", "00000005"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("index %v, want %v (a line whose counts do not add up is skipped)", got, want)
	}
}
