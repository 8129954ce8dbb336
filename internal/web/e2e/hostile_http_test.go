package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// get asks the site's handler directly, as a client would over HTTP.
func get(t *testing.T, h http.Handler, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	resp := rec.Result()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// Every JSON response about the hostile dataset, found or not found, is
// valid JSON of the declared type, and the hostile text comes back
// exactly: escaping for HTML must not mangle the API's data.
func TestHostileJSONResponses(t *testing.T) {
	site := newHostileSite(t)
	routes := routesOf(t, site.Store)
	for _, target := range append(slices.Clone(routes.api), routes.notFound...) {
		isAPI := strings.HasPrefix(target, "/api/")
		if !isAPI {
			continue
		}
		resp, body := get(t, site.Handler, target)
		want, wantType := http.StatusOK, "application/json"
		if slices.Contains(routes.notFound, target) {
			want, wantType = http.StatusNotFound, "application/problem+json"
		}
		if resp.StatusCode != want || resp.Header.Get("Content-Type") != wantType {
			t.Errorf("%s: %d %s, want %d %s", target, resp.StatusCode, resp.Header.Get("Content-Type"), want, wantType)
		}
		if !json.Valid([]byte(body)) {
			t.Errorf("%s: not valid JSON: %.300s", target, body)
		}
	}
	// The stored topics carry the payloads (a synonym equal to the name
	// is left out by design); the API gives each back unchanged.
	c, err := site.Store.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, stored := range c.Topics {
		var got struct {
			Topic struct {
				Name          string   `json:"name"`
				Synonyms      []string `json:"synonyms"`
				CUIs          []string `json:"cuis"`
				SemanticTypes []string `json:"semantic_types"`
			} `json:"topic"`
		}
		_, body := get(t, site.Handler, "/api/v1/topics/"+url.PathEscape(stored.Slug))
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("%s: %v", stored.Slug, err)
		}
		g := got.Topic
		if g.Name != stored.Name || !slices.Equal(g.Synonyms, stored.Synonyms) || !slices.Equal(g.CUIs, stored.CUIs) || !slices.Equal(g.SemanticTypes, stored.SemanticTypes) {
			t.Errorf("API topic %+v, stored %+v", g, stored)
		}
		if !strings.ContainsAny(g.Name+strings.Join(g.Synonyms, "")+strings.Join(g.CUIs, ""), "<>\"'") {
			t.Errorf("topic %q carries no payload: the dataset is not hostile", g.Name)
		}
	}
}

// jsonLDBlock finds the JSON-LD script elements of a page.
var jsonLDBlock = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// Every JSON-LD block on the hostile pages is valid JSON that nothing in
// the data can end early: no "</script", "<script" or "<!--" inside it
// (the last two would put the HTML parser in its double-escaped state,
// where a later "</script>" no longer ends the block). Its names are the
// data's, exactly.
func TestHostileJSONLD(t *testing.T) {
	site := newHostileSite(t)
	routes := routesOf(t, site.Store)
	blocks := 0
	names := map[string]bool{}
	for _, target := range routes.pages {
		_, body := get(t, site.Handler, target)
		if n := strings.Count(body, `type="application/ld+json"`); n != len(jsonLDBlock.FindAllString(body, -1)) {
			t.Errorf("%s: %d JSON-LD blocks, %d of them closed where their JSON ends", target, n, len(jsonLDBlock.FindAllString(body, -1)))
		}
		for _, m := range jsonLDBlock.FindAllStringSubmatch(body, -1) {
			blocks++
			ld := m[1]
			for _, bad := range []string{"</script", "<script", "<!--"} {
				if strings.Contains(strings.ToLower(ld), bad) {
					t.Errorf("%s: JSON-LD contains %q", target, bad)
				}
			}
			var doc struct {
				About struct {
					Name          string   `json:"name"`
					AlternateName []string `json:"alternateName"`
				} `json:"about"`
			}
			if err := json.Unmarshal([]byte(ld), &doc); err != nil {
				t.Errorf("%s: JSON-LD is not valid JSON: %v\n%.300s", target, err, ld)
				continue
			}
			names[doc.About.Name] = true
			for _, n := range doc.About.AlternateName {
				names[n] = true
			}
		}
	}
	if blocks == 0 {
		t.Fatal("no JSON-LD block on any page")
	}
	c, err := site.Store.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range c.Topics {
		for _, n := range append([]string{tp.Name}, tp.Synonyms...) {
			if !names[n] {
				t.Errorf("JSON-LD never names %q", n)
			}
		}
	}
}
