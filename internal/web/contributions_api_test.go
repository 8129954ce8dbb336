package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/model"
)

// apiCall sends a JSON body with the agent's credentials: the API token
// for a program, the session's cookie and X-CSRF-Token for a browser.
func apiCall(t *testing.T, a *agent, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, a.site.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.CSRF != "" {
		req.Header.Set("X-CSRF-Token", a.CSRF)
	}
	resp := a.do(req)
	return resp, readBody(t, resp)
}

type contributionJSON struct {
	ID                int    `json:"id"`
	State             string `json:"state"`
	Revision          int    `json:"revision"`
	PublishedRevision int    `json:"published_revision"`
	Live              bool   `json:"live"`
	HTML              string `json:"html"`
	Reviews           []struct {
		Decision, Comment string
	} `json:"reviews"`
}

func decodeContribution(t *testing.T, b string) contributionJSON {
	t.Helper()
	var c contributionJSON
	if err := json.Unmarshal([]byte(b), &c); err != nil {
		t.Fatalf("%v in %.300s", err, b)
	}
	return c
}

// TestContributionsAPI pushes an organization's answer through the API
// and review: create, revise (with a stale base refused), submit, and
// the reviewer's decision visible to the program.
func TestContributionsAPI(t *testing.T) {
	site := editorialSite(t)
	org := signInOrg(t, site, "APIOrg").tokenOnly()
	other := signInOrg(t, site, "OtherOrg").tokenOnly()
	rev := signIn(t, site, model.RoleReviewer)

	resp, b := apiCall(t, org, "POST", "/api/v1/contributions", `{"question":"`+loopQuestion+`","markdown":"APIOrg says *pushword*."}`)
	if resp.StatusCode != http.StatusCreated || resp.Header.Get("Location") == "" {
		t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	c := decodeContribution(t, b)
	if c.State != "draft" || c.Revision != 1 || !strings.Contains(c.HTML, "<em>pushword</em>") {
		t.Fatalf("created: %+v", c)
	}
	path := fmt.Sprintf("/api/v1/contributions/%d", c.ID)
	if resp, _ := apiCall(t, other, "GET", path, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another organization reads it: %d, want 404", resp.StatusCode)
	}
	if resp, b := apiCall(t, org, "PUT", path, `{"base_revision":1,"markdown":"APIOrg says pushword, revised."}`); resp.StatusCode != 200 || decodeContribution(t, b).Revision != 2 {
		t.Fatalf("revise: %d %s", resp.StatusCode, b)
	}
	resp, b = apiCall(t, org, "PUT", path, `{"base_revision":1,"markdown":"A stale copy."}`)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") || !strings.Contains(b, "revision 2") {
		t.Fatalf("stale revise: %d %s", resp.StatusCode, b)
	}
	if resp, b := apiCall(t, org, "POST", path+"/submit", `{"revision":2}`); resp.StatusCode != 200 || decodeContribution(t, b).State != "submitted" {
		t.Fatalf("submit: %d %s", resp.StatusCode, b)
	}
	if resp, _ := apiCall(t, org, "PUT", path, `{"base_revision":2,"markdown":"While waiting."}`); resp.StatusCode != http.StatusConflict {
		t.Errorf("revise while waiting for review: %d, want 409", resp.StatusCode)
	}
	must(t, decide(rev, fmt.Sprint(c.ID), "approve", "", "2", "submitted"), http.StatusSeeOther)
	_, b = apiCall(t, org, "GET", path, "")
	if c := decodeContribution(t, b); c.State != "published" || !c.Live || c.PublishedRevision != 2 || len(c.Reviews) != 1 {
		t.Fatalf("after approval: %+v", c)
	}
	if n := contributorAnswers(t, site); n != 1 {
		t.Errorf("%d contributor answers public, want 1", n)
	}
}

