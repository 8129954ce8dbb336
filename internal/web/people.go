package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The profile page, /people/{slug}: who a contributor or reviewer is and
// every answer they wrote or reviewed that is published now. It exists
// only for people with published work (store.Published.Person), shows
// no e-mail address and nothing unpublished.
//
// Profiles are not kept in the page cache: editing a profile does not
// move the content version (account writes must not invalidate every
// page), so a cached profile would show an old name or biography until
// the next publication. They are rendered on each request (few people,
// small pages) and still revalidate by ETag in browsers. Question pages
// are cached and show the author's name as of the last content change.

type personPageView struct {
	Person       *personView     `json:"person"`
	Bio          string          `json:"bio,omitempty"`
	Organization *model.Source   `json:"organization,omitempty"`
	Answers      []publishedLink `json:"answers"`
	Reviewed     []publishedLink `json:"reviewed"`
}

// publishedLink is one published answer in a list.
type publishedLink struct {
	Key           string         `json:"key"`
	QuestionSlug  string         `json:"question_slug"`
	QuestionTitle string         `json:"question_title"`
	Author        *personView    `json:"author"`
	Review        *medicalReview `json:"review"`
}

// Anchor is the answer's id on its question page.
func (l publishedLink) Anchor() string { return "answer-" + l.Key }

func publishedLinks(list []store.PublishedAnswer) []publishedLink {
	out := make([]publishedLink, 0, len(list))
	for _, a := range list {
		l := publishedLink{Key: a.Key, QuestionSlug: a.QuestionSlug, QuestionTitle: a.QuestionTitle, Author: personViewOf(a.Author)}
		if !a.Review.At.IsZero() {
			l.Review = &medicalReview{Reviewer: personViewOf(a.Review.Reviewer), At: a.Review.At}
		}
		out = append(out, l)
	}
	return out
}

func (s *Server) person(r *http.Request) (*page, error) {
	if s.published == nil {
		return nil, store.ErrNotFound
	}
	pg, err := s.published.Person(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	v := &personPageView{Person: personViewOf(pg.Person), Bio: pg.Person.Bio, Organization: pg.Organization,
		Answers: publishedLinks(pg.Answers), Reviewed: publishedLinks(pg.Reviewed)}
	return &page{
		Title:       v.Person.Signature(),
		Description: personDescription(v),
		Path:        "/people/" + pg.Person.Slug,
		View:        v, template: "person",
	}, nil
}

func personDescription(v *personPageView) string {
	var parts []string
	for _, p := range []string{v.Person.Specialty, v.Person.Affiliation} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	desc := v.Person.Signature()
	if len(parts) > 0 {
		desc += " — " + strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%s: %s and %s on healthqa.", desc,
		plural(len(v.Answers), "answer written", "answers written"), plural(len(v.Reviewed), "reviewed", "reviewed"))
}

// freshPage renders a public page on every request, outside the page
// cache, admitted with the other renders; the response still carries
// an ETag, so a browser's revalidation costs no body.
func (s *Server) freshPage(build func(r *http.Request) (*page, error)) http.Handler {
	return getOnly(func(w http.ResponseWriter, r *http.Request) {
		if err := s.renders.acquire(r.Context()); err != nil {
			s.fail(w, r, err)
			return
		}
		p, err := build(canonicalRequest(r))
		var buf bytes.Buffer
		if err == nil {
			err = s.render(&buf, r, p)
		}
		s.renders.release()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		newRendered(http.StatusOK, "text/html; charset=utf-8", buf.Bytes(), 0).write(w, r)
	})
}
