package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/store"
)

// openAPIDoc is the part of an OpenAPI 3.1 document this test reads.
type openAPIDoc struct {
	OpenAPI string                         `json:"openapi"`
	Paths   map[string]map[string]struct { // path → method → operation
		Responses map[string]openAPIResponse `json:"responses"`
	} `json:"paths"`
	Security   []any `json:"security"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type openAPIResponse struct {
	Content map[string]struct {
		Schema map[string]any `json:"schema"`
	} `json:"content"`
	Headers map[string]any `json:"headers"`
}

// checkOperation asks target as the documented method and status say
// (405 by POST) and checks the answer against the documented response.
// It goes over a real connection, as net/http drops the body of a HEAD
// answer there and not in a recorder.
func checkOperation(t *testing.T, srv *httptest.Server, doc openAPIDoc, method, target, status string, r openAPIResponse) {
	t.Helper()
	verb := strings.ToUpper(method)
	if status == "405" {
		verb = "POST"
	}
	req, _ := http.NewRequest(verb, srv.URL+target, nil)
	req.Header.Set("Origin", "https://other.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := body(t, resp)
	if fmt.Sprint(resp.StatusCode) != status {
		t.Errorf("%s %s = %d, documented %s", verb, target, resp.StatusCode, status)
		return
	}
	for name := range r.Headers {
		if resp.Header.Get(name) == "" {
			t.Errorf("%s %s: documented header %s missing", verb, target, name)
		}
	}
	if len(r.Content) == 0 {
		if b != "" {
			t.Errorf("%s %s: %d body bytes where none is documented", verb, target, len(b))
		}
		return
	}
	ct := strings.Split(resp.Header.Get("Content-Type"), ";")[0]
	media, ok := r.Content[ct]
	if !ok {
		t.Errorf("%s %s: Content-Type %s is not documented", verb, target, ct)
		return
	}
	var v any
	if err := json.Unmarshal([]byte(b), &v); err != nil {
		t.Errorf("%s %s: %v", verb, target, err)
		return
	}
	if err := validate(doc.Components.Schemas, media.Schema, v, "$"); err != nil {
		t.Errorf("%s %s: %v", verb, target, err)
	}
}

// Every documented path answers as documented: each documented status
// of each method (GET, HEAD, the CORS preflight, 405 for the rest) is
// produced by a real request, each body fits its schema exactly (no
// undocumented fields, no missing required ones) and an operation
// documented without a body sends none.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	s, _ := newTestServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	raw := []byte(body(t, do(t, s, "GET", "/api/openapi.json")))
	var doc openAPIDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	requests := map[string]map[string]string{ // path → status → request
		"/api/v1":                         {"200": "/api/v1"},
		"/api/v1/questions/{slug}":        {"200": "/api/v1/questions/what-is-restless-legs-syndrome", "404": "/api/v1/questions/nope"},
		"/api/v1/topics":                  {"200": "/api/v1/topics?letter=R&page=1", "400": "/api/v1/topics?letter=%3F%3F"},
		"/api/v1/topics/{slug}":           {"200": "/api/v1/topics/restless-legs-syndrome", "404": "/api/v1/topics/nope"},
		"/api/v1/sources":                 {"200": "/api/v1/sources"},
		"/api/v1/sources/{key}":           {"200": "/api/v1/sources/NINDS", "404": "/api/v1/sources/NOPE"},
		"/api/v1/search":                  {"200": "/api/v1/search?q=legs", "400": "/api/v1/search?q=" + strings.Repeat("x", 501)},
		"/api/v1/stats":                   {"200": "/api/v1/stats"},
		"/api/v1/questions/{slug}/digest": {"200": "/api/v1/questions/what-is-restless-legs-syndrome/digest", "404": "/api/v1/questions/what-is-holmes-adie/digest"},
		"/api/v1/ask":                     {"200": "/api/v1/ask?q=what+causes+restless+legs%3F", "400": "/api/v1/ask?q=" + strings.Repeat("x", 5001)},
		"/api/v1/suggest":                 {"200": "/api/v1/suggest?q=rest", "400": "/api/v1/suggest?q=" + strings.Repeat("x", 501)},
	}
	for path, ops := range doc.Paths {
		if strings.HasPrefix(path, "/api/v1/contributions") {
			continue // authenticated writes: TestContributionsAPIDocumented
		}
		if _, ok := ops["get"]; !ok {
			t.Errorf("%s: no GET", path)
		}
		for method, op := range ops {
			for status, r := range op.Responses {
				target, ok := requests[path][status]
				if status == "405" || method == "options" {
					// Other methods and refusals are asked of the path's good address.
					target, ok = requests[path]["200"]
				}
				if !ok {
					t.Errorf("%s %s %s: documented but not exercised by this test", method, path, status)
					continue
				}
				checkOperation(t, srv, doc, method, target, status, r)
			}
		}
	}
	if len(doc.Security) != 0 || !strings.Contains(string(raw), `"security": []`) {
		t.Error("the document does not declare the API public (security: [])")
	}
	for path := range requests {
		if _, ok := doc.Paths[path]; !ok {
			t.Errorf("%s answers but is not documented", path)
		}
	}
}

// validate checks v against the subset of JSON Schema the document uses.
func validate(defs map[string]map[string]any, schema map[string]any, v any, at string) error {
	if ref, ok := schema["$ref"].(string); ok {
		return validate(defs, defs[strings.TrimPrefix(ref, "#/components/schemas/")], v, at)
	}
	if enum, ok := schema["enum"].([]any); ok && !slices.Contains(enum, v) {
		return fmt.Errorf("%s: %v not in %v", at, v, enum)
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		for _, alt := range alts {
			if validate(defs, alt.(map[string]any), v, at) == nil {
				return nil
			}
		}
		return fmt.Errorf("%s: %v fits none of oneOf", at, v)
	}
	switch schema["type"] {
	case "null":
		if v != nil {
			return fmt.Errorf("%s: want null, got %T", at, v)
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
	case "object":
		return validateObject(defs, schema, v, at)
	case "array":
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		for i, item := range list {
			if err := validate(defs, schema["items"].(map[string]any), item, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			return fmt.Errorf("%s: %q does not match %s", at, str, p)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return fmt.Errorf("%s: want an integer, got %v", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	}
	return nil
}

func validateObject(defs map[string]map[string]any, schema map[string]any, v any, at string) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: want an object, got %T", at, v)
	}
	props, _ := schema["properties"].(map[string]any)
	for _, r := range schema["required"].([]any) {
		if _, ok := obj[r.(string)]; !ok {
			return fmt.Errorf("%s: required field %q missing", at, r)
		}
	}
	for k, val := range obj {
		p, ok := props[k]
		if !ok {
			if schema["additionalProperties"] == false {
				return fmt.Errorf("%s: field %q is not documented", at, k)
			}
			continue
		}
		if err := validate(defs, p.(map[string]any), val, at+"."+k); err != nil {
			return err
		}
	}
	return nil
}

func TestProblemDetails(t *testing.T) {
	s, _ := newTestServer(t)
	for target, status := range map[string]int{"/api/v1/questions/nope": 404, "/api/v2/anything": 404, "/api/v1/topics?page=-1": 400} {
		resp := do(t, s, "GET", target)
		var p map[string]any
		if err := json.Unmarshal([]byte(body(t, resp)), &p); err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" || p["status"] != float64(status) || p["title"] == "" {
			t.Errorf("%s: %d %v", target, resp.StatusCode, p)
		}
	}
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestQuestionJSONLD(t *testing.T) {
	s, _ := newTestServer(t)
	page := body(t, do(t, s, "GET", "/q/what-is-restless-legs-syndrome"))
	m := ldScript.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD on the question page")
	}
	var ld struct {
		Type       string `json:"@type"`
		Aspect     string `json:"aspect"`
		LastReview string `json:"lastReviewed"`
		Modified   string `json:"dateModified"`
		ReviewedBy any    `json:"reviewedBy"`
		About      struct {
			Type string `json:"@type"`
			Name string `json:"name"`
			Code []struct {
				CodeValue, CodingSystem string
			} `json:"code"`
		} `json:"about"`
		MainEntity struct {
			Type    string `json:"@type"`
			Answers []struct {
				Type     string `json:"@type"`
				Text     string `json:"text"`
				Citation string `json:"citation"`
				Author   struct {
					Type string `json:"@type"`
					Name string `json:"name"`
				} `json:"author"`
			} `json:"suggestedAnswer"`
		} `json:"mainEntity"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v", err)
	}
	if ld.Type != "MedicalWebPage" || ld.Aspect != "Overview" || ld.Modified != "2026-11-30" || ld.MainEntity.Type != "Question" {
		t.Errorf("JSON-LD: %+v", ld)
	}
	if ld.LastReview != "" || ld.ReviewedBy != nil {
		// An import is not a medical review (issue 9).
		t.Errorf("imported answers only, yet lastReviewed %q, reviewedBy %v", ld.LastReview, ld.ReviewedBy)
	}
	if ld.About.Type != "MedicalCondition" || len(ld.About.Code) != 1 || ld.About.Code[0].CodeValue != "C0035258" || ld.About.Code[0].CodingSystem != "UMLS" {
		t.Errorf("about: %+v", ld.About)
	}
	var authors []string
	for _, a := range ld.MainEntity.Answers {
		if a.Type != "Answer" || a.Author.Type != "Organization" || a.Citation == "" || a.Text == "" {
			t.Errorf("answer: %+v", a)
		}
		authors = append(authors, a.Author.Name)
	}
	if !slices.Equal(authors, []string{"Genetics Home Reference", "National Institute of Neurological Disorders and Stroke"}) {
		t.Errorf("authors = %v", authors)
	}
	if strings.Contains(m[1], "QAPage") {
		t.Error("a curated page must not claim to be a QAPage")
	}
}

func TestSitemapSplitsAtTheProtocolLimit(t *testing.T) {
	refs := make([]store.PageRef, 2*sitemapLimit+1)
	files := split("questions", refs, func(s string) string { return s })
	if len(files) != 3 || len(files[0].refs) != sitemapLimit || len(files[2].refs) != 1 || files[2].name != "questions-3.xml" {
		t.Errorf("split into %d files", len(files))
	}
}
