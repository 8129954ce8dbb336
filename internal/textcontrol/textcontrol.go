// Package textcontrol is the one home of the rule for characters that
// change how text is shown rather than what it says: C0 and C1 control
// characters (a terminal acts on ESC sequences) and the Unicode bidi
// controls (U+202E turns "exe.txt" into "txt.exe" on screen). Imported
// text has them stripped; text printed to a terminal has them escaped,
// so that a hostile file name can neither retitle the window nor hide
// what it is.
package textcontrol

import (
	"fmt"
	"strings"
)

// IsBidi reports the bidi embedding, override, isolate and mark
// characters: U+202A–202E, U+2066–2069, U+200E, U+200F and U+061C.
func IsBidi(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) ||
		r == 0x200E || r == 0x200F || r == 0x061C
}

// IsControl reports C0 controls, DEL and C1 controls.
func IsControl(r rune) bool { return r < 0x20 || (r >= 0x7F && r <= 0x9F) }

// Strip removes bidi controls and the control characters other than tab,
// line feed and carriage return, which are the white space of running
// text. None of these characters is part of a word, so the words are
// unchanged; MedQuAD itself holds none of them.
func Strip(s string) string {
	if strings.IndexFunc(s, strippable) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strippable(r) {
			return -1
		}
		return r
	}, s)
}

func strippable(r rune) bool {
	return IsBidi(r) || (IsControl(r) && r != '\t' && r != '\n' && r != '\r')
}

// Escape makes s safe to print on one terminal line: every control and
// bidi character, line breaks included, becomes a visible Go-style
// escape (\x1b, \n, \u202e); everything else is printed as is.
func Escape(s string) string {
	if strings.IndexFunc(s, escapable) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && escapable(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case escapable(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func escapable(r rune) bool { return IsControl(r) || IsBidi(r) }
