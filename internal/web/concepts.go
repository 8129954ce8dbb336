package web

import (
	"context"
	"errors"
	"net/http"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Concept lookup (issue 12, docs/CONCEPTS.md): /api/v1/concepts/{cui}
// lists the topics carrying a UMLS concept, says when the concept is
// generic, and gives each topic's questions and answering sources.

// validCUI reports whether s is a CUI by its syntax (model.ValidCUI).
func validCUI(s string) bool { return model.ValidCUI(s) }

// conceptView is the API's answer: the store's page with each topic's
// and question's address.
type conceptView struct {
	CUI string `json:"cui"`
	// Generic: see store.ConceptPage.
	Generic    bool   `json:"generic"`
	GenericWhy string `json:"generic_note,omitempty"`
	TopicCount int    `json:"topic_count"`
	// Truncated says Topics holds only the first
	// store.MaxConceptPageTopics of TopicCount.
	Truncated bool               `json:"truncated"`
	Topics    []conceptTopicView `json:"topics"`
}

type conceptTopicView struct {
	Slug      string                `json:"slug"`
	Name      string                `json:"name"`
	URL       string                `json:"url"`
	CUIs      []string              `json:"cuis"`
	Sources   []string              `json:"sources"`
	Questions []conceptQuestionView `json:"questions"`
}

type conceptQuestionView struct {
	Slug    string   `json:"slug"`
	Title   string   `json:"title"`
	Type    string   `json:"type"`
	URL     string   `json:"url"`
	Sources []string `json:"sources"`
}

// concepts is the store's concept lookup, nil when the store has none.
func (s *Server) concepts() store.Concepts {
	c, _ := s.store.(store.Concepts)
	return c
}

// conceptPage checks cui's syntax and looks it up: a requestError (400)
// for a malformed CUI, a notFoundError (404) for one no topic carries.
func (s *Server) conceptPage(ctx context.Context, cui string) (store.ConceptPage, error) {
	if !validCUI(cui) {
		return store.ConceptPage{}, requestError{"a UMLS concept identifier is C followed by seven digits, such as C0035258"}
	}
	cs := s.concepts()
	if cs == nil {
		return store.ConceptPage{}, notFoundError{"this server's store has no concept lookup"}
	}
	p, err := cs.Concept(ctx, cui)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return p, notFoundError{"no topic carries the concept " + cui}
		}
		return p, err
	}
	return p, nil
}

func (s *Server) conceptViewOf(r *http.Request, p store.ConceptPage) conceptView {
	base := s.baseURL(r)
	v := conceptView{CUI: p.CUI, Generic: p.Generic, TopicCount: p.TopicCount, Topics: []conceptTopicView{},
		Truncated: p.TopicCount > len(p.Topics)}
	if p.Generic {
		v.GenericWhy = "this concept is a broad class carried by differently named topics: it relates them but does not identify one, and topics are never merged on it"
	}
	for _, t := range p.Topics {
		tv := conceptTopicView{Slug: t.Slug, Name: t.Name, URL: base + "/topics/" + t.Slug, CUIs: t.CUIs,
			Sources: t.Sources, Questions: []conceptQuestionView{}}
		for _, q := range t.Questions {
			tv.Questions = append(tv.Questions, conceptQuestionView{Slug: q.Slug, Title: q.Title, Type: q.Type,
				URL: base + "/q/" + q.Slug, Sources: q.Sources})
		}
		v.Topics = append(v.Topics, tv)
	}
	return v
}

// conceptRoutes registers the concept API, the Infobutton and the
// reviewers' queue of hard-to-read answers (issue 12).
func (s *Server) conceptRoutes() {
	m := apiMux{s.mux}
	m.Handle("/api/v1/concepts/{cui}", s.api(func(ctx context.Context, r *http.Request) (any, error) {
		p, err := s.conceptPage(ctx, r.PathValue("cui"))
		if err != nil {
			return nil, err
		}
		return s.conceptViewOf(r, p), nil
	}))
	// Open to scripts of other sites like the API (an EHR's web page
	// calls it): public, read-only, no credentials.
	m.Handle("/infobutton", s.askRoute(s.infobutton))
	s.hardRoutes()
}
