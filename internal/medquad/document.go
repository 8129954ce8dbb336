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

	"healthqa/internal/textcontrol"
)

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
	// Problem, when set, is why the pair cannot be used (an answer past
	// MaxAnswerSize); its question and answer are then empty, never cut.
	Problem string
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
	doc   *Document
	stack []string
	text  strings.Builder
	// textLen counts the current element's text, kept or not: text past
	// the element's limit is counted but never kept.
	textLen int
	pair    *Pair
	sawRoot bool
	read    int64
	readErr error // the input's own failure, told apart from bad XML
}

// readRecorder keeps the reader's error other than EOF.
type readRecorder struct {
	r   io.Reader
	err *error
}

func (rr readRecorder) Read(b []byte) (int, error) {
	n, err := rr.r.Read(b)
	if err != nil && err != io.EOF {
		*rr.err = err
	}
	return n, err
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
	dec := xml.NewDecoder(readRecorder{countingReader{r, &p.read}, &p.readErr})
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
		if err != nil && p.readErr != nil {
			return fmt.Errorf("reading: %w", p.readErr)
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
		return p.end(t.Name.Local)
	case xml.CharData:
		p.textLen += len(t)
		if p.textLen <= p.textLimit(p.current()) {
			p.text.Write(t)
		}
	}
	return nil
}

// textLimit is the most text an element of the role may hold.
func (p *parser) textLimit(role string) int {
	if role == "answer" {
		return MaxAnswerSize
	}
	return MaxFieldSize
}

// current is the role of the innermost open element.
func (p *parser) current() string {
	if len(p.stack) == 0 {
		return ""
	}
	return p.stack[len(p.stack)-1]
}

func (p *parser) resetText() {
	p.text.Reset()
	p.textLen = 0
}

func (p *parser) start(t xml.StartElement) error {
	if len(p.stack) >= MaxDepth {
		return fmt.Errorf("elements nested deeper than %d", MaxDepth)
	}
	for _, a := range t.Attr {
		if len(a.Value) > MaxFieldSize {
			return fmt.Errorf("attribute %s of <%s> is %d bytes, longer than the %d-byte limit", a.Name.Local, t.Name.Local, len(a.Value), MaxFieldSize)
		}
	}
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
			p.pair.QID = clean(attr(t.Attr, "qid"))
			p.pair.QType = clean(attr(t.Attr, "qtype"))
		}
	}
	p.stack = append(p.stack, role)
	p.resetText()
	return nil
}

// clean strips the characters that change how text shows rather than
// what it says (see textcontrol) and the white space around it.
func clean(s string) string { return strings.TrimSpace(textcontrol.Strip(s)) }

func (p *parser) rootAttrs(attrs []xml.Attr) {
	d := p.doc
	d.Source = clean(firstAttr(attrs, "source", "corpus"))
	// The URL is kept as written: stripping characters could change
	// where it leads, so the corpus refuses a URL that holds any.
	d.URL = strings.TrimSpace(attr(attrs, "url"))
	d.ID = clean(firstAttr(attrs, "id", "docid", "fid"))
}

func (p *parser) end(name string) error {
	role := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	text, n := clean(p.text.String()), p.textLen
	p.resetText()
	if n > p.textLimit(role) {
		return p.overLong(role, name, n)
	}
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
		if p.pair != nil && p.pair.Problem != "" {
			p.pair.Question, p.pair.Answer = "", ""
		}
		p.pair = nil
	}
	return nil
}

// overLong handles an element whose text passed its limit. An answer or
// question makes its pair unusable, and the caller skips that pair with
// the reason; a name the pages show (focus, synonym, concept) means the
// file is not a MedQuAD document. Text of other elements is not kept,
// so its length does not matter.
func (p *parser) overLong(role, name string, n int) error {
	limit := p.textLimit(role)
	switch role {
	case "answer", "question":
		if p.pair != nil && p.pair.Problem == "" {
			p.pair.Problem = fmt.Sprintf("%s of %d bytes is longer than the %d-byte limit", role, n, limit)
		}
		return nil
	case "focus", "cui", "semtype", "semgroup", "category", "synonym":
		return fmt.Errorf("<%s> holds %d bytes of text, longer than the %d-byte limit", name, n, limit)
	}
	return nil
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
