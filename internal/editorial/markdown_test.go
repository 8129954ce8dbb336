package editorial

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRenderSubset(t *testing.T) {
	tests := []struct {
		name, in, html, text string
	}{
		{"paragraphs", "One.\n\nTwo\nlines.", "<p>One.</p>\n<p>Two\nlines.</p>", "One.\n\nTwo lines."},
		{"emphasis", "*soft* and **strong**", "<p><em>soft</em> and <strong>strong</strong></p>", "soft and strong"},
		{"lists", "- a\n- b\n\n1. c\n2. d", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n<li>d</li>\n</ol>", "a\nb\nc\nd"},
		{"ordered start", "3. c\n4. d", "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>", "c\nd"},
		{"heading shifted", "# Top\n\n## Sub\n\n#### Deep", "<h2>Top</h2>\n<h3>Sub</h3>\n<h4>Deep</h4>", "Top\n\nSub\n\nDeep"},
		{"setext heading", "Title\n=====\n\ntext", "<h2>Title</h2>\n<p>text</p>", "Title\n\ntext"},
		{"link gets rel", "[NIH](https://www.nih.gov/)", `<p><a href="https://www.nih.gov/" rel="nofollow ugc">NIH</a></p>`, "NIH"},
		{"autolink", "<https://example.org/a?b=1&c=2>", `<p><a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">https://example.org/a?b=1&amp;c=2</a></p>`, "https://example.org/a?b=1&c=2"},
		{"mail autolink", "<help@example.org>", `<p><a href="mailto:help@example.org" rel="nofollow ugc">help@example.org</a></p>`, "help@example.org"},
		{"javascript link removed", "[x](javascript:alert(1))", "<p>x</p>", "x"},
		{"javascript entity link removed", "[x](jav&#x61;script:alert(1))", "<p>x</p>", "x"},
		{"data link removed", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>", "x"},
		{"relative link removed", "[x](/signout)", "<p>x</p>", "x"},
		{"javascript autolink removed", "<javascript:alert(1)>", "<p>javascript:alert(1)</p>", "javascript:alert(1)"},
		{"raw html escaped", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"},
		{"inline html escaped", "a <b onclick=x>b</b>", "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>", "a <b onclick=x>b</b>"},
		{"image to text", "![a chart](https://x.org/c.png) here", "<p>a chart here</p>", "a chart here"},
		{"code is text", "`x` and\n\n    indented", "<p>`x` and</p>\n<p>indented</p>", "`x` and\n\nindented"},
		{"quote is text", "> quoted", "<p>&gt; quoted</p>", "> quoted"},
		{"entities", "AT&amp;T &copy; \\*not em\\*", "<p>AT&amp;T © *not em*</p>", "AT&T © *not em*"},
		{"hard break", "a  \nb", "<p>a<br>\nb</p>", "a\nb"},
		{"link title dropped", `[t](https://x.org "T")`, `<p><a href="https://x.org" rel="nofollow ugc">t</a></p>`, "t"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Render(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if r.HTML != tt.html {
				t.Errorf("HTML\n got %q\nwant %q", r.HTML, tt.html)
			}
			if r.Text != tt.text {
				t.Errorf("Text\n got %q\nwant %q", r.Text, tt.text)
			}
			if r.Markdown != tt.in {
				t.Errorf("Markdown %q, want the input", r.Markdown)
			}
		})
	}
}

func TestRenderRefuses(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"blank", " \n\t\n", ErrEmpty},
		{"only markup", "**", nil}, // literal asterisks are text
		{"too long", strings.Repeat("a", MaxMarkdown+1), ErrTooLong},
		{"just fits", strings.Repeat("a", MaxMarkdown), nil},
		{"invalid utf8", "a\xffb", ErrEncoding},
		{"nul", "a\x00b", ErrEncoding},
		{"deep lists", nestedList(MaxNesting + 2), ErrTooDeep},
		{"deep emphasis", strings.Repeat("*a ", 40) + "x" + strings.Repeat(" a*", 40), ErrTooDeep},
		{"lists within bound", nestedList(4), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(tt.in)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Render: %v, want %v", err, tt.want)
			}
		})
	}
}

func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

