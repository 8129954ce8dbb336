package main

import "testing"

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0 entries"}, {1, "1 entry"}, {2, "2 entries"}}
	for _, tc := range tests {
		if got := plural(tc.n, "entry", "entries"); got != tc.want {
			t.Errorf("plural(%d) = %q; want %q", tc.n, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	commands := []string{"serve", "import", "ask", "digest", "eval", "stats", "topics", "help", "version"}
	tests := []struct{ name, want string }{
		{"stast", "stats"}, {"sever", "serve"}, {"inport", "import"}, {"topic", "topics"},
		{"askk", "ask"}, {"hlep", "help"}, {"frobnicate", ""}, {"x", ""}, {"", ""}, {"stats", "stats"},
	}
	for _, tc := range tests {
		if got := closest(tc.name, commands); got != tc.want {
			t.Errorf("closest(%q) = %q; want %q", tc.name, got, tc.want)
		}
	}
}
