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
// snapshot (made before snapshots existed, or after a publish) or with
// one it cannot read, it builds the index, says so in its debug log,
// answers the same, and saves the snapshot the next start loads.
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
		// The build saved its snapshot: the next start loads it, as
		// after a publish, which drops the snapshot.
		{"the snapshot the last start saved", "", `how="loaded from the snapshot"`},
		// One of another format, as an older program left it, is built
		// past once and replaced.
		{"snapshot of another format", `UPDATE search_snapshot SET data = ?`, `snapshot saved"`},
		{"the snapshot that replaced it", "", `how="loaded from the snapshot"`},
	}
	var first string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			switch {
			case strings.Contains(tt.sql, "?") && testdb.Backend(t) == "postgres":
				testdb.Exec(t, dsn, strings.ReplaceAll(tt.sql, "?", "$1"), []byte("not a snapshot"))
			case strings.Contains(tt.sql, "?"):
				testdb.Exec(t, dsn, tt.sql, []byte("not a snapshot"))
			case tt.sql != "":
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
