package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// --json output keeps the archive's names exactly (the same JSON value)
// but never carries a raw bidi or C1 control a terminal would act on.
func TestTerminalSafeJSON(t *testing.T) {
	names := []string{
		"plain.xml",
		"evil\u202egpj.exe", // shown as "evilexe.jpg" raw
		"isolate\u2066x\u2069.xml",
		"mark\u200f.xml",
		"del\x7f.xml",
		"c1\u009b31m.xml",
		"esc\x1b]0;title\x07.xml", // encoding/json escapes C0 itself
		"accents é ü – “quotes”",
	}
	var out strings.Builder
	if err := writeJSON(&out, map[string][]string{"files": names}); err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"\u202e", "\u2066", "\u2069", "\u200f", "\x7f", "\u009b", "\x1b", "\x07"} {
		if strings.Contains(out.String(), raw) {
			t.Errorf("output carries %q raw:\n%s", raw, out.String())
		}
	}
	if !strings.Contains(out.String(), `evil\u202egpj.exe`) || !strings.Contains(out.String(), "accents é ü – “quotes”") {
		t.Errorf("escapes or plain text not as expected:\n%s", out.String())
	}
	var back map[string][]string
	if err := json.Unmarshal([]byte(out.String()), &back); err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if back["files"][i] != n {
			t.Errorf("name %d read back as %q, want %q", i, back["files"][i], n)
		}
	}
}
