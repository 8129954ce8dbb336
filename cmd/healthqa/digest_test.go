package main

import (
	"strings"
	"testing"

	"healthqa/internal/store/testdb"
)

// digest tells an unknown question from a question without a digest, and
// says who has one in the same words as stats and the import summary.
func TestDigestMessages(t *testing.T) {
	db := testdb.DSN(t)
	if _, r := importJSON(t, "medquad", fixture, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	const rule = "answered with text by two or more sources, or (causes, symptoms and treatment questions) whose topic's other answers state points of their kind from two or more sources"
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout string
		stderr   string // exact, when the command fails
	}{
		{"two sources with text", []string{"digest", "what-is-restless-legs-syndrome"}, exitOK, "[2: GHR, NINDS]", ""},
		{"page address", []string{"digest", "/q/what-is-restless-legs-syndrome"}, exitOK, "[2: GHR, NINDS]", ""},
		{"one source", []string{"digest", "what-is-holmes-adie"}, exitFailure, "",
			"healthqa: question what-is-holmes-adie exists but has no digest: digests are made for questions " + rule + "\n"},
		{"two sources, one with text", []string{"digest", "what-is-menieres-disease"}, exitFailure, "",
			"healthqa: question what-is-menieres-disease exists but has no digest: digests are made for questions " + rule + "\n"},
		{"unknown question", []string{"digest", "what-is-nothing"}, exitFailure, "",
			"healthqa: no question what-is-nothing: QUESTION-SLUG is the end of the question's page address, /q/QUESTION-SLUG\n"},
		{"stats", []string{"stats"}, exitOK, "\ndigests                                          1  (questions " + rule + ")\n", ""},
		{"stats --json", []string{"stats", "--json"}, exitOK, `"digests": 1`, ""},
		{"import summary", []string{"import", "medquad", fixture}, exitOK, "digests          1 (questions " + rule + ";", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := cli(t, append(tc.args, "--db", db)...)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.inStdout) || tc.code != exitOK && r.stderr != tc.stderr {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %q\nwant:   %q", r.code, tc.code, r.stdout, r.stderr, tc.stderr)
			}
		})
	}
}