// TestContributionsAPIDocumented exercises every documented status of
// the contributions paths with a real request and checks each body
// against the document's schema, as TestOpenAPIMatchesHandlers does for
// the public paths.
func TestContributionsAPIDocumented(t *testing.T) {
	site := editorialSite(t)
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(body(t, do(t, site.srv, "GET", "/api/openapi.json"))), &doc); err != nil {
		t.Fatal(err)
	}
	org := signInOrg(t, site, "DocOrg").tokenOnly()
	_, b := apiCall(t, org, "POST", "/api/v1/contributions", `{"question":"`+loopQuestion+`","markdown":"Documented."}`)
	id := decodeContribution(t, b).ID
	waiting := signInOrg(t, site, "DocOrg2").tokenOnly()
	_, b = apiCall(t, waiting, "POST", "/api/v1/contributions", `{"question":"`+loopQuestion+`","markdown":"Waiting."}`)
	wid := decodeContribution(t, b).ID
	apiCall(t, waiting, "POST", fmt.Sprintf("/api/v1/contributions/%d/submit", wid), "")
	reviewerOnly := signIn(t, site, model.RoleReviewer)
	anon := &agent{site: site, c: site.client()}
	item := fmt.Sprintf("/api/v1/contributions/%d", id)

	type call struct {
		who        *agent
		path, body string
	}
	calls := map[string]map[string]map[string]call{ // path → method → status
		"/api/v1/contributions": {"post": {
			"201": {who: signInOrg(t, site, "DocOrg3").tokenOnly(), path: "/api/v1/contributions", body: `{"question":"` + loopQuestion + `","markdown":"New."}`},
			"400": {who: org, path: "/api/v1/contributions", body: `{"question":"` + loopQuestion + `","markdown":""}`},
			"401": {who: anon, path: "/api/v1/contributions", body: `{}`},
			"403": {who: reviewerOnly, path: "/api/v1/contributions", body: `{}`},
			"409": {who: org, path: "/api/v1/contributions", body: `{"question":"` + loopQuestion + `","markdown":"Again."}`},
		}},
		"/api/v1/contributions/{id}": {
			"get": {
				"200": {who: org, path: item},
				"401": {who: anon, path: item},
				"403": {who: reviewerOnly, path: item},
				"404": {who: org, path: "/api/v1/contributions/999999"},
			},
			"put": {
				"200": {who: org, path: item, body: `{"base_revision":1,"markdown":"Second."}`},
				"400": {who: org, path: item, body: `{"base_revision":1,"markdown":"x","extra":1}`},
				"401": {who: anon, path: item, body: `{}`},
				"403": {who: reviewerOnly, path: item, body: `{}`},
				"404": {who: org, path: "/api/v1/contributions/999999", body: `{}`},
				"409": {who: org, path: item, body: `{"base_revision":1,"markdown":"Stale."}`},
			},
		},
		"/api/v1/contributions/{id}/submit": {"post": {
			"200": {who: org, path: item + "/submit", body: ``},
			"400": {who: org, path: item + "/submit", body: `not json`},
			"401": {who: anon, path: item + "/submit"},
			"403": {who: reviewerOnly, path: item + "/submit"},
			"404": {who: org, path: "/api/v1/contributions/999999/submit"},
			"409": {who: waiting, path: fmt.Sprintf("/api/v1/contributions/%d/submit", wid)},
		}},
	}
	// Statuses are asked in order so that the 200 PUT comes before the
	// stale 409 and the 200 submit after both.
	order := []string{"201", "200", "400", "401", "403", "404", "409"}
	paths := []string{"/api/v1/contributions", "/api/v1/contributions/{id}", "/api/v1/contributions/{id}/submit"}
	for path := range doc.Paths {
		if strings.HasPrefix(path, "/api/v1/contributions") && !slices.Contains(paths, path) {
			t.Errorf("%s is documented but not exercised", path)
		}
	}
	for _, path := range paths {
		ops, ok := doc.Paths[path]
		if !ok {
			t.Errorf("%s is not documented", path)
			continue
		}
		for _, method := range []string{"post", "get", "put"} {
			op, ok := ops[method]
			if !ok {
				continue
			}
			for _, status := range order {
				r, documented := op.Responses[status]
				c, exercised := calls[path][method][status]
				if documented != exercised {
					t.Errorf("%s %s %s: documented %v, exercised %v", method, path, status, documented, exercised)
					continue
				}
				if !documented {
					continue
				}
				resp, b := apiCall(t, c.who, strings.ToUpper(method), c.path, c.body)
				if fmt.Sprint(resp.StatusCode) != status {
					t.Errorf("%s %s: %d, documented %s: %.300s", method, c.path, resp.StatusCode, status, b)
					continue
				}
				ct := strings.Split(resp.Header.Get("Content-Type"), ";")[0]
				media, ok := r.Content[ct]
				if !ok {
					t.Errorf("%s %s %s: Content-Type %q not documented", method, path, status, ct)
					continue
				}
				var v any
				if err := json.Unmarshal([]byte(b), &v); err != nil {
					t.Errorf("%s %s %s: %v", method, path, status, err)
					continue
				}
				if err := validate(doc.Components.Schemas, media.Schema, v, "$"); err != nil {
					t.Errorf("%s %s %s: %v", method, path, status, err)
				}
			}
		}
	}
}
