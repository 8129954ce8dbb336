package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

//go:embed templates
var templateFS embed.FS

// page is what the layout needs besides the view of the page itself.
type page struct {
	Title       string
	Description string
	Path        string // canonical path, "/q/…"
	Robots      string // "noindex" for pages search engines should skip
	JSONLD      template.JS
	Crumbs      []crumb
	Query       string // the search box's value
	View        any
	template    string

	// Filled in by render.
	Canonical string
	CSS, JS   string
}

type crumb struct{ Name, Path string }

var pageTemplates = []string{"home", "question", "topic", "topics", "sources", "source", "ask", "error", "person", "history"}

func parseTemplates(a *assets) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"plural": plural,
		"add":    func(a, b int) int { return a + b },
		"partsAt": func(parts [][]textPart, i int) []textPart {
			if i < len(parts) {
				return parts[i]
			}
			return nil
		},
		"feedbackAction": feedbackAction,
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, name := range pageTemplates {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (s *Server) render(w io.Writer, r *http.Request, p *page) error {
	p.Canonical = s.baseURL(r) + p.Path
	p.CSS = s.assets.url("style.css")
	p.JS = s.assets.url("suggest.js")
	return s.pages[p.template].ExecuteTemplate(w, "layout.html", p)
}

// htmlPage renders a page through the cache.
func (s *Server) htmlPage(build func(r *http.Request) (*page, error)) http.Handler {
	return s.cached(func(r *http.Request) (*rendered, error) {
		p, err := build(r)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := s.render(&buf, r, p); err != nil {
			return nil, err
		}
		return newRendered(http.StatusOK, "text/html; charset=utf-8", buf.Bytes(), 0), nil
	})
}

func (s *Server) home(r *http.Request) (*page, error) {
	v, err := s.homeView(r.Context())
	if err != nil {
		return nil, err
	}
	return &page{
		Title:       "healthqa: health questions answered by trusted sources",
		Description: "Answers to health questions from NIH institutes, MedlinePlus and other trusted organizations, side by side.",
		Path:        "/", View: v, template: "home",
	}, nil
}

// queryParam reads a short text parameter; overlong or broken text is a
// bad request, not something to search for.
func queryParam(r *http.Request, name string, limit int) (string, error) {
	q := strings.TrimSpace(r.URL.Query().Get(name))
	if len(q) > limit {
		return "", requestError{fmt.Sprintf("the %s parameter is longer than %d bytes", name, limit)}
	}
	if !utf8.ValidString(q) {
		return "", requestError{fmt.Sprintf("the %s parameter is not valid UTF-8", name)}
	}
	return q, nil
}

func (s *Server) question(r *http.Request) (*page, error) {
	v, err := s.questionView(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	ld, err := s.questionJSONLD(r, v)
	if err != nil {
		return nil, err
	}
	return &page{
		Title:       v.Question.Title,
		Description: questionDescription(v),
		Path:        "/q/" + v.Question.Slug,
		JSONLD:      ld,
		Crumbs:      []crumb{{"Topics", "/topics"}, {v.Topic.Name, "/topics/" + v.Topic.Slug}},
		View:        v,
		template:    "question",
	}, nil
}

func questionDescription(v *questionView) string {
	for _, a := range v.Answers {
		if a.HasText {
			return snippet(a.Text, 155)
		}
	}
	return fmt.Sprintf("%s Answers from %s.", v.Question.Title, plural(len(v.Answers), "source", "sources"))
}

func (s *Server) topic(r *http.Request) (*page, error) {
	v, err := s.topicView(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	return &page{
		Title:       v.Topic.Name,
		Description: fmt.Sprintf("%s: %s answered by %s.", v.Topic.Name, plural(len(v.Questions), "question", "questions"), plural(len(v.Sources), "source", "sources")),
		Path:        "/topics/" + v.Topic.Slug,
		Crumbs:      []crumb{{"Topics", "/topics"}},
		View:        v, template: "topic",
	}, nil
}

func (s *Server) topics(r *http.Request) (*page, error) {
	letter, pageNo, err := letterAndPage(r)
	if err != nil {
		return nil, err
	}
	v, err := s.topicsView(r.Context(), letter, pageNo)
	if err != nil {
		return nil, err
	}
	if pageNo > v.Pages {
		return nil, requestError{fmt.Sprintf("page %d is past the last page, %d", pageNo, v.Pages)}
	}
	title := "Topics A–Z"
	if letter != "" {
		title = "Topics: " + letter
	}
	if pageNo > 1 {
		title += fmt.Sprintf(" (page %d of %d)", pageNo, v.Pages)
	}
	return &page{Title: title, Description: "Every health topic healthqa has answers about, A to Z.", Path: topicsPath(letter, pageNo), View: v, template: "topics"}, nil
}

func letterAndPage(r *http.Request) (string, int, error) {
	q := r.URL.Query()
	letter := strings.ToUpper(q.Get("letter"))
	// Given but empty is refused like any other wrong value: leave the
	// parameter out for all topics or the first page.
	if q.Has("letter") && letter != "#" && (len(letter) != 1 || letter[0] < 'A' || letter[0] > 'Z') {
		return "", 0, requestError{"letter must be one of A–Z or #"}
	}
	pageNo := 1
	if q.Has("page") {
		n, err := strconv.Atoi(q.Get("page"))
		if err != nil || n < 1 || n > 100000 {
			return "", 0, requestError{"page must be a whole number from 1"}
		}
		pageNo = n
	}
	return letter, pageNo, nil
}

func topicsPath(letter string, pageNo int) string {
	v := make([]string, 0, 2)
	if letter != "" {
		v = append(v, "letter="+urlQueryEscape(letter))
	}
	if pageNo > 1 {
		v = append(v, "page="+strconv.Itoa(pageNo))
	}
	if len(v) == 0 {
		return "/topics"
	}
	return "/topics?" + strings.Join(v, "&")
}

func (s *Server) sourceList(r *http.Request) (*page, error) {
	srcs, err := s.store.SourceSummaries(r.Context())
	if err != nil {
		return nil, err
	}
	return &page{Title: "Sources", Description: "The organizations whose answers healthqa shows.", Path: "/sources", View: srcs, template: "sources"}, nil
}

func (s *Server) source(r *http.Request) (*page, error) {
	v, err := s.sourceView(r.Context(), r.PathValue("key"))
	if err != nil {
		return nil, err
	}
	return &page{
		Title:       v.Source.Name,
		Description: v.Source.Description,
		Path:        "/sources/" + v.Source.Key,
		Crumbs:      []crumb{{"Sources", "/sources"}},
		View:        v, template: "source",
	}, nil
}
