package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/corpus"
	"healthqa/internal/editorial"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// editorialRoutes registers the contributor and reviewer pages and the
// contributions API (docs/EDITORIAL.md). Every route goes through
// s.route, which decides access; the handlers decide ownership, and the
// store applies the workflow rules inside its transactions.
func (s *Server) editorialRoutes() {
	s.editorial = s.opts.Editorial
	if s.editorial == nil {
		s.editorial, _ = s.store.(store.Editorial)
	}
	if s.editorial != nil {
		s.editorial = freshAfterStep{s.editorial, s.ver}
	}
	for name, t := range parseEditorialTemplates(s.assets.url("account.css")) {
		s.accountPages[name] = t
	}
	s.route("GET /contribute", contributor, s.needEditorial(s.contributeDashboard))
	s.route("GET /contribute/answer", contributor, s.needEditorial(s.contributeAnswerForm))
	s.route("GET /contribute/propose", contributor, s.needEditorial(s.contributeProposeForm))
	s.route("POST /contribute/submissions", contributor, s.needEditorial(s.contributeCreate))
	s.route("GET /contribute/submissions/{id}", contributor, s.needEditorial(s.contributeEdit))
	s.route("POST /contribute/submissions/{id}", contributor, s.needEditorial(s.contributeSave))
	s.route("POST /contribute/submissions/{id}/submit", contributor, s.needEditorial(s.contributeSubmit))
	s.route("GET /review", reviewer, s.needEditorial(s.reviewQueue))
	s.route("GET /review/submissions/{id}", reviewer, s.needEditorial(s.reviewPage))
	s.route("POST /review/submissions/{id}/decision", reviewer, s.needEditorial(s.reviewDecide))
	s.route("POST /review/submissions/{id}/unpublish", reviewer, s.needEditorial(s.reviewUnpublish))
	s.contributionRoutes()
}

// needEditorial answers 503 when the store keeps no editorial workflow
// (a read-only store in tests), rather than failing on a nil store.
func (s *Server) needEditorial(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.editorial == nil {
			s.errorPage(w, r, http.StatusServiceUnavailable, "Not available", "This server keeps no editorial workflow.")
			return
		}
		h(w, r)
	})
}

// editorialTemplates are the pages of the editorial routes, parsed like
// the account pages (layout, account_parts.html) with editorial_parts.html.
var editorialTemplates = []string{"contribute", "contribute_form", "contribute_edit", "review_queue", "review_submission"}

func parseEditorialTemplates(css string) map[string]*template.Template {
	funcs := template.FuncMap{
		"accountCSS": func() string { return css },
		"plural":     plural,
		"date":       func(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") },
	}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/account_parts.html", "templates/editorial_parts.html"))
	out := map[string]*template.Template{}
	for _, name := range editorialTemplates {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return out
}

// actorOf is the viewer as the workflow sees it.
func actorOf(v *account.Viewer) editorial.Actor {
	return editorial.Actor{UserID: v.UserID, Roles: v.Roles, SourceKey: v.SourceKey}
}

// answerHTML marks a revision's HTML as safe for templates. It is the
// one place this happens: the HTML was rendered from the contributor's
// Markdown and sanitized with the allow-list policy when it was saved
// (editorial.Render), and nothing else is ever stored in that column.
func answerHTML(sanitized string) template.HTML { return template.HTML(sanitized) }

// editorialNotices are the messages a redirect may ask for, by key, so
// that no text from the address reaches the page.
var editorialNotices = map[string]string{
	"saved":     "The draft is saved.",
	"submitted": "Submitted for review. A reviewer will look at it; you will see the decision here.",
	"decided":   "The decision is recorded.",
	"approved":  "Approved and published: the answer is on its question page now.",
	"unpub":     "The answer is unpublished. Its revisions and reviews are kept.",
}

type dashboardView struct {
	chrome
	Items []dashboardItem
}

type dashboardItem struct {
	store.Submission
	LastReview *store.EditorialReview
}

func (s *Server) contributeDashboard(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	list, err := s.editorial.Submissions(r.Context(), actorOf(v))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view := dashboardView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken, Notice: editorialNotices[r.URL.Query().Get("done")]}}
	for _, sub := range list {
		item := dashboardItem{Submission: sub}
		// Reviewers' words matter where the contributor has to act, or
		// needs to know why: only those states read their reviews.
		if sub.State == editorial.ChangesRequested || sub.State == editorial.Rejected || sub.State == editorial.Unpublished {
			reviews, err := s.editorial.Reviews(r.Context(), sub.ID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			if n := len(reviews); n > 0 {
				item.LastReview = &reviews[n-1]
			}
		}
		view.Items = append(view.Items, item)
	}
	s.privatePage(w, r, http.StatusOK, "Your contributions", "contribute", view)
}

// formView is the new-answer and propose-question page.
type formView struct {
	chrome
	Propose  bool
	Question *model.Question // the question answered
	Search   string          // the question search on the answer page
	Found    []store.QuestionSummary
	Title    string // a proposal's wording, topic and type, kept on error
	Topic    string
	Type     string
	Types    []model.QuestionType
	Markdown string
}

func (s *Server) contributeAnswerForm(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	view := formView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken}}
	if slug := r.URL.Query().Get("q"); slug != "" {
		q, _, err := s.store.Question(r.Context(), slug)
		if errors.Is(err, store.ErrNotFound) {
			s.notFound(w, r)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		view.Question = &q
	} else if find := strings.TrimSpace(r.URL.Query().Get("find")); find != "" {
		if len(find) > maxQueryLength {
			find = find[:maxQueryLength]
		}
		found, err := s.store.SearchQuestions(r.Context(), find, 20)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		view.Search, view.Found = find, found
	}
	s.privatePage(w, r, http.StatusOK, "Answer a question", "contribute_form", view)
}

