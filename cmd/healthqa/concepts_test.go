package main

import (
	"encoding/json"
	"strings"
	"testing"

	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

func TestConceptsCommand(t *testing.T) {
	db := testdb.DSN(t)
	if r := cli(t, "import", "medquad", fixture, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	for _, tc := range []struct {
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{[]string{"concepts", "C0035258", "--db", db}, exitOK, "Restless legs syndrome  (restless-legs-syndrome)  sources: GHR, NINDS", ""},
		{[]string{"concepts", "C0035258", "--db", db}, exitOK, "C0035258  1 topic, specific", ""},
		{[]string{"concepts", "C0000001", "--db", db}, exitFailure, "", "no topic carries the concept C0000001"},
		{[]string{"concepts", "C12", "--db", db}, exitUsage, "", "C followed by seven digits"},
		{[]string{"concepts", "--db", db}, exitUsage, "", ""},
		{[]string{"concepts", "--help"}, exitOK, "Usage: healthqa concepts [flags] CUI", ""},
		{[]string{"reading", "--help"}, exitOK, "Usage: healthqa reading", ""},
		{[]string{"reading", "--db", db}, exitOK, "Flesch–Kincaid Q1/median/Q3", ""},
	} {
		r := cli(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout, tc.inStdout) || !strings.Contains(r.stderr, tc.inStderr) {
			t.Errorf("%q: exit %d (want %d)\nstdout %s\nstderr %s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
	r := cli(t, "concepts", "C0035258", "--json", "--db", db)
	var p store.ConceptPage
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil || len(p.Topics) != 1 || len(p.Topics[0].Questions) == 0 {
		t.Errorf("--json: %v %+v", err, p)
	}
}
