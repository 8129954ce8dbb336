package main

import (
	"encoding/json"
	"strings"
	"testing"

	"healthqa/internal/store/testdb"
)

// TestAskUsesTheImportSnapshot: ask loads the index the import saved, and
// answers the same, saying in its debug log why, when the snapshot is
// missing (a database from before snapshots) or damaged and it builds
// the index instead.
func TestAskUsesTheImportSnapshot(t *testing.T) {
	db := testdb.DSN(t)
	if r := cli(t, "import", "medquad", fixture, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	ask := func() result {
		t.Helper()
		r := cli(t, "ask", "what causes restless legs", "--db", db, "--log-level", "debug")
		if r.code != exitOK {
			t.Fatalf("ask: exit %d\n%s", r.code, r.stderr)
		}
		return r
	}
	want := ask()
	if !strings.Contains(want.stderr, "loaded from the snapshot") {
		t.Errorf("after an import, ask did not load the snapshot:\n%s", want.stderr)
	}
	if !strings.Contains(want.stdout, "What is restless legs syndrome?") {
		t.Errorf("ask did not answer:\n%s", want.stdout)
	}
	if quiet := cli(t, "ask", "what causes restless legs", "--db", db); quiet.stderr != "" {
		t.Errorf("ask logs without --log-level debug:\n%s", quiet.stderr)
	}
	tests := []struct {
		name, sql, log string
	}{
		{"damaged", `UPDATE search_snapshot SET data = substr(data, 1, length(data) - 1)`, "built: search snapshot unusable"},
		{"missing, as in an older database", `DELETE FROM search_snapshot`, "built: no snapshot of content version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testdb.Exec(t, db, tt.sql)
			got := ask()
			if !strings.Contains(got.stderr, tt.log) {
				t.Errorf("debug log does not say %q:\n%s", tt.log, got.stderr)
			}
			if got.stdout != want.stdout {
				t.Errorf("answer differs from the snapshot's:\n%s\nwant\n%s", got.stdout, want.stdout)
			}
			// The build saved its snapshot: the next ask loads it.
			if next := ask(); !strings.Contains(next.stderr, "loaded from the snapshot") || next.stdout != want.stdout {
				t.Errorf("the ask after a build did not load its snapshot:\n%s", next.stderr)
			}
		})
	}
}

// ask --json prints what it understood and the results, an empty list
// when nothing matches, not null.
func TestAskJSON(t *testing.T) {
	db := testdb.DSN(t)
	if r := cli(t, "import", "medquad", fixture, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
	}
	tests := []struct {
		message string
		none    bool
	}{
		{"what causes restless legs", false},
		{"what is it for", true}, // no word that finds anything
	}
	for _, tc := range tests {
		r := cli(t, "ask", "--json", "--db", db, tc.message)
		var got struct {
			Understanding struct {
				Query string `json:"query"`
			} `json:"understanding"`
			Results *[]struct {
				QuestionSlug string `json:"question_slug"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); r.code != exitOK || err != nil {
			t.Fatalf("ask --json %q: exit %d, %v\n%s", tc.message, r.code, err, r.stdout)
		}
		if got.Understanding.Query != tc.message || got.Results == nil || (len(*got.Results) == 0) != tc.none {
			t.Errorf("ask --json %q: %s", tc.message, r.stdout)
		}
	}
}
