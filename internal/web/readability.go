package web

import (
	"context"
	"html/template"
	"net/http"
	"sort"

	"healthqa/internal/model"
	"healthqa/internal/readability"
	"healthqa/internal/store"
)

// Readability on the pages (issue 12, docs/CONCEPTS.md): a plain label
// on each answer, ?order=easiest on the question page and /ask to put
// the easiest answers first, and the reviewers' queue of answers that
// read above grade 12, /review/hard.

// orderEasiest is the one value of the order parameter; anything else
// is the usual order.
const orderEasiest = "easiest"

// readingOf is an answer's grades for the page and the API, labelled.
func readingOf(a model.Answer) *model.Readability {
	if a.Readability == nil {
		return nil
	}
	r := *a.Readability
	r.Label = readability.Label(r.Grade)
	return &r
}

// easiest reports whether the request asks for the easiest answers first.
func easiest(r *http.Request) bool { return r.URL.Query().Get("order") == orderEasiest }

// orderByGrade puts answers with text in order of reading grade, easiest
// first; ungraded answers keep their place after the graded ones, and
// answers without text stay last.
func orderByGrade(answers []answerView) {
	rank := func(a answerView) (int, float64) {
		switch {
		case !a.HasText:
			return 2, 0
		case a.Readability == nil:
			return 1, 0
		}
		return 0, a.Readability.Grade
	}
	sort.SliceStable(answers, func(i, j int) bool {
		ci, gi := rank(answers[i])
		cj, gj := rank(answers[j])
		if ci != cj {
			return ci < cj
		}
		return gi < gj
	})
}

// orderResultsByGrade reorders ask results by the grade of the answer
// each shows, easiest first, ungraded last, otherwise as ranked.
func (s *Server) orderResultsByGrade(ctx context.Context, v *askView) error {
	cs := s.concepts()
	if cs == nil || len(v.Results) == 0 {
		return nil
	}
	keys := make([]string, len(v.Results))
	for i, r := range v.Results {
		keys[i] = r.AnswerKey
	}
	grades, err := cs.AnswerGrades(ctx, keys)
	if err != nil {
		return err
	}
	sort.SliceStable(v.Results, func(i, j int) bool {
		gi, oki := grades[v.Results[i].AnswerKey]
		gj, okj := grades[v.Results[j].AnswerKey]
		if oki != okj {
			return oki
		}
		return oki && gi < gj
	})
	v.Grades = map[string]string{}
	for k, g := range grades {
		v.Grades[k] = readability.Label(g)
	}
	return nil
}

// hardLimit bounds one page of the hard-answer queue.
const hardLimit = 200

type hardView struct {
	chrome
	Grade   int
	Total   int
	Answers []hardLink
}

type hardLink struct {
	store.HardAnswer
	Anchor string
	Label  string
}

func (s *Server) hardQueue(w http.ResponseWriter, r *http.Request) {
	cs := s.concepts()
	if cs == nil {
		s.notFound(w, r)
		return
	}
	q, err := cs.HardAnswers(r.Context(), readability.HardGrade, hardLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vw := viewer(r)
	v := hardView{chrome: chrome{Viewer: vw, CSRF: vw.CSRFToken}, Grade: readability.HardGrade, Total: q.Total}
	for _, a := range q.Answers {
		v.Answers = append(v.Answers, hardLink{HardAnswer: a, Anchor: "answer-" + a.Key, Label: readability.Label(a.Grade)})
	}
	s.privatePage(w, r, http.StatusOK, "Answers hard to read", "hard", v)
}

// hardRoutes registers the reviewers' queue beside the stale one, drawn
// the same way (a clone of the account pages' template).
func (s *Server) hardRoutes() {
	t := template.Must(template.Must(s.accountPages["signin"].Clone()).ParseFS(templateFS, "templates/hard.html"))
	s.accountPages["hard"] = t
	s.route("GET /review/hard", reviewer, http.HandlerFunc(s.hardQueue))
}
