package editorial

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Bounds of one answer's Markdown.
const (
	// MaxMarkdown is the longest answer accepted, in bytes: far beyond
	// any answer in MedQuAD's consumer sets, small enough that rendering,
	// sanitizing and diffing it costs little.
	MaxMarkdown = 32 << 10
	// MaxNesting bounds how deep lists and emphasis may nest: deeper
	// structure is never needed in an answer and only costs the
	// renderer's recursion.
	MaxNesting = 12
)

// Errors of Render, wrapped with a sentence for the contributor.
var (
	ErrEmpty    = errors.New("the answer is empty")
	ErrTooLong  = errors.New("the answer is too long")
	ErrTooDeep  = errors.New("the answer nests too deep")
	ErrEncoding = errors.New("the answer is not valid UTF-8 text")
)

// Rendered is an answer's Markdown as stored with each revision: the
// sanitized HTML pages show and the plain text that search and the
// digest read, both made from one parse.
type Rendered struct {
	Markdown string
	HTML     string
	Text     string
}

// Render parses markdown in the answer subset (paragraphs, lists,
// headings, emphasis, links), renders it once, and sanitizes the HTML
// with the allow-list policy. Raw HTML, images, code, block quotes and
// tables are not part of the subset: what would have been raw HTML stays
// as the literal text the contributor typed, escaped; an image is
// replaced by its description; a link to anything but an absolute http,
// https or mailto address becomes its plain text. Headings are shifted
// one level down (# becomes h2, never below h4) because the page's h1 is
// the question.
func Render(markdown string) (Rendered, error) {
	src, err := checkInput(markdown)
	if err != nil {
		return Rendered{}, err
	}
	doc := mdParser.Parse(text.NewReader(src))
	if err := shape(doc, src); err != nil {
		return Rendered{}, err
	}
	var buf bytes.Buffer
	if err := mdRenderer.Render(&buf, src, doc); err != nil {
		return Rendered{}, fmt.Errorf("rendering the answer: %w", err)
	}
	out := Rendered{
		Markdown: string(src),
		HTML:     strings.TrimSpace(policy.Sanitize(buf.String())),
		Text:     plainText(doc, src),
	}
	if out.Text == "" {
		return Rendered{}, fmt.Errorf("%w: write the answer's text", ErrEmpty)
	}
	return out, nil
}

// checkInput bounds and normalizes the input: line endings to \n, NUL
// (which CommonMark replaces anyway) refused as a sign of binary input.
func checkInput(markdown string) ([]byte, error) {
	// Browsers send a textarea's line breaks as \r\n: normalized first,
	// so that the bound counts what is stored.
	s := strings.ReplaceAll(markdown, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if len(s) > MaxMarkdown {
		return nil, fmt.Errorf("%w: %d KiB, at most %d KiB", ErrTooLong, (len(s)+1023)>>10, MaxMarkdown>>10)
	}
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return nil, ErrEncoding
	}
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("%w: write the answer's text", ErrEmpty)
	}
	return []byte(s), nil
}

// mdParser knows only the subset: the parsers of everything else are
// left out, so that such input stays literal text rather than being
// parsed and then dropped. Code blocks are the exception: without their
// parsers CommonMark drops an indented block, so they are parsed and
// then turned into plain paragraphs by shape. Built once; goldmark
// parsers are safe for concurrent use.
var mdParser = parser.NewParser(
	parser.WithBlockParsers(
		util.Prioritized(parser.NewSetextHeadingParser(), 100),
		util.Prioritized(parser.NewListParser(), 300),
		util.Prioritized(parser.NewListItemParser(), 400),
		util.Prioritized(parser.NewCodeBlockParser(), 500),
		util.Prioritized(parser.NewATXHeadingParser(), 600),
		util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
		util.Prioritized(parser.NewParagraphParser(), 1000),
	),
	parser.WithInlineParsers(
		util.Prioritized(parser.NewLinkParser(), 200),
		util.Prioritized(parser.NewAutoLinkParser(), 300),
		util.Prioritized(parser.NewEmphasisParser(), 500),
	),
	parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
)

// mdRenderer is goldmark's HTML renderer in its safe mode (no raw HTML,
// dangerous URLs dropped); the sanitizer after it is the real guard.
var mdRenderer = renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(html.NewRenderer(), 1000)))

// linkRel is the rel every contributor link carries: search engines must
// not take it as healthqa's endorsement (nofollow) and should know it is
// user-generated (ugc).
const linkRel = "nofollow ugc"

// policy is the sanitizer's allow-list, built once (bluemonday policies
// are safe for concurrent use once built). Only the elements the subset
// produces are allowed; a link keeps only an absolute http, https or
// mailto href and the rel set above.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "ul", "ol", "li", "h2", "h3", "h4", "em", "strong", "br")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^nofollow ugc$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(false)
	p.RequireParseableURLs(true)
	// Adds nofollow should a link ever reach here without the rel.
	p.RequireNoFollowOnLinks(true)
	return p
}()

// shape bounds the tree's depth and rewrites it into the subset: headings
// shifted, images replaced by their text, links checked. Nodes are
// collected first and changed after the walk, which must not see its
// tree change under it.
func shape(doc ast.Node, src []byte) error {
	var images, unlinks, code []ast.Node
	depth := 0
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		depth++
		if depth > MaxNesting+2 { // the document and a paragraph are free
			return ast.WalkStop, fmt.Errorf("%w: lists and emphasis may nest %d levels at most", ErrTooDeep, MaxNesting)
		}
		switch v := n.(type) {
		case *ast.Heading:
			v.Level = min(v.Level+1, 4)
		case *ast.Image:
			images = append(images, n)
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			code = append(code, n)
		case *ast.Link:
			if allowedURL(string(v.Destination)) {
				v.SetAttributeString("rel", []byte(linkRel))
			} else {
				unlinks = append(unlinks, n)
			}
		case *ast.AutoLink:
			if allowedURL(autoLinkURL(v, src)) {
				v.SetAttributeString("rel", []byte(linkRel))
			} else {
				unlinks = append(unlinks, n)
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		return err
	}
	for _, n := range images {
		unwrap(n)
	}
	for _, n := range code {
		n.Parent().ReplaceChild(n.Parent(), n, codeParagraph(n, src))
	}
	for _, n := range unlinks {
		if a, ok := n.(*ast.AutoLink); ok {
			a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.Label(src)))
			continue
		}
		unwrap(n)
	}
	return nil
}

// codeParagraph is a code block's lines as a paragraph of plain text:
// code is not part of the subset, but the contributor's text must not
// be lost.
func codeParagraph(n ast.Node, src []byte) ast.Node {
	p := ast.NewParagraph()
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := bytes.TrimRight(seg.Value(src), "\n ")
		if i < lines.Len()-1 {
			line = append(line, '\n')
		}
		p.AppendChild(p, ast.NewString(line))
	}
	return p
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

func autoLinkURL(a *ast.AutoLink, src []byte) string {
	u := string(a.URL(src))
	if a.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
		u = "mailto:" + u
	}
	return u
}

// allowedURL accepts absolute http and https addresses with a host, and
// mailto: links. Anything else (javascript:, data:, relative paths that
// would point into healthqa itself) is refused.
func allowedURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}
