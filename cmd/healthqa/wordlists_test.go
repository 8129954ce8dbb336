package main

import (
	"slices"
	"testing"
)

func TestParseWordLists(t *testing.T) {
	tests := []struct {
		in      string
		affix   string
		words   []string
		wantErr bool
	}{
		{"none", "", nil, false},
		{"/a/en.aff,/a/en.dic", "/a/en.aff", []string{"/a/en.dic"}, false},
		{" /a/en.aff , /a/en.dic, /b/med.dic ", "/a/en.aff", []string{"/a/en.dic", "/b/med.dic"}, false},
		{"/a/en.dic", "", nil, true},           // no affix file
		{"/a/en.aff", "", nil, true},           // no word list
		{"/a/en.dic,/a/en.aff", "", nil, true}, // affix file first
		{"/a/en.aff,/a/en.txt", "", nil, true}, // not a .dic
	}
	for _, tc := range tests {
		d, err := parseWordLists(tc.in)
		if (err != nil) != tc.wantErr || d.Affix != tc.affix || !slices.Equal(d.Words, tc.words) {
			t.Errorf("parseWordLists(%q) = %+v, %v", tc.in, d, err)
		}
	}
}