// TestSanitizerPolicy feeds HTML straight to the policy: it must hold on
// its own, whatever the renderer lets through.
func TestSanitizerPolicy(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<a href="https://x.org">x</a>`, `<a href="https://x.org" rel="nofollow">x</a>`},
		{`<a href="https://x.org" rel="nofollow ugc">x</a>`, `<a href="https://x.org" rel="nofollow ugc">x</a>`},
		// No href is left, so nothing to click; the rel alone is harmless.
		{`<a href="javascript:alert(1)" rel="nofollow ugc">x</a>`, `<a rel="nofollow ugc">x</a>`},
		{`<a href="/local">x</a>`, `x`},
		{`<a href="https://x.org" onclick="e()" target="_blank">x</a>`, `<a href="https://x.org" rel="nofollow">x</a>`},
		{`<h1>t</h1><img src=x onerror=alert(1)><script>alert(1)</script>`, `t`},
		{`<p style="color:red" class="c">t</p>`, `<p>t</p>`},
		{`<svg><g onload="alert(1)"></g></svg>`, ``},
		{`<ol start="2" reversed><li>x</li></ol>`, `<ol start="2"><li>x</li></ol>`},
	}
	for _, tt := range tests {
		if got := policy.Sanitize(tt.in); got != tt.want {
			t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderHostile checks properties rather than exact output over
// payloads an attacker would try: no element or attribute outside the
// allow-list survives.
func TestRenderHostile(t *testing.T) {
	payloads := []string{
		`<img src=x onerror=alert(1)>`,
		`[a](javascript:alert(1))`,
		`[a](JaVaScRiPt:alert(1))`,
		`[a](  javascript:alert(1))`,
		"[a](java\tscript:alert(1))",
		`[a](vbscript:msgbox(1))`,
		`[a](data:text/html,<script>alert(1)</script>)`,
		`<a href="javascript:alert(1)">x</a>`,
		`<svg/onload=alert(1)>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<style>body{display:none}</style>`,
		`"><script>alert(1)</script>`,
		`[x](https://x.org/"onmouseover="alert(1))`,
		`[x](<https://x.org/" onclick="a()>)`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`<details open ontoggle=alert(1)>`,
		`[x]: javascript:alert(1)` + "\n\n[x]",
		`![x](javascript:alert(1))`,
		`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<!-- comment --><p>x</p>`,
		`<scr<script>ipt>alert(1)</script>`,
		`<SCRIPT SRC=https://evil.example/x.js></SCRIPT>`,
		`<body onload=alert(1)>`,
		`<input autofocus onfocus=alert(1)>`,
		`<video><source onerror="alert(1)">`,
		`<object data="javascript:alert(1)">`,
		`<embed src="javascript:alert(1)">`,
		`<form action="javascript:alert(1)"><button>x</button></form>`,
		`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
		`<base href="javascript:alert(1)//">`,
		`<link rel=stylesheet href="https://evil.example/x.css">`,
		`<div style="background:url(javascript:alert(1))">x</div>`,
		`<p style="width: expression(alert(1))">x</p>`,
		`<svg><script>alert(1)</script></svg>`,
		`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
		`<svg><animate attributeName=href values=javascript:alert(1) /></svg>`,
		`<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`[x](jav&#x09;ascript:alert(1))`,
		`[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))`,
		`[x](javascript&colon;alert(1))`,
		`[x](\javascript:alert(1))`,
		`[x](//evil.example/)`,
		`[x](https://x.org" onmouseover="alert(1))`,
		`[x](<javascript:alert(1)>)`,
		`<https://x.org/"onmouseover="alert(1)>`,
		`<mailto:a@b.c?subject="><script>alert(1)</script>>`,
		`[x](mailto:a@b.c"onclick="alert(1))`,
		`[<img src=x onerror=alert(1)>](https://x.org)`,
		`**<script>alert(1)</script>**`,
		`# <script>alert(1)</script>`,
		`- <iframe src=javascript:alert(1)>`,
		"```html\n<script>alert(1)</script>\n```",
		"    <script>alert(1)</script>",
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
		`<textarea></textarea><script>alert(1)</script>`,
		`<title><script>alert(1)</script></title>`,
		`<table><tr><td onmouseover=alert(1)>x</td></tr></table>`,
		`| a | b |` + "\n" + `|---|---|` + "\n" + `| <script>x</script> | y |`,
		`&#60;script&#62;alert(1)&#60;/script&#62;`,
		`\<script\>alert(1)\</script\>`,
		`<a href="https://x.org" target="_blank" onclick="alert(1)">x</a>`,
		`<a href=" https://x.org">x</a>`,
		`[x](data:image/svg+xml;base64,PHN2Zy8+)`,
		`[x](file:///etc/passwd)`,
		`[x](ftp://x.org/)`,
	}
	if len(payloads) < 60 {
		t.Fatalf("only %d payloads", len(payloads))
	}
	for _, p := range payloads {
		r, err := Render(p)
		if err != nil {
			t.Fatalf("Render(%q): %v", p, err)
		}
		if bad := outsidePolicy(r.HTML); bad != "" {
			t.Errorf("Render(%q) = %q: %s", p, r.HTML, bad)
		}
	}
}

// outsidePolicy parses rendered HTML as a browser would and names the
// first element, attribute or link target the policy should not let
// through.
func outsidePolicy(s string) string {
	elements := map[string]bool{"p": true, "ul": true, "ol": true, "li": true, "h2": true, "h3": true, "h4": true, "em": true, "strong": true, "br": true, "a": true}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if !elements[tok.Data] {
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				switch {
				case a.Key == "href" && tok.Data == "a":
					if !allowedURL(a.Val) {
						return "href " + a.Val
					}
				case a.Key == "rel" && a.Val == linkRel, a.Key == "start" && tok.Data == "ol":
				default:
					return "attribute " + a.Key
				}
			}
		}
	}
}
