package editorial

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// plainText is the answer's text without markup, from the same tree the
// HTML was rendered from: what search indexes and the digest reads.
// Paragraphs and headings end with a blank line, list items with a line
// break, so that sentences and items stay apart.
func plainText(doc ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			switch n.Kind() {
			case ast.KindParagraph, ast.KindHeading:
				b.WriteString("\n\n")
			case ast.KindListItem, ast.KindTextBlock:
				// A tight item's text block ends where its item does:
				// one line break for both.
				if !strings.HasSuffix(b.String(), "\n") {
					b.WriteString("\n")
				}
			}
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Text:
			b.Write(textValue(v, src))
			switch {
			case v.HardLineBreak():
				b.WriteString("\n")
			case v.SoftLineBreak():
				b.WriteString(" ")
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.AutoLink:
			b.Write(v.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return tidyText(b.String())
}

// textValue resolves what the HTML renderer resolves when it writes a
// text node: backslash escapes and character references.
func textValue(t *ast.Text, src []byte) []byte {
	v := t.Segment.Value(src)
	if t.IsRaw() {
		return v
	}
	return util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
}

var (
	spaceRun   = regexp.MustCompile(`[ \t]+`)
	spaceAtEOL = regexp.MustCompile(` *\n *`)
	blankRun   = regexp.MustCompile(`\n{3,}`)
)

func tidyText(s string) string {
	s = spaceRun.ReplaceAllString(s, " ")
	s = spaceAtEOL.ReplaceAllString(s, "\n")
	s = blankRun.ReplaceAllString(s, "\n\n")
	return strings.TrimSpace(s)
}
