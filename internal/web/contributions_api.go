package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/store"
)

// contributionRoutes are the workflow for programs: an organization's
// system pushes its answers with its API token (or a signed-in
// contributor's browser script with X-CSRF-Token); they wait for review
// like any other. They are registered through s.route, outside the
// read-only apiMux, and send no CORS headers: no other site's page may
// call them.
func (s *Server) contributionRoutes() {
	s.route("POST /api/v1/contributions", sourceToken, s.needEditorial(s.apiCreateContribution))
	s.route("GET /api/v1/contributions/{id}", sourceToken, s.needEditorial(s.apiContribution))
	s.route("PUT /api/v1/contributions/{id}", sourceToken, s.needEditorial(s.apiReviseContribution))
	s.route("POST /api/v1/contributions/{id}/submit", sourceToken, s.needEditorial(s.apiSubmitContribution))
}

// contributionView is a contribution as the API shows it to its owner.
type contributionView struct {
	ID                int64                `json:"id"`
	Question          string               `json:"question"`
	QuestionTitle     string               `json:"question_title"`
	Source            string               `json:"source,omitempty"`
	State             editorial.State      `json:"state"`
	Revision          int                  `json:"revision"`
	PublishedRevision int                  `json:"published_revision"`
	Live              bool                 `json:"live"`
	AnswerKey         string               `json:"answer_key,omitempty"`
	Markdown          string               `json:"markdown"`
	HTML              string               `json:"html"`
	Reviews           []contributionReview `json:"reviews"`
	CreatedAt         time.Time            `json:"created_at"`
	UpdatedAt         time.Time            `json:"updated_at"`
}

type contributionReview struct {
	Revision int       `json:"revision"`
	Decision string    `json:"decision"`
	Comment  string    `json:"comment"`
	At       time.Time `json:"at"`
}

type contributionInput struct {
	Question     string `json:"question"`
	Markdown     string `json:"markdown"`
	BaseRevision int    `json:"base_revision"`
	Revision     int    `json:"revision"`
}

// readInput decodes a JSON body (at most the server's 64 KiB), refusing
// unknown fields so that a misspelt one is an error, not ignored.
func readInput(r *http.Request, optional bool) (contributionInput, error) {
	var in contributionInput
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(&in)
	if optional && errors.Is(err, io.EOF) {
		return in, nil
	}
	if err != nil {
		return in, fmt.Errorf("%w: the body is not the JSON object documented: %v", store.ErrInvalid, err)
	}
	return in, nil
}

func (s *Server) apiCreateContribution(w http.ResponseWriter, r *http.Request) {
	in, err := readInput(r, false)
	if err == nil && in.Question == "" {
		err = fmt.Errorf("%w: name the question by its slug (\"question\")", store.ErrInvalid)
	}
	var sub store.Submission
	if err == nil {
		var text editorial.Rendered
		if text, err = editorial.Render(in.Markdown); err == nil {
			sub, err = s.editorial.CreateSubmission(r.Context(), store.NewSubmission{Actor: actorOf(viewer(r)),
				QuestionSlug: in.Question, Text: text, Now: s.now()})
		}
	}
	if err != nil {
		s.apiEditorialError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/contributions/%d", sub.ID))
	s.writeContribution(w, r, http.StatusCreated, sub)
}

// apiOwnSubmission is ownSubmission for the API: 404 as a problem.
func (s *Server) apiOwnSubmission(w http.ResponseWriter, r *http.Request) (store.Submission, bool) {
	sub, err := s.editorial.Submission(r.Context(), submissionID(r))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !sub.Item().Owns(actorOf(viewer(r)))) {
		problem(w, r, http.StatusNotFound, "not found", "no contribution of this account has this id")
		return sub, false
	}
	if err != nil {
		s.apiEditorialError(w, r, err)
		return sub, false
	}
	return sub, true
}

func (s *Server) apiContribution(w http.ResponseWriter, r *http.Request) {
	if sub, ok := s.apiOwnSubmission(w, r); ok {
		s.writeContribution(w, r, http.StatusOK, sub)
	}
}

func (s *Server) apiReviseContribution(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.apiOwnSubmission(w, r)
	if !ok {
		return
	}
	in, err := readInput(r, false)
	if err == nil && in.BaseRevision <= 0 {
		err = fmt.Errorf("%w: say which revision this one replaces (\"base_revision\")", store.ErrInvalid)
	}
	if err == nil {
		var text editorial.Rendered
		if text, err = editorial.Render(in.Markdown); err == nil {
			sub, err = s.editorial.SaveRevision(r.Context(), store.SaveRevision{Actor: actorOf(viewer(r)), ID: sub.ID,
				Base: in.BaseRevision, Text: text, Now: s.now()})
		}
	}
	if err != nil {
		s.apiEditorialError(w, r, err)
		return
	}
	s.writeContribution(w, r, http.StatusOK, sub)
}

func (s *Server) apiSubmitContribution(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.apiOwnSubmission(w, r)
	if !ok {
		return
	}
	in, err := readInput(r, true)
	if err == nil {
		sub, err = s.editorial.Step(r.Context(), store.Step{Actor: actorOf(viewer(r)), ID: sub.ID,
			Action: editorial.Submit, SeenRevision: in.Revision, Now: s.now()})
	}
	if err != nil {
		s.apiEditorialError(w, r, err)
		return
	}
	s.writeContribution(w, r, http.StatusOK, sub)
}

func (s *Server) writeContribution(w http.ResponseWriter, r *http.Request, status int, sub store.Submission) {
	revs, err := s.editorial.Revisions(r.Context(), sub.ID)
	if err != nil || len(revs) == 0 {
		s.apiEditorialError(w, r, fmt.Errorf("revisions of %d: %v", sub.ID, err))
		return
	}
	reviews, err := s.editorial.Reviews(r.Context(), sub.ID)
	if err != nil {
		s.apiEditorialError(w, r, err)
		return
	}
	newest := revs[len(revs)-1]
	v := contributionView{ID: sub.ID, Question: sub.QuestionSlug, QuestionTitle: sub.QuestionTitle, Source: sub.SourceKey,
		State: sub.State, Revision: sub.Revision, PublishedRevision: sub.PublishedRevision, Live: sub.Live,
		Markdown: newest.Markdown, HTML: newest.HTML, Reviews: []contributionReview{},
		CreatedAt: sub.CreatedAt, UpdatedAt: sub.UpdatedAt}
	if sub.Live {
		v.AnswerKey = sub.AnswerKey()
	}
	for _, rv := range reviews {
		v.Reviews = append(v.Reviews, contributionReview{Revision: rv.Revision, Decision: rv.Decision, Comment: rv.Comment, At: rv.At})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// apiEditorialError answers with an RFC 9457 problem; a conflict says
// which revision is the newest, so the program can fetch and merge.
func (s *Server) apiEditorialError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := editorialError(err)
	switch status {
	case http.StatusInternalServerError:
		s.log.ErrorContext(r.Context(), "contributions API", "path", r.URL.Path, "err", err)
		problem(w, r, status, "internal error", "the request could not be completed")
	case http.StatusConflict:
		problem(w, r, status, "conflict", msg)
	case http.StatusForbidden:
		problem(w, r, status, "forbidden", msg)
	case http.StatusNotFound:
		problem(w, r, status, "not found", msg)
	default:
		problem(w, r, status, "bad request", msg)
	}
}
