package web

import (
	"net/http"
	"strings"
	"testing"
)

// Another site's script can read the API: every API answer, errors
// included, allows any origin without credentials, and a preflight gets
// a 204 that allows GET and HEAD. Pages are not opened to other sites.
func TestAPICORS(t *testing.T) {
	s, _ := newTestServer(t)
	origin := []string{"Origin", "https://other.example"}
	tests := []struct {
		method, target string
		header         []string
		status         int
		acao           string
	}{
		{"GET", "/api/v1/stats", origin, 200, "*"},
		{"HEAD", "/api/v1/stats", origin, 200, "*"},
		{"GET", "/api/v1/questions/nope", origin, 404, "*"},
		{"GET", "/api/v1/topics?page=0", origin, 400, "*"},
		{"GET", "/api/openapi.json", origin, 200, "*"},
		{"POST", "/api/v1/stats", origin, 405, "*"},
		{"OPTIONS", "/api/v1/questions/what-is-restless-legs-syndrome", append(origin, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match"), 204, "*"},
		{"OPTIONS", "/api/v1/ask", origin, 204, "*"},
		{"GET", "/q/what-is-restless-legs-syndrome", origin, 200, ""},
		{"OPTIONS", "/q/what-is-restless-legs-syndrome", origin, 405, ""},
	}
	for _, tt := range tests {
		resp := do(t, s, tt.method, tt.target, tt.header...)
		b := body(t, resp)
		h := resp.Header
		if resp.StatusCode != tt.status || h.Get("Access-Control-Allow-Origin") != tt.acao || h.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("%s %s: %d, Allow-Origin %q, Allow-Credentials %q; want %d, %q, none", tt.method, tt.target, resp.StatusCode, h.Get("Access-Control-Allow-Origin"), h.Get("Access-Control-Allow-Credentials"), tt.status, tt.acao)
			continue
		}
		if tt.acao == "" {
			continue
		}
		switch tt.method {
		case "OPTIONS":
			if h.Get("Access-Control-Allow-Methods") != "GET, HEAD" || !strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "if-none-match") || h.Get("Access-Control-Max-Age") == "" || b != "" {
				t.Errorf("preflight %s: %v, body %q", tt.target, h, b)
			}
		case "POST":
			if h.Get("Allow") != "GET, HEAD, OPTIONS" || h.Get("Content-Type") != "application/problem+json" {
				t.Errorf("POST %s: Allow %q, Content-Type %q", tt.target, h.Get("Allow"), h.Get("Content-Type"))
			}
		default:
			if !strings.Contains(h.Get("Access-Control-Expose-Headers"), "ETag") {
				t.Errorf("%s %s: ETag not exposed: %q", tt.method, tt.target, h.Get("Access-Control-Expose-Headers"))
			}
		}
	}
}

// A parameter given empty is not the parameter left out: the document
// forbids it, so it is a 400, on the API and on the page alike.
func TestEmptyTopicParametersAreRefused(t *testing.T) {
	s, _ := newTestServer(t)
	for _, target := range []string{"/api/v1/topics?letter=", "/api/v1/topics?page=", "/api/v1/topics?letter=R&page=", "/topics?letter=", "/topics?page="} {
		if resp := do(t, s, "GET", target); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400", target, resp.StatusCode)
		}
	}
	for _, target := range []string{"/api/v1/topics", "/api/v1/topics?letter=r", "/topics?letter=%23&page=1"} {
		if resp := do(t, s, "GET", target); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", target, resp.StatusCode)
		}
	}
}
