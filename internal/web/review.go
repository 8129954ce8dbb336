package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"healthqa/internal/editorial"
	"healthqa/internal/store"
)

type queueView struct {
	chrome
	Queue         store.Queue
	Topic, Source string
}

func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	f := store.QueueFilter{Topic: bounded(r.URL.Query().Get("topic"), 200), Source: bounded(r.URL.Query().Get("source"), 200)}
	q, err := s.editorial.ReviewQueue(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view := queueView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken, Notice: editorialNotices[r.URL.Query().Get("done")]},
		Queue: q, Topic: f.Topic, Source: f.Source}
	s.privatePage(w, r, http.StatusOK, "Review queue", "review_queue", view)
}

func bounded(s string, n int) string {
	if len(s) > n {
		return ""
	}
	return s
}

// reviewPageView is the reviewer's page of one submission.
type reviewPageView struct {
	chrome
	Sub     store.Submission
	Newest  store.Revision
	HTML    template.HTML
	Reviews []store.EditorialReview
	// Diff is the newest revision against DiffBase (the published
	// revision, else the one last reviewed); none when DiffBase is 0.
	Diff      template.HTML
	DiffBase  int
	OwnWork   bool // the decision buttons are absent; the server refuses anyway
	CanDecide bool
	CanPull   bool // unpublish
	Comment   string
	NewSlug   string // the slug a created question would get
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	id := submissionID(r)
	sub, err := s.editorial.Submission(r.Context(), id)
	// A draft is the author's until submitted: reviewers do not read it.
	if errors.Is(err, store.ErrNotFound) || (err == nil && sub.State == editorial.Draft) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showReview(w, r, http.StatusOK, sub, editorialNotices[r.URL.Query().Get("done")], "", "")
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, status int, sub store.Submission, notice, errMsg, comment string) {
	v := viewer(r)
	revs, err := s.editorial.Revisions(r.Context(), sub.ID)
	if err != nil || len(revs) == 0 {
		s.fail(w, r, fmt.Errorf("revisions of %d: %v", sub.ID, err))
		return
	}
	reviews, err := s.editorial.Reviews(r.Context(), sub.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	newest := revs[len(revs)-1]
	actor := actorOf(v)
	_, approveErr := editorial.Next(sub.Item(), actor, editorial.Approve)
	_, pullErr := editorial.Next(sub.Item(), actor, editorial.Unpublish)
	view := reviewPageView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken, Notice: notice, Error: errMsg}, Sub: sub,
		Newest: newest, HTML: answerHTML(newest.HTML), Reviews: reviews, OwnWork: sub.Item().Owns(actor),
		CanDecide: approveErr == nil, CanPull: pullErr == nil, Comment: comment}
	if sub.QuestionSlug == "" {
		view.NewSlug = questionSlugFor(sub.ProposedTitle)
	}
	view.DiffBase = diffBase(sub, reviews)
	if view.DiffBase > 0 && view.DiffBase < newest.Number {
		view.Diff = editorial.DiffHTML(editorial.Diff(revs[view.DiffBase-1].Text, newest.Text))
	}
	s.privatePage(w, r, status, "Review: "+sub.QuestionTitle, "review_submission", view)
}

// diffBase is the revision a reviewer compares the newest with: the one
// the public sees, or else the one a reviewer last looked at.
func diffBase(sub store.Submission, reviews []store.EditorialReview) int {
	if sub.PublishedRevision > 0 {
		return sub.PublishedRevision
	}
	if n := len(reviews); n > 0 {
		return reviews[n-1].Revision
	}
	return 0
}

// decisionActions maps the decision form's values to actions.
var decisionActions = map[string]editorial.Action{
	"approve": editorial.Approve,
	"changes": editorial.RequestChanges,
	"reject":  editorial.Reject,
}

// maxComment bounds a reviewer's comment or reason.
const maxComment = 4000

func (s *Server) reviewDecide(w http.ResponseWriter, r *http.Request) {
	act, ok := decisionActions[r.PostFormValue("decision")]
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "No decision", "Choose approve, request changes or reject.")
		return
	}
	s.reviewStep(w, r, act, "decision")
}

func (s *Server) reviewUnpublish(w http.ResponseWriter, r *http.Request) {
	s.reviewStep(w, r, editorial.Unpublish, "reason")
}

// reviewStep applies a reviewer's action as the form saw the submission
// (its revision and state), so that a decision made on a page another
// reviewer has since acted on is refused as a conflict.
func (s *Server) reviewStep(w http.ResponseWriter, r *http.Request, act editorial.Action, commentField string) {
	id := submissionID(r)
	comment := strings.TrimSpace(r.PostFormValue(commentField))
	if commentField == "decision" {
		comment = strings.TrimSpace(r.PostFormValue("comment"))
	}
	seen, _ := strconv.Atoi(r.PostFormValue("revision"))
	step := store.Step{Actor: actorOf(viewer(r)), ID: id, Action: act, SeenRevision: max(seen, -1),
		SeenState: editorial.State(r.PostFormValue("state")), Comment: comment, Now: s.now(),
		MapTo: strings.TrimSpace(r.PostFormValue("map_to"))}
	if seen <= 0 || step.SeenState == "" {
		step.SeenRevision, step.SeenState = -1, "?" // a form without them cannot match
	}
	var err error
	if len(comment) > maxComment {
		err = fmt.Errorf("%w: keep the comment under %d characters", store.ErrInvalid, maxComment)
	}
	var sub store.Submission
	if err == nil {
		if cur, lerr := s.editorial.Submission(r.Context(), id); lerr == nil && cur.QuestionSlug == "" {
			step.NewQuestionSlug = questionSlugFor(cur.ProposedTitle)
		}
		sub, err = s.editorial.Step(r.Context(), step)
	}
	if err == nil {
		done := "decided"
		switch act {
		case editorial.Approve:
			done = "approved"
		case editorial.Unpublish:
			done = "unpub"
		}
		seeOther(w, r, fmt.Sprintf("/review/submissions/%d?done=%s", sub.ID, done))
		return
	}
	status, msg := editorialError(err)
	if status == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	cur, lerr := s.editorial.Submission(r.Context(), id)
	if errors.Is(lerr, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	s.showReview(w, r, status, cur, "", msg, comment)
}
