package web

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"healthqa/internal/ingest"
	"healthqa/internal/store/testdb"
)

// TestAskLoadsTheImportSnapshot: a server over an imported database
// loads the search index from the import's snapshot; over one without a
// snapshot (made before snapshots existed) it builds the index, says so
// in its debug log, and answers the same.
func TestAskLoadsTheImportSnapshot(t *testing.T) {
	ctx := context.Background()
	st, dsn := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, fixture, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	const target = "/api/v1/ask?q=what+can+I+do+about+restless+legs"
	tests := []struct {
		name, sql, log string
	}{
		{"snapshot of the content", "", `how="loaded from the snapshot"`},
		{"no snapshot", `DELETE FROM search_snapshot`, `how="built: no snapshot of content version`},
	}
	var first string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.sql != "" {
				testdb.Exec(t, dsn, tt.sql)
			}
			var logs bytes.Buffer
			s, err := New(st, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Warm(ctx); err != nil {
				t.Fatal(err)
			}
			got := body(t, do(t, s, "GET", target))
			if !strings.Contains(logs.String(), tt.log) {
				t.Errorf("debug log does not say %s:\n%s", tt.log, logs.String())
			}
			if !strings.Contains(got, "what-are-the-treatments-for-restless-legs-syndrome") {
				t.Errorf("no answer:\n%s", got)
			}
			if first == "" {
				first = got
			} else if got != first {
				t.Errorf("answer differs from the snapshot's:\n%s\nwant\n%s", got, first)
			}
		})
	}
}
