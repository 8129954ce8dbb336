package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	neturl "net/url"
	"strings"

	"healthqa/internal/answertext"
	"healthqa/internal/model"
)

// questionJSONLD describes a question page the way schema.org fits a
// curated page: a MedicalWebPage whose main entity is a Question with
// each source's Answer, authored by the organization and citing its
// page. Not QAPage, which search engines keep for pages where users post
// answers.
func (s *Server) questionJSONLD(r *http.Request, v *questionView) (template.JS, error) {
	base := s.baseURL(r)
	url := base + "/q/" + v.Question.Slug
	var answers []map[string]any
	for _, a := range v.Answers {
		ans := map[string]any{
			"@type":  "Answer",
			"url":    url + "#" + a.Anchor,
			"author": organization(a.Source),
		}
		if a.Author != nil {
			ans["author"] = personLD(a.Author, a.Source, base)
		}
		if a.URL != "" {
			ans["citation"] = a.URL
		}
		if a.HasText {
			ans["text"] = answertext.Plain(a.Text)
		}
		answers = append(answers, ans)
	}
	doc := map[string]any{
		"@context": "https://schema.org",
		"@type":    "MedicalWebPage",
		"name":     v.Question.Title,
		"url":      url,
		"aspect":   v.TypeLabel,
		"about":    aboutTopic(v, base),
		"mainEntity": map[string]any{
			"@type":           "Question",
			"name":            v.Question.Title,
			"answerCount":     len(v.Answers),
			"suggestedAnswer": answers,
		},
		"isPartOf": map[string]any{"@type": "WebSite", "name": "healthqa", "url": base + "/"},
	}
	// The import date is when the text last changed here, not a review:
	// lastReviewed and reviewedBy come only from a review that happened
	// on healthqa, the newest on the page.
	if !v.Updated.IsZero() {
		doc["dateModified"] = v.Updated.UTC().Format("2006-01-02")
	}
	if r := newestReview(v.Answers); r != nil {
		doc["lastReviewed"] = r.At.UTC().Format("2006-01-02")
		doc["reviewedBy"] = personLD(r.Reviewer, model.Source{}, base)
	}
	b, err := json.Marshal(doc) // escapes <, > and &, so no text can close the script element
	return template.JS(b), err
}

// webURL passes on a link from the data only if it is an absolute
// http(s) address with a host; anything else (javascript:, data:,
// relative, protocol-relative) becomes "" and is left out of pages,
// the API and JSON-LD. The import refuses such links too; this side
// does not rely on it.
func webURL(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil || u.Host == "" || !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		return ""
	}
	return raw
}

func organization(src model.Source) map[string]any {
	return map[string]any{"@type": "Organization", "name": src.Name, "url": src.HomeURL}
}

func aboutTopic(v *questionView, base string) map[string]any {
	t := v.Topic
	typ := "MedicalEntity"
	switch t.Category {
	case model.CategoryDisease:
		typ = "MedicalCondition"
	case model.CategoryDrug:
		typ = "Drug"
	}
	about := map[string]any{"@type": typ, "name": t.Name, "url": base + "/topics/" + t.Slug}
	if len(t.Synonyms) > 0 {
		about["alternateName"] = t.Synonyms
	}
	var codes []map[string]any
	for _, cui := range t.CUIs {
		codes = append(codes, map[string]any{"@type": "MedicalCode", "codeValue": cui, "codingSystem": "UMLS"})
	}
	if len(codes) > 0 {
		about["code"] = codes
	}
	return about
}

// personLD describes a contributor as a schema.org Person: jobTitle is
// the specialty, hasCredential the credentials as written ("MD,
// FAASM"), affiliation the affiliation and, for an account that speaks
// for an organization, that organization too.
func personLD(p *personView, src model.Source, base string) map[string]any {
	ld := map[string]any{"@type": "Person", "name": p.Name, "url": base + "/people/" + p.Slug}
	if p.Specialty != "" {
		ld["jobTitle"] = p.Specialty
	}
	if p.Credentials != "" {
		ld["hasCredential"] = map[string]any{"@type": "EducationalOccupationalCredential", "name": p.Credentials}
	}
	var aff []map[string]any
	if p.Affiliation != "" {
		aff = append(aff, map[string]any{"@type": "Organization", "name": p.Affiliation})
	}
	if p.Organization != "" && src.Key == p.Organization {
		aff = append(aff, organization(src))
	}
	if len(aff) > 0 {
		ld["affiliation"] = aff
	}
	return ld
}

// newestReview is the most recent review among the answers; nil when
// none of them was reviewed here.
func newestReview(answers []answerView) *medicalReview {
	var newest *medicalReview
	for _, a := range answers {
		if a.Review != nil && (newest == nil || a.Review.At.After(newest.At)) {
			newest = a.Review
		}
	}
	return newest
}
