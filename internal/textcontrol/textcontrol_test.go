package textcontrol

import "testing"

func TestStrip(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Restless legs syndrome", "Restless legs syndrome"},
		{"accents and dashes kept", "Ménière’s disease – type 1", "Ménière’s disease – type 1"},
		{"white space of running text kept", "line one\n\tline two\r\n", "line one\n\tline two\r\n"},
		{"right-to-left override", "Flu\u202Egnp.exe", "Flugnp.exe"},
		{"every bidi control", "a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j\u200Ek\u200Fl\u061Cm", "abcdefghijklm"},
		{"terminal escape", "a\x1b]0;owned\x07b", "a]0;ownedb"},
		{"C1 CSI and DEL", "a\u009b31mb\x7fc", "a31mbc"},
		{"NUL", "a\x00b", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Strip(tt.in); got != tt.want {
				t.Errorf("Strip(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "6_NINDS_QA/0000246.xml", "6_NINDS_QA/0000246.xml"},
		{"accents kept", "Ménière’s", "Ménière’s"},
		{"OSC title sequence", "x\x1b]0;owned\x07.xml", `x\x1b]0;owned\x07.xml`},
		{"line breaks", "a\nb\tc\rd", `a\nb\tc\rd`},
		{"C1 and DEL", "a\u009bb\x7f", `a\u009bb\x7f`},
		{"bidi override", "gnp\u202E.exe", `gnp\u202e.exe`},
		{"isolate and marks", "\u2066\u200F\u061C", `\u2066\u200f\u061c`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Escape(tt.in); got != tt.want {
				t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
