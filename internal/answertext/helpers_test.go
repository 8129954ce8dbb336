package answertext

import (
	"fmt"
	"strings"
)

// checkWords verifies Parse's promise on one text: the words of the blocks,
// in order, are the words of the text, except for "-" and ":" tokens the
// parser consumed as list markers and heading separators. No block is
// empty, no text or item has stray whitespace, and Plain agrees.
func checkWords(text string, blocks []Block) error {
	var out []string
	for i, b := range blocks {
		switch b.Kind {
		case Paragraph, Heading:
			if b.Items != nil {
				return fmt.Errorf("block %d: %v with items", i, b.Kind)
			}
			if err := clean(b.Text); err != nil {
				return fmt.Errorf("block %d (%v): %v", i, b.Kind, err)
			}
			out = append(out, strings.Fields(b.Text)...)
		case List:
			if b.Text != "" || len(b.Items) == 0 {
				return fmt.Errorf("block %d: list with text %q and %d items", i, b.Text, len(b.Items))
			}
			for j, it := range b.Items {
				if err := clean(it); err != nil {
					return fmt.Errorf("block %d item %d: %v", i, j, err)
				}
				out = append(out, strings.Fields(it)...)
			}
		default:
			return fmt.Errorf("block %d: unknown kind %d", i, b.Kind)
		}
	}
	in := strings.Fields(text)
	j := 0
	for i, w := range in {
		if j < len(out) && out[j] == w {
			j++
			continue
		}
		if w != "-" && w != ":" {
			return fmt.Errorf("input word %d %q is missing from the blocks (next block word %d: %q)", i, w, j, at(out, j))
		}
	}
	if j != len(out) {
		return fmt.Errorf("block word %d %q is not in the input", j, out[j])
	}
	if got, want := Plain(text), strings.Join(out, " "); got != want {
		return fmt.Errorf("Plain = %q, want the blocks' words %q", got, want)
	}
	return nil
}

func clean(s string) error {
	if s == "" {
		return fmt.Errorf("empty text")
	}
	if strings.Join(strings.Fields(s), " ") != s {
		return fmt.Errorf("whitespace not normalized: %q", s)
	}
	return nil
}

func at(ws []string, i int) string {
	if i < len(ws) {
		return ws[i]
	}
	return "<end>"
}

// render writes blocks in the golden files' format: one block after
// another, a blank line between them; headings as "# text", list items as
// "  - item", paragraphs as they are.
func render(blocks []Block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.Kind {
		case Heading:
			b.WriteString("# " + bl.Text + "\n")
		case List:
			for _, it := range bl.Items {
				b.WriteString("  - " + it + "\n")
			}
		default:
			b.WriteString(bl.Text + "\n")
		}
	}
	return b.String()
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
