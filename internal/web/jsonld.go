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
	if !v.Updated.IsZero() {
		doc["lastReviewed"] = v.Updated.UTC().Format("2006-01-02")
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
