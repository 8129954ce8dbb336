package ingest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"healthqa/internal/dataset"
)

// A first start without network names the way out: --medquad with a
// local copy. Other fetch failures (a server that answers 404, a file
// whose fingerprint is wrong) are not about the network and say what
// they are.
func TestEnsureDataFetchFailures(t *testing.T) {
	refused := httptest.NewServer(http.NotFoundHandler())
	refusedURL := refused.URL + "/medquad.zip"
	refused.Close() // nothing listens there any more: connection refused
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	// noDNS fails every lookup as a machine without a resolver does,
	// without asking one.
	noDNS := &http.Client{Transport: &http.Transport{DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}}}
	tests := []struct {
		name    string
		url     string
		client  *http.Client
		offline bool // want the --medquad hint
	}{
		{"connection refused", refusedURL, nil, true},
		{"no such host", "http://medquad.example/medquad.zip", noDNS, true},
		{"HTTP 404", missing.URL + "/medquad.zip", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			fetch := &dataset.Fetcher{URL: tc.url, CacheDir: t.TempDir(), FileName: "medquad.zip", Client: tc.client,
				Verify: func(string) error { return errors.New("unreachable") }}
			_, imported, err := EnsureData(context.Background(), st, "", fetch, Options{})
			if err == nil || imported {
				t.Fatalf("imported %v, err %v; want a failure", imported, err)
			}
			hint := strings.Contains(err.Error(), "could not download MedQuAD") &&
				strings.Contains(err.Error(), "without network access, start with --medquad PATH/TO/MedQuAD-master.zip")
			if hint != tc.offline {
				t.Errorf("err = %v; want the offline hint: %v", err, tc.offline)
			}
			var ne net.Error
			if tc.offline && !errors.As(err, &ne) {
				t.Errorf("err = %v; want the network error kept for callers", err)
			}
		})
	}
}
