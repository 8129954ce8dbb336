package e2e

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"healthqa/internal/ingest"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
	"healthqa/internal/web"
)

// xssHitPath is where a payload that escaped would send the browser:
// every payload that can make a request names it, so a hit proves that
// markup from the data reached the page as markup, even where CSP stopped
// the script itself.
const xssHitPath = "/xss-hit"

// payloads are hostile strings as a poisoned dataset would carry them.
// Each, if it ran, calls alert, sets window.__xss, sets document.title to
// PWNED, requests xssHitPath, or leaves an element with a data-xss
// attribute in the DOM; the tests look for all five. None contains a run
// of two spaces or a newline, which answertext would read as a paragraph
// or list break, so the reader shows each whole (whitespace compared as
// single spaces).
var payloads = []string{
	`<script>alert(1)</script>`,
	`<script>window.__xss=1</script>`,
	`<script src="/xss-hit?p=script-src"></script>`,
	`<img src=x onerror=alert(1) data-xss>`,
	`<img src="/xss-hit?p=img" data-xss>`,
	`<svg onload=alert(1) data-xss>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s data-xss>`,
	`"><script>alert(1)</script>`,
	`'><img src=x onerror=alert(1) data-xss>`,
	`" onmouseover="alert(1)" autofocus onfocus="alert(1)" data-xss="`,
	`' onfocus='alert(1)' autofocus data-xss='`,
	"` onfocus=alert(1) autofocus data-xss x=`",
	`x onfocus=alert(1) autofocus data-xss`,
	`</script><script>alert(1)</script>`,
	`</script><img src="/xss-hit?p=breakout" data-xss>`,
	`</SCRIPT ><script>document.title='PWNED'</script>`,
	`<!--<script>alert(1)//-->`,
	`--><script>alert(1)</script><!--`,
	`]]><script>alert(1)</script>`,
	`<a href="javascript:alert(1)" data-xss>click me</a>`,
	`<a href="data:text/html,<script>alert(1)</script>" data-xss>data link</a>`,
	`<iframe src="javascript:alert(1)" data-xss></iframe>`,
	`<iframe srcdoc="<script>parent.__xss=1</script>" data-xss></iframe>`,
	`<object data="javascript:alert(1)" data-xss></object>`,
	`<embed src="data:text/html,<script>alert(1)</script>" data-xss>`,
	`<style>body{background:url(/xss-hit?p=style)}</style>`,
	`<div style="width:expression(alert(1));background:url(/xss-hit?p=css)" data-xss>x</div>`,
	`<link rel=stylesheet href="/xss-hit?p=link">`,
	`<meta http-equiv="refresh" content="0;url=/xss-hit?p=meta">`,
	`<base href="/xss-hit/" data-xss>`,
	`<form action="javascript:alert(1)"><button data-xss>go</button></form>`,
	`<details open ontoggle=alert(1) data-xss>`,
	`<input autofocus onfocus=alert(1) data-xss>`,
	`<body onload=alert(1)>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1) data-xss>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1) data-xss>">`,
	`<template><script>alert(1)</script></template>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`{{constructor.constructor('alert(1)')()}}`,
	`{{template "layout" .}}{{.}} ${alert(1)} <%= alert(1) %>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&#60;img src=x onerror=alert(1)&#62;`,
	`%3Cscript%3Ealert(1)%3C/script%3E`,
	"\u2028alert(1)\u2029</script><script>alert(1)</script>",
	"\u202Egnp.exe\u202C <img src=x onerror=alert(1) data-xss>",
	`"};alert(1);//`,
	`\u003c/script\u003e\x3cscript\x3ealert(1)`,
	`javascript:alert(1)`,
	`<x onclick=alert(1) data-xss>click</x>`,
}

