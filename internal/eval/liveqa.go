// Package eval measures how well search engines rank MedQuAD entries
// for real consumer health questions: it reads the TREC 2017 LiveQA
// medical questions and their judgments, runs an engine over them, and
// scores the rankings the way the track did, so that our engine and its
// peers are compared on the same questions, text and metrics.
package eval

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Question is one LiveQA medical question.
type Question struct {
	ID         string      `json:"id"` // "TQ1", as qrels name it
	Subject    string      `json:"subject"`
	Message    string      `json:"message"`    // the consumer's own words, typos included
	Paraphrase string      `json:"paraphrase"` // NIST's rewording
	Summary    string      `json:"summary"`    // NLM's short summary
	Foci       []string    `json:"foci"`
	Types      []string    `json:"types"`
	Keywords   []string    `json:"keywords"`
	References []Reference `json:"references"`
}

// Reference is one reference answer written by NLM's assessors.
type Reference struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	URL     string `json:"url"`
	Comment string `json:"comment"`
}

// Mode chooses which words of a question are sent to an engine.
type Mode string

// The query texts: the consumer's original subject and message, or NLM's
// summary of them.
const (
	Original Mode = "original"
	Summary  Mode = "summary"
)

// ParseMode checks a mode name, as a command-line flag gives it.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Original, Summary:
		return m, nil
	}
	return "", fmt.Errorf("eval: unknown text mode %q (want %q or %q)", s, Original, Summary)
}

// Text is the query an engine gets for the question in mode:
// Original is the subject and message joined by a space, Summary the NLM
// summary; runs of white space become one space either way.
func (q Question) Text(mode Mode) (string, error) {
	switch mode {
	case Original:
		return normalize(q.Subject + " " + q.Message), nil
	case Summary:
		return normalize(q.Summary), nil
	}
	_, err := ParseMode(string(mode))
	return "", err
}

func normalize(s string) string { return strings.Join(strings.Fields(s), " ") }

// xmlQuestion mirrors <NLM-QUESTION>. Reference answers are named
// <RefAnswer> in some questions and <ReferenceAnswer> in others, so every
// child of <ReferenceAnswers> is read, in order, and the two names kept.
type xmlQuestion struct {
	QID        string   `xml:"qid,attr"`
	Subject    string   `xml:"Original-Question>SUBJECT"`
	Message    string   `xml:"Original-Question>MESSAGE"`
	Paraphrase string   `xml:"NIST-PARAPHRASE"`
	Summary    string   `xml:"NLM-Summary"`
	Foci       []string `xml:"ANNOTATIONS>FOCUS"`
	Types      []string `xml:"ANNOTATIONS>TYPE"`
	Keywords   []string `xml:"ANNOTATIONS>KEYWORD"`
	References struct {
		Items []xmlRef `xml:",any"`
	} `xml:"ReferenceAnswers"`
}

type xmlRef struct {
	XMLName xml.Name
	AID     string `xml:"aid,attr"`
	Answer  string `xml:"ANSWER"`
	URL     string `xml:"AnswerURL"`
	Comment string `xml:"COMMENT"`
}

// ReadLiveQA reads the questions of a LiveQA medical XML file, in file
// order. Every <NLM-QUESTION> element is read wherever it sits, so the
// root element's name does not matter. Malformed XML, a question without
// a qid, a repeated qid and a file without questions are errors.
func ReadLiveQA(r io.Reader) ([]Question, error) {
	d := xml.NewDecoder(r)
	var qs []Question
	seen := map[string]bool{}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("eval: liveqa questions: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "NLM-QUESTION" {
			continue
		}
		line, _ := d.InputPos()
		var x xmlQuestion
		if err := d.DecodeElement(&x, &se); err != nil {
			return nil, fmt.Errorf("eval: liveqa questions: question at line %d: %w", line, err)
		}
		q := x.question()
		switch {
		case q.ID == "":
			return nil, fmt.Errorf("eval: liveqa questions: question at line %d has no qid", line)
		case seen[q.ID]:
			return nil, fmt.Errorf("eval: liveqa questions: question at line %d repeats qid %q", line, q.ID)
		}
		seen[q.ID] = true
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return nil, errors.New("eval: liveqa questions: no <NLM-QUESTION> elements")
	}
	return qs, nil
}

func (x xmlQuestion) question() Question {
	q := Question{
		ID:         strings.TrimSpace(x.QID),
		Subject:    normalize(x.Subject),
		Message:    normalize(x.Message),
		Paraphrase: normalize(x.Paraphrase),
		Summary:    normalize(x.Summary),
		Foci:       normalizeAll(x.Foci),
		Types:      normalizeAll(x.Types),
		Keywords:   normalizeAll(x.Keywords),
	}
	for _, r := range x.References.Items {
		if n := r.XMLName.Local; n != "RefAnswer" && n != "ReferenceAnswer" {
			continue
		}
		q.References = append(q.References, Reference{
			ID: strings.TrimSpace(r.AID), Text: normalize(r.Answer),
			URL: strings.TrimSpace(r.URL), Comment: normalize(r.Comment),
		})
	}
	return q
}

func normalizeAll(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = normalize(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
