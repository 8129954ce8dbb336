// Package medquad reads the MedQuAD collection: its XML documents, in
// both of the schemas the dataset uses, from the zip archive or an
// unpacked folder, and the content fingerprint that identifies a release.
//
// It reports what the files say and nothing more: merging topics across
// sources and mapping question types are the corpus package's work.
package medquad

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxFileSize bounds one XML document. MedQuAD's largest is well under
// 1 MiB; anything far larger is not a MedQuAD document and would only
// cost memory.
const MaxFileSize = 16 << 20

// Document is one MedQuAD XML file: one source's page about one focus.
type Document struct {
	Path          string // archive path, "6_NINDS_QA/0000246.xml"
	ID            string // the file's own id attribute
	Source        string // "NINDS"
	URL           string
	Focus         string // empty in a few CDC files
	CUIs          []string
	SemanticTypes []string
	SemanticGroup string
	Category      string // Disease, Drug or Other; only MedlinePlus sets it
	Synonyms      []string
	Pairs         []Pair
}

// Pair is one question with its answer.
type Pair struct {
	QID      string // "0000246-1"
	QType    string // "causes"
	Question string // the source's wording
	Answer   string // empty where the dataset withholds it
}

// DocID is the entry id evaluation files use: "<source>_<qid>".
func (d *Document) DocID(p Pair) string { return d.Source + "_" + p.QID }

// The dataset's two schemas name the same things differently. Element
// names are matched case-insensitively through this table.
var roles = map[string]string{
	"document": "root", "doc": "root", "diseasefile": "root",
	"focus": "focus", "doctitle-focus": "focus",
	"cui": "cui", "semantictype": "semtype", "semanticgroup": "semgroup",
	"category": "category", "synonym": "synonym",
	"qapair": "pair", "pair": "pair",
	"question": "question", "answer": "answer",
}

// Parse reads one document. path names it in errors. A document that is
// not well-formed XML, is not a MedQuAD document, or lacks what every
// document has (a source, question ids and types) is an error:
// the caller skips it and reports the path.
func Parse(r io.Reader, path string) (*Document, error) {
	p := parser{doc: &Document{Path: path}}
	if err := p.run(io.LimitReader(r, MaxFileSize+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := p.doc.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p.doc, nil
}

type parser struct {
	doc     *Document
	stack   []string
	text    strings.Builder
	pair    *Pair
	sawRoot bool
	read    int64
}

// countingReader lets Parse tell an oversized file from a truncated one.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	*c.n += int64(n)
	return n, err
}

func (p *parser) run(r io.Reader) error {
	dec := xml.NewDecoder(countingReader{r, &p.read})
	for {
		tok, err := dec.Token()
		if err != nil && p.read > MaxFileSize {
			return fmt.Errorf("file is larger than %d bytes", MaxFileSize)
		}
		if err == io.EOF {
			if len(p.stack) > 0 || !p.sawRoot {
				return errors.New("unexpected end of file: the document is truncated")
			}
			return nil
		}
		if se := (*xml.SyntaxError)(nil); errors.As(err, &se) && strings.HasPrefix(se.Msg, "unexpected EOF") {
			return fmt.Errorf("unexpected end of file at line %d: the document is truncated", se.Line)
		}
		if err != nil {
			return fmt.Errorf("malformed XML: %w", err)
		}
		if err := p.token(tok); err != nil {
			return err
		}
	}
}

func (p *parser) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		return p.start(t)
	case xml.EndElement:
		p.end()
	case xml.CharData:
		p.text.Write(t)
	}
	return nil
}

func (p *parser) start(t xml.StartElement) error {
	role := roles[strings.ToLower(t.Name.Local)]
	if len(p.stack) == 0 {
		if role != "root" {
			return fmt.Errorf("not a MedQuAD document: root element <%s>", t.Name.Local)
		}
		if p.sawRoot {
			return errors.New("more than one root element")
		}
		p.sawRoot = true
		p.rootAttrs(t.Attr)
	}
	switch role {
	case "pair":
		p.doc.Pairs = append(p.doc.Pairs, Pair{})
		p.pair = &p.doc.Pairs[len(p.doc.Pairs)-1]
	case "question":
		if p.pair != nil {
			p.pair.QID = strings.TrimSpace(attr(t.Attr, "qid"))
			p.pair.QType = strings.TrimSpace(attr(t.Attr, "qtype"))
		}
	}
	p.stack = append(p.stack, role)
	p.text.Reset()
	return nil
}

func (p *parser) rootAttrs(attrs []xml.Attr) {
	d := p.doc
	d.Source = strings.TrimSpace(firstAttr(attrs, "source", "corpus"))
	d.URL = strings.TrimSpace(attr(attrs, "url"))
	d.ID = strings.TrimSpace(firstAttr(attrs, "id", "docid", "fid"))
}

func (p *parser) end() {
	role := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	text := strings.TrimSpace(p.text.String())
	p.text.Reset()
	d := p.doc
	switch role {
	case "focus":
		d.Focus = text
	case "cui":
		d.CUIs = appendNonEmpty(d.CUIs, text)
	case "semtype":
		d.SemanticTypes = appendNonEmpty(d.SemanticTypes, text)
	case "semgroup":
		d.SemanticGroup = text
	case "category":
		d.Category = text
	case "synonym":
		d.Synonyms = appendNonEmpty(d.Synonyms, text)
	case "question":
		if p.pair != nil {
			p.pair.Question = text
		}
	case "answer":
		if p.pair != nil {
			p.pair.Answer = text
		}
	case "pair":
		p.pair = nil
	}
}

func (d *Document) validate() error {
	switch {
	case d.Source == "":
		return errors.New("the root element names no source")
	}
	for i, p := range d.Pairs {
		if p.QID == "" || p.QType == "" {
			return fmt.Errorf("question %d has no qid or qtype", i+1)
		}
	}
	return nil
}

func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value
		}
	}
	return ""
}

func firstAttr(attrs []xml.Attr, names ...string) string {
	for _, n := range names {
		if v := attr(attrs, n); v != "" {
			return v
		}
	}
	return ""
}

func appendNonEmpty(list []string, s string) []string {
	if s == "" {
		return list
	}
	return append(list, s)
}
