package web

import (
	"regexp"
	"strings"
	"testing"
)

// robots.txt keeps crawlers out of the endless, noindex answer pages
// (/ask, and /search which only redirects there) and the API, and out of
// nothing a sitemap lists.
func TestRobots(t *testing.T) {
	s, _ := newTestServer(t)
	robots := body(t, do(t, s, "GET", "/robots.txt"))
	var disallowed []string
	for line := range strings.SplitSeq(robots, "\n") {
		if p, ok := strings.CutPrefix(line, "Disallow: "); ok {
			disallowed = append(disallowed, p)
		}
	}
	for _, want := range []string{"/ask", "/search", "/api/"} {
		if !strings.Contains(robots, "\nDisallow: "+want+"\n") {
			t.Errorf("robots.txt does not disallow %s:\n%s", want, robots)
		}
	}
	loc := regexp.MustCompile(`<loc>https://healthqa\.test([^<]*)</loc>`)
	files := loc.FindAllStringSubmatch(body(t, do(t, s, "GET", "/sitemap.xml")), -1)
	if len(files) == 0 {
		t.Fatal("no sitemap files")
	}
	listed := 0
	for _, f := range files {
		for _, m := range loc.FindAllStringSubmatch(body(t, do(t, s, "GET", f[1])), -1) {
			listed++
			for _, d := range disallowed {
				if strings.HasPrefix(m[1], d) {
					t.Errorf("%s is in a sitemap but robots.txt disallows %s", m[1], d)
				}
			}
		}
	}
	if listed == 0 {
		t.Error("the sitemaps list no page")
	}
}
