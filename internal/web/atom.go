package web

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"
)

// The Infobutton's Atom feed (RFC 4287). Each requested code is a
// category of the feed, with its status and reason in a healthqa
// extension element (allowed by RFC 4287 section 6.4, structured
// extension elements); each matching topic and each of its questions is
// an entry linking to its page. A feed with no entries is valid: the
// reason says why it is empty.

// ibNamespace names healthqa's Infobutton extension elements.
const ibNamespace = "urn:healthqa:infobutton"

type atomFeedXML struct {
	XMLName    xml.Name        `xml:"http://www.w3.org/2005/Atom feed"`
	Lang       string          `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title      string          `xml:"title"`
	Subtitle   string          `xml:"subtitle"`
	ID         string          `xml:"id"`
	Updated    string          `xml:"updated"`
	Author     atomPerson      `xml:"author"`
	Links      []atomLink      `xml:"link"`
	Generator  string          `xml:"generator"`
	Categories []atomCategory  `xml:"category"`
	Requests   []atomIBRequest `xml:"urn:healthqa:infobutton request"`
	Entries    []atomEntry     `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Href  string `xml:"href,attr"`
	Rel   string `xml:"rel,attr,omitempty"`
	Type  string `xml:"type,attr,omitempty"`
	Title string `xml:"title,attr,omitempty"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// atomIBRequest is the extension element for one requested code.
type atomIBRequest struct {
	Code        string `xml:"code,attr,omitempty"`
	CodeSystem  string `xml:"codeSystem,attr,omitempty"`
	DisplayName string `xml:"displayName,attr,omitempty"`
	Status      string `xml:"status,attr"`
	Reason      string `xml:",chardata"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
}

// atomFeed renders resp as an Atom feed document.
func atomFeed(base string, resp ibResponse) ([]byte, error) {
	updated := resp.Updated.Format(time.RFC3339)
	f := atomFeedXML{
		Lang:      "en",
		Title:     resp.Title,
		Subtitle:  ibSubtitle(resp),
		ID:        resp.ID,
		Updated:   updated,
		Author:    atomPerson{Name: "healthqa", URI: base + "/"},
		Links:     []atomLink{{Href: resp.ID, Rel: "self", Type: "application/atom+xml"}},
		Generator: "healthqa",
		Categories: []atomCategory{
			{Term: resp.Recipient, Scheme: ibNamespace + ":informationRecipient"},
			{Term: resp.Language, Scheme: ibNamespace + ":languageCode"},
		},
	}
	seen := map[string]bool{}
	for _, r := range resp.Results {
		f.Requests = append(f.Requests, atomIBRequest{Code: r.Code, CodeSystem: r.CodeSystem, DisplayName: r.DisplayName,
			Status: r.Status, Reason: r.Reason})
		var cat []atomCategory
		if r.Code != "" && r.CodeSystem != "" {
			cat = []atomCategory{{Term: r.Code, Scheme: "urn:oid:" + r.CodeSystem, Label: r.DisplayName}}
		}
		for _, t := range r.Topics {
			if !seen[t.URL] {
				seen[t.URL] = true
				f.Entries = append(f.Entries, atomEntry{Title: t.Name, ID: t.URL, Updated: updated,
					Links:      []atomLink{{Href: t.URL, Rel: "alternate", Type: "text/html"}},
					Summary:    topicSummaryLine(t),
					Categories: cat})
			}
			for _, q := range t.Questions {
				if seen[q.URL] {
					continue
				}
				seen[q.URL] = true
				e := atomEntry{Title: q.Title, ID: q.URL, Updated: updated,
					Links:      []atomLink{{Href: q.URL, Rel: "alternate", Type: "text/html"}, {Href: t.URL, Rel: "related", Type: "text/html", Title: t.Name}},
					Categories: cat}
				if len(q.Sources) > 0 {
					e.Summary = "Answered by " + strings.Join(q.Sources, ", ") + "."
				}
				f.Entries = append(f.Entries, e)
			}
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

func topicSummaryLine(t ibTopic) string {
	s := plural(len(t.Questions), "question", "questions") + " about " + t.Name
	if len(t.Sources) > 0 {
		s += ", answered by " + strings.Join(t.Sources, ", ")
	}
	return s + "."
}

// ibSubtitle says in words what was asked and found.
func ibSubtitle(resp ibResponse) string {
	var parts []string
	for _, r := range resp.Results {
		what := r.Code
		if what == "" {
			what = "“" + r.DisplayName + "”"
		}
		parts = append(parts, what+": "+r.Status+" ("+r.Reason+")")
	}
	s := "Knowledge response for " + strings.Join(parts, "; ") + ". Recipient " + resp.Recipient + ", language " + resp.Language + "."
	if resp.Note != "" {
		s += " " + resp.Note + "."
	}
	return s
}