// urlPayloads go in the documents' url attribute: the link every
// answer's "Read the original page" is made from.
var urlPayloads = []string{
	`javascript:alert(1)`,
	`JaVaScRiPt:window.__xss=1`,
	` javascript:alert(1)`,
	"java\tscript:alert(1)",
	`data:text/html,<script>alert(1)</script>`,
	`data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
	`vbscript:msgbox(1)`,
	`https://example.org/"><script>alert(1)</script>`,
	`https://example.org/' onmouseover='alert(1)`,
	`//xss-hit.invalid/"><img src=x onerror=alert(1)>`,
}

// hostileDoc is one MedQuAD document; xml writes it in either schema.
type hostileDoc struct {
	path, source, url, focus, category, semGroup string
	cuis, semTypes, synonyms                     []string
	pairs                                        []hostilePair
}

type hostilePair struct{ qid, qtype, question, answer string }

// hostileDocs makes the dataset: payloads in every field a document
// controls, cycled so that each payload lands in many fields. Documents 0
// and 1 share their focus and a question type from two sources, so the
// topic merges and the question gets a digest built from hostile text.
func hostileDocs() []hostileDoc {
	next := cycle(payloads)
	sources := []string{"GHR", "NINDS", "GARD", "MPlusHealthTopics", "NIDDK", "CancerGov", "NHLBI", `"><img src=x onerror=alert(1) data-xss>`}
	qtypes := []string{"information", "causes", "treatment", "symptoms"}
	var docs []hostileDoc
	for i, src := range sources {
		stem := fmt.Sprintf("%07d", i+1)
		d := hostileDoc{
			path:     fmt.Sprintf("%d_%s_QA/%s.xml", i+1, "Hostile", stem),
			source:   src,
			url:      urlPayloads[i%len(urlPayloads)],
			focus:    focusName(i, next),
			category: next(),
			semGroup: next(),
			cuis:     []string{"C9999999", next(), next()},
			semTypes: []string{"T047", next()},
			synonyms: []string{next(), next(), next()},
		}
		if i == 1 {
			d.focus = docs[0].focus
		}
		for j, qt := range qtypes[:3] {
			d.pairs = append(d.pairs, hostilePair{
				qid:      fmt.Sprintf("%s-%d", stem, j+1),
				qtype:    qt,
				question: "What about " + next() + " " + next() + " ?",
				answer:   hostileAnswer(next),
			})
		}
		// A question id and a question type from the attacker: the id
		// becomes the answer's anchor and key, the type is refused.
		d.pairs = append(d.pairs,
			hostilePair{qid: stem + `-4"><img src=x onerror=alert(1) data-xss>`, qtype: qtypes[3], question: next(), answer: hostileAnswer(next)},
			hostilePair{qid: stem + "-5", qtype: `information"><script>alert(1)</script>`, question: next(), answer: next()})
		docs = append(docs, d)
	}
	// A file whose own name is hostile (its stem names the answer's key
	// when the question id does not match it).
	docs = append(docs, hostileDoc{
		path: `9_CDC_QA/"><svg onload=alert(1) data-xss>.xml`, source: "CDC", url: urlPayloads[9],
		focus: "Zoster " + next(), cuis: []string{"C9999999"},
		pairs: []hostilePair{{qid: "0000009-1", qtype: "prevention", question: next(), answer: hostileAnswer(next)}},
	})
	return docs
}

// focusName starts some names with a letter (so they sit on that
// letter's page) and some with the payload itself (the "#" page).
func focusName(i int, next func() string) string {
	if i%2 == 0 {
		return next() + " syndrome"
	}
	return string(rune('A'+i)) + "-disease " + next()
}

// hostileAnswer is an answer in MedQuAD's flattened shape: a glued
// heading, sentences, and list-like runs that answertext restores into a
// list, every part carrying a payload. The first sentence is the same in
// every answer, so that two sources' answers share a point for the digest.
func hostileAnswer(next func() string) string {
	return "How is " + next() + " diagnosed? Doctors examine the patient " + next() + " carefully. " +
		"Common signs " + next() + " include the following:    - fever " + next() + "    - a rash " + next() + "    - " + next() + "\n" +
		next() + " is the last line."
}

