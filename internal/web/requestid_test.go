package web

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestGoodRequestID(t *testing.T) {
	tests := []struct {
		id   string
		good bool
	}{
		{"0f9c2b7e4a1d4c3b8e6f5a4b3c2d1e0f", true},
		{"req-1.2_3:4", true},
		{"550e8400-e29b-41d4-a716-446655440000", true},
		{strings.Repeat("a", maxRequestID), true},
		{strings.Repeat("a", maxRequestID+1), false},
		{"", false},
		{"two words", false},
		{"line\nbreak", false},
		{`quote"`, false},
		{"naïve", false},
		{"a=b", false},
	}
	for _, tc := range tests {
		if got := goodRequestID(tc.id); got != tc.good {
			t.Errorf("goodRequestID(%q) = %v, want %v", tc.id, got, tc.good)
		}
	}
}

// A request keeps a well-formed id and gets a fresh one otherwise; the
// response names it, and the request's log lines carry it.
func TestRequestIDInResponseAndLogs(t *testing.T) {
	s, _ := newTestServer(t)
	var logs bytes.Buffer
	s.log = slog.New(requestIDHandler{slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})})
	fresh := regexp.MustCompile(`^[0-9a-f]{32}$`)
	tests := []struct {
		name, sent string
		keep       bool
	}{
		{"well-formed", "lb-1234.abcd", true},
		{"none", "", false},
		{"too long", strings.Repeat("x", 65), false},
		{"log injection", "x\" status=200 y", false},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			r := httptest.NewRequest("GET", "/q/no-such-question", nil)
			if tc.sent != "" {
				r.Header.Set("X-Request-Id", tc.sent)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			id := w.Header().Get("X-Request-Id")
			switch {
			case tc.keep && id != tc.sent:
				t.Errorf("X-Request-Id = %q, want %q kept", id, tc.sent)
			case !tc.keep && !fresh.MatchString(id):
				t.Errorf("X-Request-Id = %q, want 32 hex digits", id)
			case seen[id]:
				t.Errorf("id %q given twice", id)
			}
			seen[id] = true
			line := logs.String()
			for _, want := range []string{"msg=request", "request_id=" + id, "route=/q/{slug}", "status=404", "bytes="} {
				if !strings.Contains(line, want) {
					t.Errorf("access line lacks %s:\n%s", want, line)
				}
			}
		})
	}
}

// At the default level a plain request writes no access line: under
// load the logs would otherwise grow by a line per page.
func TestAccessLogQuietAtInfo(t *testing.T) {
	s, _ := newTestServer(t)
	var logs bytes.Buffer
	s.log = slog.New(requestIDHandler{slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})})
	for _, path := range []string{"/", "/q/what-is-restless-legs-syndrome", "/q/no-such-question"} {
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	if logs.Len() > 0 {
		t.Errorf("requests logged at info:\n%s", logs.String())
	}
}
