package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"healthqa/internal/store"
)

// The reviewers' view of readers' feedback, GET /review/feedback: the
// answers most recently voted on first, with their counts and newest
// reasons. Reviewers and admins only; it is never cached, and nothing
// else reads the counts (no ranking uses them).

const (
	feedbackPageSize    = 25
	feedbackPageReasons = 10
)

type feedbackReviewView struct {
	Answers      []feedbackAnswerView
	Total        int
	Page, Pages  int
	Prev, Next   string // addresses of the neighbouring pages; "" at an end
	First, Last  int    // 1-based positions shown
	ReasonsShown int
}

type feedbackAnswerView struct {
	store.FeedbackSummary
	Link       string // the answer on its question page; "" when it is gone
	SourceName string
	Helpful    int // per cent of votes saying yes
}

func (s *Server) feedbackReview(w http.ResponseWriter, r *http.Request) {
	if s.opts.Feedback == nil {
		s.errorPage(w, r, http.StatusServiceUnavailable, "Feedback is off", "This site does not collect feedback.")
		return
	}
	pageNo := 1
	if q := r.URL.Query(); q.Has("page") {
		n, err := strconv.Atoi(q.Get("page"))
		if err != nil || n < 1 || n > 100000 {
			s.badRequest(w, r, "page must be a whole number from 1")
			return
		}
		pageNo = n
	}
	list, total, err := s.opts.Feedback.FeedbackSummaries(r.Context(), (pageNo-1)*feedbackPageSize, feedbackPageSize, feedbackPageReasons)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	srcs, err := s.sources(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := feedbackReviewView{Total: total, Page: pageNo, Pages: max(1, (total+feedbackPageSize-1)/feedbackPageSize), ReasonsShown: feedbackPageReasons}
	if pageNo > v.Pages {
		s.badRequest(w, r, fmt.Sprintf("page %d is past the last page, %d", pageNo, v.Pages))
		return
	}
	v.First, v.Last = (pageNo-1)*feedbackPageSize+1, (pageNo-1)*feedbackPageSize+len(list)
	if pageNo > 1 {
		v.Prev = "/review/feedback?page=" + strconv.Itoa(pageNo-1)
	}
	if pageNo < v.Pages {
		v.Next = "/review/feedback?page=" + strconv.Itoa(pageNo+1)
	}
	for _, f := range list {
		a := feedbackAnswerView{FeedbackSummary: f, Helpful: 100 * f.Yes / max(1, f.Yes+f.No)}
		if f.QuestionSlug != "" {
			a.Link = "/q/" + url.PathEscape(f.QuestionSlug) + "#" + url.PathEscape("answer-"+f.AnswerKey)
			a.SourceName = srcs.get(f.SourceKey).Name
		}
		v.Answers = append(v.Answers, a)
	}
	p := &page{Title: "Readers' feedback", Robots: "noindex", View: v, template: "feedback_review"}
	var buf bytes.Buffer
	if err := s.render(&buf, r, p); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store, private")
	w.Write(buf.Bytes())
}
