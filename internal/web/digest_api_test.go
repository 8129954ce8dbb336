package web

import (
	"encoding/json"
	"net/http"
	"testing"
)

// The digest API's 404 tells a question without a digest from an
// address where nothing is.
func TestDigestNotFoundDetail(t *testing.T) {
	s, _ := newTestServer(t)
	tests := []struct {
		name, target, detail string
	}{
		{"one source", "/api/v1/questions/what-is-holmes-adie/digest",
			"question what-is-holmes-adie exists but has no digest: digests are made for questions answered with text by two or more sources, or (causes, symptoms and treatment questions) whose topic's other answers state points of their kind from two or more sources"},
		{"unknown question", "/api/v1/questions/what-is-nothing/digest", "nothing is at /api/v1/questions/what-is-nothing/digest"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := do(t, s, "GET", tc.target)
			var p struct {
				Status int    `json:"status"`
				Detail string `json:"detail"`
			}
			if err := json.Unmarshal([]byte(body(t, resp)), &p); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "application/problem+json" || p.Status != 404 || p.Detail != tc.detail {
				t.Errorf("%d %+v; want 404 with detail %q", resp.StatusCode, p, tc.detail)
			}
		})
	}
}