func cycle(list []string) func() string {
	i := 0
	return func() string {
		s := list[i%len(list)]
		i++
		return s
	}
}

// xml writes the document in MedQuAD's first schema (<Document>) or, for
// NINDS-style documents, its second (<doc>), escaping as an XML writer
// must, so that the parser reads back exactly the hostile strings.
func (d hostileDoc) xml(ninds bool) []byte {
	var b strings.Builder
	e := func(s string) string {
		var sb strings.Builder
		xml.EscapeText(&sb, []byte(s))
		return sb.String()
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if ninds {
		fmt.Fprintf(&b, "<doc docid=\"%s\" corpus=\"%s\" url=\"%s\">\n<doctitle-focus>%s</doctitle-focus>\n<umls>\n",
			e(d.stem()), e(d.source), e(d.url), e(d.focus))
		for _, c := range d.cuis {
			fmt.Fprintf(&b, "<cui>%s</cui>\n", e(c))
		}
		for _, s := range d.semTypes {
			fmt.Fprintf(&b, "<semanticType>%s</semanticType>\n", e(s))
		}
		fmt.Fprintf(&b, "<semanticGroup>%s</semanticGroup>\n</umls>\n<qaPairs>\n", e(d.semGroup))
		for i, p := range d.pairs {
			fmt.Fprintf(&b, "<pair pid=\"%d\">\n<question qid=\"%s\" qtype=\"%s\">%s</question>\n<answer>%s</answer>\n</pair>\n",
				i+1, e(p.qid), e(p.qtype), e(p.question), e(p.answer))
		}
		b.WriteString("</qaPairs>\n</doc>\n")
		return []byte(b.String())
	}
	fmt.Fprintf(&b, "<Document id=\"%s\" source=\"%s\" url=\"%s\">\n<Focus>%s</Focus>\n<FocusAnnotations>\n<Category>%s</Category>\n<UMLS>\n<CUIs>\n",
		e(d.stem()), e(d.source), e(d.url), e(d.focus), e(d.category))
	for _, c := range d.cuis {
		fmt.Fprintf(&b, "<CUI>%s</CUI>\n", e(c))
	}
	b.WriteString("</CUIs>\n<SemanticTypes>\n")
	for _, s := range d.semTypes {
		fmt.Fprintf(&b, "<SemanticType>%s</SemanticType>\n", e(s))
	}
	fmt.Fprintf(&b, "</SemanticTypes>\n<SemanticGroup>%s</SemanticGroup>\n</UMLS>\n<Synonyms>\n", e(d.semGroup))
	for _, s := range d.synonyms {
		fmt.Fprintf(&b, "<Synonym>%s</Synonym>\n", e(s))
	}
	b.WriteString("</Synonyms>\n</FocusAnnotations>\n<QAPairs>\n")
	for i, p := range d.pairs {
		fmt.Fprintf(&b, "<QAPair pid=\"%d\">\n<Question qid=\"%s\" qtype=\"%s\">%s</Question>\n<Answer>%s</Answer>\n</QAPair>\n",
			i+1, e(p.qid), e(p.qtype), e(p.question), e(p.answer))
	}
	b.WriteString("</QAPairs>\n</Document>\n")
	return []byte(b.String())
}

func (d hostileDoc) stem() string {
	return strings.TrimSuffix(filepath.Base(d.path), ".xml")
}

// hostileZip writes the documents as a MedQuAD archive, odd ones in the
// NINDS schema.
func hostileZip(t testing.TB, docs []hostileDoc) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "MedQuAD-hostile.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i, d := range docs {
		w, err := zw.Create("MedQuAD-master/" + d.path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(d.xml(i%2 == 1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

// hostileSite imports the hostile archive through the real import into a
// fresh database and serves it, with xssHitPath counting the requests
// that escaped payloads make.
type hostileSite struct {
	URL     string
	Store   store.Store
	Handler http.Handler

	mu   sync.Mutex
	hits []string
}

func newHostileSite(t testing.TB) *hostileSite {
	t.Helper()
	ctx := context.Background()
	st, _ := testdb.Open(t)
	sum, err := ingest.MedQuAD(ctx, st, hostileZip(t, hostileDocs()), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("import: %+v", sum)
	h, err := web.New(st, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// As serve does: the node takes asks once its index is ready.
	if err := h.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	return serveHostile(t, st, h)
}

// serveHostile serves h with xssHitPath counting marker requests.
func serveHostile(t testing.TB, st store.Store, h http.Handler) *hostileSite {
	t.Helper()
	s := &hostileSite{Store: st, Handler: h}
	mux := http.NewServeMux()
	mux.HandleFunc(xssHitPath+"/", s.hit)
	mux.HandleFunc(xssHitPath, s.hit)
	mux.Handle("/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

func (s *hostileSite) hit(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits = append(s.hits, r.URL.RequestURI())
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// takeHits returns and forgets the marker requests seen so far.
func (s *hostileSite) takeHits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = nil
	return h
}

// hostileRoutes are the addresses a reader or a client can reach that
// show the dataset's text: every page kind and API resource, each topic,
// question and source, the A–Z letters, searches and questions asked with
// payloads, and not-found addresses that carry a payload.
type hostileRoutes struct {
	pages, api, crawler []string
	notFound            []string // pages and API addresses expected to be 404
}

func routesOf(t testing.TB, st store.Store) hostileRoutes {
	t.Helper()
	ctx := context.Background()
	c, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	letters, err := st.TopicLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r := hostileRoutes{
		pages:   []string{"/", "/topics", "/sources", "/ask"},
		api:     []string{"/api/v1/topics", "/api/v1/sources", "/api/v1/stats"},
		crawler: []string{"/sitemap.xml", "/robots.txt", "/sitemaps/pages-1.xml", "/sitemaps/topics-1.xml", "/sitemaps/questions-1.xml"},
	}
	for _, l := range letters {
		r.pages = append(r.pages, "/topics?letter="+url.QueryEscape(l.Letter))
		r.api = append(r.api, "/api/v1/topics?letter="+url.QueryEscape(l.Letter))
	}
	for _, tp := range c.Topics {
		r.pages = append(r.pages, "/topics/"+url.PathEscape(tp.Slug))
		r.api = append(r.api, "/api/v1/topics/"+url.PathEscape(tp.Slug))
	}
	for _, q := range c.Questions {
		r.pages = append(r.pages, "/q/"+url.PathEscape(q.Slug))
		r.api = append(r.api, "/api/v1/questions/"+url.PathEscape(q.Slug))
		if _, err := st.Digest(ctx, q.Slug); err == nil {
			r.api = append(r.api, "/api/v1/questions/"+url.PathEscape(q.Slug)+"/digest")
		}
	}
	for _, s := range c.Sources {
		r.pages = append(r.pages, "/sources/"+url.PathEscape(s.Key))
		r.api = append(r.api, "/api/v1/sources/"+url.PathEscape(s.Key))
	}
	// Queries: payloads alone, inside a question, and a hostile topic's
	// name, so that answers and topics are found and shown.
	queries := []string{payloads[0], payloads[8], payloads[14], payloads[41], "what causes " + payloads[3], c.Topics[0].Name, "fever rash diagnosed"}
	for _, q := range queries {
		v := url.QueryEscape(q)
		r.pages = append(r.pages, "/ask?q="+v, "/search?q="+v)
		r.api = append(r.api, "/api/v1/ask?q="+v, "/api/v1/search?q="+v, "/api/v1/suggest?q="+v)
	}
	for _, p := range []string{payloads[0], payloads[3], payloads[8]} {
		e := url.PathEscape(p)
		r.notFound = append(r.notFound, "/"+e, "/q/"+e, "/topics/"+e, "/sources/"+e, "/api/v1/questions/"+e, "/api/v1/"+e)
	}
	return r
}
