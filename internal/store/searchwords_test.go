package store

import (
	"reflect"
	"strings"
	"testing"
)

func TestCutUTF8(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc"},
		{"aé", 2, "a"},   // é is 2 bytes: not cut in two
		{"aé", 3, "aé"},  //
		{"症症", 5, "症"},   // 3-byte runes
		{"症症", 3, "症"},   //
		{"症症", 2, ""},    //
		{"😀", 3, ""},     // 4 bytes
		{"a😀b", 5, "a😀"}, //
		{"a😀b", 4, "a"},  //
		{"ab\x80\x80\x80\x80\x80", 4, "ab\x80\x80"}, // not UTF-8: cut at n
		{"\xff\xfe\xfd", 2, "\xff\xfe"},             //
	}
	for _, tc := range tests {
		if got := CutUTF8(tc.s, tc.n); got != tc.want {
			t.Errorf("CutUTF8(%q, %d) = %q; want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestSearchWords(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		{"", nil},
		{"  ", nil},
		{"Asthma", []string{"asthma"}},
		{"What causes RLS?", []string{"what", "causes", "rls"}},
		{"100% _x_ a\\b", []string{"100", "x", "a", "b"}},
		{"'; DROP TABLE questions; --", []string{"drop", "table", "questions"}},
		{"Sjögren’s SJÖGREN", []string{"sjögren", "s"}},
		{"rls RLS Rls", []string{"rls"}},
		{"a b c d e f g h i j", []string{"a", "b", "c", "d", "e", "f", "g", "h"}},
		{"ok\xffbad", []string{"ok", "bad"}},
		{strings.Repeat("x", 300) + " tail", []string{strings.Repeat("x", 256)}},
	}
	for _, tc := range tests {
		got := SearchWords(tc.query)
		if len(got) != len(tc.want) || (len(got) > 0 && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("SearchWords(%.40q) = %q; want %q", tc.query, got, tc.want)
		}
	}
}
