package web

import (
	"html/template"
	"strings"
	"time"

	"healthqa/internal/model"
)

// Attribution of answers (issue 9): who wrote an answer, who reviewed it
// and when, and for imported answers where they came from. One rule for
// the page, the API and JSON-LD, so that none of them claims a review
// that did not happen: only a contributor answer published through
// review has a medicalReview, and an imported answer never has one.

// personView is a person as pages and the API name them.
type personView struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Credentials string `json:"credentials,omitempty"`
	Specialty   string `json:"specialty,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	// Organization is the source the person speaks for, if any.
	Organization string `json:"organization,omitempty"`
}

func personViewOf(p model.Person) *personView {
	return &personView{Slug: p.Slug, Name: p.Name, Credentials: p.Credentials, Specialty: p.Specialty,
		Affiliation: p.Affiliation, Organization: p.SourceKey}
}

// Signature is the name with credentials, as the seed writes it:
// "Jane Roe, MD".
func (p *personView) Signature() string {
	if p.Credentials == "" {
		return p.Name
	}
	return p.Name + ", " + p.Credentials
}

// medicalReview is a medical review that happened here.
type medicalReview struct {
	Reviewer *personView `json:"reviewer"`
	At       time.Time   `json:"at"`
}

// Date is the review day as the seed writes it: "1 December 2026".
func (r *medicalReview) Date() string { return longDate(r.At) }

func longDate(t time.Time) string { return t.UTC().Format("2 January 2006") }

// sanitizedHTML is the one place where text becomes template.HTML: a
// contributor answer's HTML, rendered from Markdown and sanitized by an
// allow-list policy once, when it was saved (internal/editorial), and
// stored so. Nothing else may be marked safe; every other field is
// escaped by html/template.
func sanitizedHTML(s string) template.HTML { return template.HTML(s) }

// importedLabel names where an imported answer came from, for "Imported
// from MedQuAD (NINDS); not reviewed here".
func importedLabel(dataset string) string {
	if strings.EqualFold(dataset, "medquad") {
		return "MedQuAD"
	}
	return dataset
}

// attribute fills the contributor fields of an answer view from the
// stored answer: the author, the review and whether it is due for
// review again (reviewed longer than staleAfter before now).
func attribute(v *answerView, a model.Answer, now time.Time, staleAfter time.Duration) {
	if a.Author == nil {
		v.ImportedFrom = importedLabel(a.Dataset)
		return
	}
	v.Author = personViewOf(*a.Author)
	v.HTML = a.HTML
	v.HistoryURL = "/answers/" + a.Key + "/history"
	if a.Review != nil {
		v.Review = &medicalReview{Reviewer: personViewOf(a.Review.Reviewer), At: a.Review.At}
	}
	v.DueForReview = v.Review == nil || now.Sub(v.Review.At) > staleAfter
}

// staleFrom is when an answer reviewed at reviewed becomes due: a
// cached page that shows it must be built again by then.
func staleFrom(reviewed time.Time, staleAfter time.Duration) time.Time {
	return reviewed.Add(staleAfter)
}

// UpdatedDate is the day the answer's text last changed here: for an
// imported answer, the day of the import that brought the text as it
// is now (MedQuAD's own dates are not known).
func (v answerView) UpdatedDate() string { return longDate(v.UpdatedAt) }
