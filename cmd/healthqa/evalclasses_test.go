package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/store/testdb"
)

// TestEvalClassesAndLatency runs --classes, --latency and --condensed
// through the command line on the fixture, with the questions written for
// TestEvalFolds.
func TestEvalClassesAndLatency(t *testing.T) {
	db := testdb.DSN(t)
	if _, r := importJSON(t, "medquad", fixture, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	dir := t.TempDir()
	qs, qr := filepath.Join(dir, "q.xml"), filepath.Join(dir, "qrels.txt")
	if err := os.WriteFile(qs, []byte(foldsQuestions), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(qr, []byte(foldsQrels), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"eval", "liveqa", "--db", db, "--questions", qs, "--qrels", qr, "--engine", "healthqa,bleve"}

	r := cli(t, append(base, "--classes", "--json", "--dict", "../../internal/eval/testdata/hunspell")...)
	var rep struct {
		Dictionary string `json:"dictionary"`
		Rows       []struct {
			Class     string `json:"class"`
			Questions int    `json:"questions"`
			Engines   []struct {
				Engine    string `json:"engine"`
				Evaluated int    `json:"evaluated"`
				Fail      int    `json:"fail"`
			} `json:"engines"`
		} `json:"rows"`
		PerQuestion []struct {
			ID      string   `json:"id"`
			Classes []string `json:"classes"`
		} `json:"per_question"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != exitOK {
		t.Fatalf("exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if len(rep.Rows) != 9 || len(rep.PerQuestion) != 7 || !strings.HasPrefix(rep.Dictionary, "en_US.dic") {
		t.Fatalf("%d rows, %d questions, dictionary %q", len(rep.Rows), len(rep.PerQuestion), rep.Dictionary)
	}
	all := rep.Rows[8]
	if all.Class != "all questions" || all.Questions != 7 || len(all.Engines) != 2 || all.Engines[1].Engine != "bleve" ||
		all.Engines[0].Evaluated != 6 || all.Engines[0].Fail > 6 {
		t.Errorf("all questions row: %+v", all)
	}
	if any, none := rep.Rows[6], rep.Rows[7]; any.Questions+none.Questions != 7 {
		t.Errorf("any %d + none %d questions, want 7", any.Questions, none.Questions)
	}
	// F1 names no topic ("legs at night"); F7 has "nobody judged", no name either.
	if got := strings.Join(rep.PerQuestion[0].Classes, ","); !strings.Contains(got, "lay wording") {
		t.Errorf("F1 classes %q, want lay wording", got)
	}

	r = cli(t, append(base, "--classes", "--dict", dir)...)
	if r.code != exitOK || !strings.Contains(r.stderr, "no Hunspell en_US dictionary") ||
		!strings.Contains(r.stdout, "dictionary: none") || !strings.Contains(r.stdout, "5 lay wording") {
		t.Errorf("without a dictionary: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r = cli(t, append(base, "--latency", "2")...)
	for _, want := range []string{"original text, 7 questions × 2 rounds", "healthqa ask", "healthqa search", "bleve search", "p99/bleve search", "14"} {
		if r.code != exitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("latency: exit %d, lacks %q\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}

	r = cli(t, append(base, "--condensed")...)
	if r.code != exitOK || !strings.Contains(r.stdout, "original/condensed") || !strings.Contains(r.stdout, "judged@10") {
		t.Errorf("condensed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = cli(t, append(base, "--condensed", "--folds", "3")...)
	if r.code != exitOK || !strings.Contains(r.stdout, "condensed lists") {
		t.Errorf("condensed folds: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"condensed latency", []string{"--condensed", "--latency", "2"}, "does not go with --condensed"},
		{"classes with folds", []string{"--classes", "--folds", "3"}, "one at a time"},
		{"latency with classes", []string{"--classes", "--latency", "3"}, "one at a time"},
		{"negative rounds", []string{"--latency", "-1"}, "1 or more"},
	} {
		if r := cli(t, append(base, tc.args...)...); r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want usage error saying %q", tc.name, r.code, r.stderr, tc.want)
		}
	}
}
