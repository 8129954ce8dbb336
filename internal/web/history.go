package web

import (
	"html/template"
	"net/http"
	"slices"
	"time"

	"healthqa/internal/editorial"
	"healthqa/internal/store"
)

// The history page of a contributor answer, /answers/{key}/history:
// every revision a reviewer approved, newest first, who wrote it, who
// reviewed it and when, and the words changed since the revision
// published before it (editorial.Diff over the plain texts). Drafts, revisions waiting for review and those
// sent back or rejected are never listed (store.Published.AnswerHistory
// reads approved revisions only), and an answer that is not published
// now has no history page: 404, like any address with nothing public.
// The page is cached like a question page: publishing or unpublishing
// moves the content version.

type historyView struct {
	Key           string         `json:"key"`
	QuestionSlug  string         `json:"question_slug"`
	QuestionTitle string         `json:"question_title"`
	Revisions     []revisionView `json:"revisions"` // newest first
}

type revisionView struct {
	Number  int            `json:"number"`
	Author  *personView    `json:"author"`
	Written time.Time      `json:"written_at"`
	Review  *medicalReview `json:"review"`
	HTML    string         `json:"html"`
	Current bool           `json:"current"`
	// Changes is the word diff from the revision published before, as
	// editorial.DiffHTML renders it (escaped text in ins and del); empty
	// for the first.
	Changes  template.HTML `json:"-"`
	Previous int           `json:"-"`
}

// SafeHTML is the revision's stored HTML for the template.
func (v revisionView) SafeHTML() template.HTML { return sanitizedHTML(v.HTML) }

// WrittenDate is the day the revision was saved.
func (v revisionView) WrittenDate() string { return longDate(v.Written) }

func historyViewOf(h store.AnswerHistory) *historyView {
	v := &historyView{Key: h.Key, QuestionSlug: h.QuestionSlug, QuestionTitle: h.QuestionTitle}
	for i, r := range h.Revisions {
		rv := revisionView{
			Number: r.Number, Author: personViewOf(r.Author), Written: r.Written, HTML: r.HTML,
			Review:  &medicalReview{Reviewer: personViewOf(r.Review.Reviewer), At: r.Review.At},
			Current: i == len(h.Revisions)-1,
		}
		if i > 0 {
			prev := h.Revisions[i-1]
			rv.Previous, rv.Changes = prev.Number, editorial.DiffHTML(editorial.Diff(prev.Text, r.Text))
		}
		v.Revisions = append(v.Revisions, rv)
	}
	slices.Reverse(v.Revisions)
	return v
}

func (s *Server) history(r *http.Request) (*page, error) {
	if s.published == nil {
		return nil, store.ErrNotFound
	}
	h, err := s.published.AnswerHistory(r.Context(), r.PathValue("key"))
	if err != nil {
		return nil, err
	}
	v := historyViewOf(h)
	return &page{
		Title:       "History of an answer to “" + v.QuestionTitle + "”",
		Description: "The published revisions of one answer, who wrote and who reviewed each, and when.",
		Path:        "/answers/" + v.Key + "/history",
		Robots:      "noindex",
		Crumbs:      []crumb{{v.QuestionTitle, "/q/" + v.QuestionSlug}},
		View:        v, template: "history",
	}, nil
}
