package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"healthqa/internal/store"
)

// Sitemaps: the protocol allows 50,000 addresses a file, and healthqa
// has more pages than that, so /sitemap.xml is an index of numbered
// files per kind of page.
const sitemapLimit = 50000

// robotsDisallowed are the paths crawlers are asked to leave alone: /ask
// answers whatever is typed, an endless space of noindex pages each
// costing an ask slot; /search only redirects there; /api/ is data for
// programs, and the same content is crawlable as pages; the signed-in
// and form paths have nothing to index. Every page the sitemaps list
// stays allowed (TestRobots).
var robotsDisallowed = []string{"/ask", "/search", "/api/",
	"/signin", "/invite/", "/account", "/contribute", "/review", "/admin/", "/feedback/"}

func (s *Server) robots(r *http.Request) (*rendered, error) {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	for _, p := range robotsDisallowed {
		b.WriteString("Disallow: " + p + "\n")
	}
	fmt.Fprintf(&b, "Sitemap: %s/sitemap.xml\n", s.baseURL(r))
	body := b.String()
	return newRendered(http.StatusOK, "text/plain; charset=utf-8", []byte(body), 0), nil
}

type sitemapFile struct {
	name string
	refs []store.PageRef
	path func(slug string) string
}

func (s *Server) sitemapFiles(r *http.Request) ([]sitemapFile, error) {
	qs, err := s.store.QuestionRefs(r.Context())
	if err != nil {
		return nil, err
	}
	ts, err := s.store.TopicRefs(r.Context())
	if err != nil {
		return nil, err
	}
	files := []sitemapFile{{name: "pages-1.xml", refs: []store.PageRef{{Slug: "/"}, {Slug: "/topics"}, {Slug: "/sources"}}, path: func(p string) string { return p }}}
	files = append(files, split("topics", ts, func(slug string) string { return "/topics/" + slug })...)
	files = append(files, split("questions", qs, func(slug string) string { return "/q/" + slug })...)
	if s.published != nil {
		ps, err := s.published.PeopleRefs(r.Context())
		if err != nil {
			return nil, err
		}
		files = append(files, split("people", ps, func(slug string) string { return "/people/" + slug })...)
	}
	return files, nil
}

func split(kind string, refs []store.PageRef, path func(string) string) []sitemapFile {
	var out []sitemapFile
	for i := 0; i < len(refs); i += sitemapLimit {
		end := min(i+sitemapLimit, len(refs))
		out = append(out, sitemapFile{name: kind + "-" + strconv.Itoa(i/sitemapLimit+1) + ".xml", refs: refs[i:end], path: path})
	}
	return out
}

func (s *Server) sitemapIndex(r *http.Request) (*rendered, error) {
	files, err := s.sitemapFiles(r)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, f := range files {
		fmt.Fprintf(&b, "<sitemap><loc>%s/sitemaps/%s</loc>%s</sitemap>\n", xmlEscape(s.baseURL(r)), f.name, lastmod(newest(f.refs)))
	}
	b.WriteString("</sitemapindex>\n")
	return newRendered(http.StatusOK, "application/xml; charset=utf-8", b.Bytes(), 0), nil
}

func (s *Server) sitemap(r *http.Request) (*rendered, error) {
	files, err := s.sitemapFiles(r)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.name != r.PathValue("name") {
			continue
		}
		var b bytes.Buffer
		b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, ref := range f.refs {
			fmt.Fprintf(&b, "<url><loc>%s%s</loc>%s</url>\n", xmlEscape(s.baseURL(r)), xmlEscape(f.path(ref.Slug)), lastmod(ref.UpdatedAt))
		}
		b.WriteString("</urlset>\n")
		return newRendered(http.StatusOK, "application/xml; charset=utf-8", b.Bytes(), 0), nil
	}
	return nil, store.ErrNotFound
}

func newest(refs []store.PageRef) time.Time {
	var t time.Time
	for _, r := range refs {
		if r.UpdatedAt.After(t) {
			t = r.UpdatedAt
		}
	}
	return t
}

func lastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return "<lastmod>" + t.UTC().Format("2006-01-02") + "</lastmod>"
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