func (s *Server) contributeProposeForm(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	view := formView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken}, Propose: true, Types: model.QuestionTypes,
		Topic: r.URL.Query().Get("topic")}
	s.privatePage(w, r, http.StatusOK, "Propose a question", "contribute_form", view)
}

// Bounds of a proposed question's wording.
const (
	minProposedTitle = 10
	maxProposedTitle = 300
)

func (s *Server) contributeCreate(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	if err := readForm(r); err != nil {
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too long", "The form was too large to read.")
		return
	}
	f := r.PostForm
	view := formView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken}, Markdown: f.Get("markdown"),
		Title: strings.TrimSpace(f.Get("title")), Topic: strings.TrimSpace(f.Get("topic")), Type: f.Get("type")}
	n := store.NewSubmission{Actor: actorOf(v), Now: s.now()}
	if slug := f.Get("question"); slug != "" {
		q, _, err := s.store.Question(r.Context(), slug)
		if err != nil {
			s.notFound(w, r)
			return
		}
		view.Question, n.QuestionSlug = &q, slug
	} else {
		view.Propose, view.Types = true, model.QuestionTypes
		n.ProposedTitle, n.ProposedTopic, n.ProposedType = view.Title, view.Topic, view.Type
		if msg := checkProposal(view.Title); msg != "" {
			view.Error = msg
			s.privatePage(w, r, http.StatusBadRequest, "Propose a question", "contribute_form", view)
			return
		}
	}
	text, err := editorial.Render(view.Markdown)
	if err == nil {
		n.Text = text
		var sub store.Submission
		if sub, err = s.editorial.CreateSubmission(r.Context(), n); err == nil {
			seeOther(w, r, fmt.Sprintf("/contribute/submissions/%d?done=saved", sub.ID))
			return
		}
	}
	status, msg := editorialError(err)
	if status == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	view.Error = msg
	title := "Answer a question"
	if view.Propose {
		title = "Propose a question"
	}
	s.privatePage(w, r, status, title, "contribute_form", view)
}

// readForm parses a POSTed form, URL-encoded or multipart: the answer
// forms are sent as multipart/form-data, where text is not
// percent-encoded, so that an answer near MaxMarkdown stays well under
// the server's 64 KiB bound on a request body.
func readForm(r *http.Request) error {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return r.ParseMultipartForm(1 << 20)
	}
	return r.ParseForm()
}

func checkProposal(title string) string {
	n := len([]rune(title))
	switch {
	case n < minProposedTitle:
		return fmt.Sprintf("Write the question in at least %d characters.", minProposedTitle)
	case n > maxProposedTitle:
		return fmt.Sprintf("Keep the question under %d characters.", maxProposedTitle)
	case strings.ContainsAny(title, "\r\n"):
		return "Write the question on one line."
	}
	return ""
}

// editorialError turns a store or workflow error into a status and a
// sentence for the contributor or reviewer; 500 for anything else.
func editorialError(err error) (int, string) {
	var ce *store.ConflictError
	switch {
	case errors.As(err, &ce):
		return http.StatusConflict, ce.Error()
	case errors.Is(err, editorial.ErrOwnWork):
		return http.StatusForbidden, "Nobody decides on their own work: another reviewer must."
	case errors.Is(err, editorial.ErrForbidden):
		return http.StatusForbidden, "Your account may not do this."
	case errors.Is(err, editorial.ErrState), errors.Is(err, store.ErrExists):
		return http.StatusConflict, sentence(err)
	case errors.Is(err, store.ErrInvalid), errors.Is(err, editorial.ErrEmpty), errors.Is(err, editorial.ErrTooLong),
		errors.Is(err, editorial.ErrTooDeep), errors.Is(err, editorial.ErrEncoding):
		return http.StatusBadRequest, sentence(err)
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "There is no such submission."
	}
	return http.StatusInternalServerError, ""
}

// sentence is the last part of a wrapped error ("sqlite: save: not
// possible in this state: it was rejected" → "Not possible in this
// state: it was rejected."): the words meant for people. Each backend
// names itself first ("sqlite: ", "postgres: ").
func sentence(err error) string {
	msg := err.Error()
	for _, prefix := range []string{"sqlite: ", "postgres: "} {
		if i := strings.LastIndex(msg, prefix); i >= 0 {
			msg = msg[i+len(prefix):]
			if j := strings.Index(msg, ": "); j >= 0 {
				msg = msg[j+2:]
			}
		}
	}
	for _, sentinel := range []error{store.ErrInvalid, store.ErrExists} {
		msg = strings.TrimPrefix(msg, sentinel.Error()+": ")
	}
	if msg == "" {
		return ""
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}

// submissionID reads the {id} of the path; 0 when it is not a number.
func submissionID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// questionSlugFor makes the slug of a question created for a proposal,
// by the corpus's rule.
func questionSlugFor(title string) string { return corpus.Slug(title) }

// freshAfterStep makes this node ask for the content version again after
// each workflow step it makes, so that the person who just published or
// unpublished sees the change on their next page, not up to the version
// memo's TTL later. Other nodes follow within the TTL.
type freshAfterStep struct {
	store.Editorial
	ver *versionMemo
}

func (f freshAfterStep) Step(ctx context.Context, st store.Step) (store.Submission, error) {
	sub, err := f.Editorial.Step(ctx, st)
	if err == nil {
		f.ver.forget()
	}
	return sub, err
}
