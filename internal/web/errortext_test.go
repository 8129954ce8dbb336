package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// brokenStore fails the reads a page needs with the kind of text a
// storage layer writes: for the log, not for readers.
type brokenStore struct{ store.Store }

const internalText = "sqlite: sync medquad: database disk image is malformed (11)"

func (brokenStore) Question(context.Context, string) (model.Question, []model.Answer, error) {
	return model.Question{}, nil, fmt.Errorf("%s", internalText)
}

func (brokenStore) Stats(context.Context) (store.Stats, error) {
	return store.Stats{}, fmt.Errorf("%s", internalText)
}

// A failure inside the server shows readers a generic message and keeps
// the detail for the log: neither a page nor an API answer carries the
// storage layer's text.
func TestInternalErrorsStayInTheLog(t *testing.T) {
	_, st := newTestServer(t)
	var logged bytes.Buffer
	s, err := New(brokenStore{st}, Options{BaseURL: "https://healthqa.test", VersionTTL: -1, Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ target, generic string }{
		{"/q/what-is-restless-legs-syndrome", "The page could not be shown"},
		{"/api/v1/questions/what-is-restless-legs-syndrome", "the server could not answer"},
		{"/api/v1/stats", "the server could not answer"},
	} {
		logged.Reset()
		resp := do(t, s, "GET", tt.target)
		b := body(t, resp)
		if resp.StatusCode != 500 || !strings.Contains(b, tt.generic) {
			t.Errorf("%s: %d, want 500 saying %q:\n%s", tt.target, resp.StatusCode, tt.generic, b)
		}
		for _, leak := range []string{"sqlite", "malformed"} {
			if strings.Contains(b, leak) {
				t.Errorf("%s: the reader sees %q:\n%s", tt.target, leak, b)
			}
		}
		if !strings.Contains(logged.String(), "malformed") {
			t.Errorf("%s: the log lacks the detail:\n%s", tt.target, logged.String())
		}
	}
}
