package main

import (
	"fmt"
	"unicode/utf8"

	"healthqa/internal/textcontrol"
)

// terminalSafeJSON rewrites the characters a terminal acts on but
// encoding/json leaves raw (DEL, the C1 controls and the bidi controls
// such as U+202E) as \u escapes. The JSON value is the same, so a
// program reading --json output sees exactly the names and text of the
// archive, while a person reading it on a terminal sees "\u202e" rather
// than a file name turned around. These characters can only occur inside
// JSON strings, where the escape is always allowed.
func terminalSafeJSON(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] < utf8.RuneSelf && b[i] != 0x7F {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append([]byte(nil), b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r == 0x7F || (r >= 0x80 && textcontrol.IsControl(r)) || textcontrol.IsBidi(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}
