package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/store/testdb"
)

// Questions written for this test about the fixture's topics (restless
// legs, Ménière's disease), and judgments of the fixture's entries.
const foldsQuestions = `<?xml version="1.0" encoding="UTF-8"?>
<LiveQA2017-medical>
<NLM-QUESTION qid="F1"><Original-Question><SUBJECT>legs at night</SUBJECT><MESSAGE>my legs feel jumpy every night when i lie down, what is this?</MESSAGE></Original-Question></NLM-QUESTION>
<NLM-QUESTION qid="F2"><Original-Question><SUBJECT>rls treatment</SUBJECT><MESSAGE>which treatments work for restless legs syndrome</MESSAGE></Original-Question></NLM-QUESTION>
<NLM-QUESTION qid="F3"><Original-Question><SUBJECT>spinning</SUBJECT><MESSAGE>the room spins and one ear rings, could it be meniere disease</MESSAGE></Original-Question></NLM-QUESTION>
<NLM-QUESTION qid="F4"><Original-Question><SUBJECT>menieres cause</SUBJECT><MESSAGE>what causes meniere's disease in adults?</MESSAGE></Original-Question></NLM-QUESTION>
<NLM-QUESTION qid="F5"><Original-Question><SUBJECT>restless legs</SUBJECT><MESSAGE>what is restless legs syndrome</MESSAGE></Original-Question></NLM-QUESTION>
<NLM-QUESTION qid="F6"><Original-Question><SUBJECT>ear</SUBJECT><MESSAGE>what is meniere's disease</MESSAGE></Original-Question></NLM-QUESTION>
<NLM-QUESTION qid="F7"><Original-Question><SUBJECT>unjudged</SUBJECT><MESSAGE>a question nobody judged</MESSAGE></Original-Question></NLM-QUESTION>
</LiveQA2017-medical>
`

const foldsQrels = `F1 0 NINDS_0000246-1 3
F1 0 GHR_0000869-1 2
F1 0 ADAM_0000539-1 0
F2 0 NINDS_0000246-2 3
F2 0 NINDS_0000246-1 1
F3 0 ADAM_0000539-1 3
F3 0 MPlusHealthTopics_0000520-1 2
F4 0 ADAM_0000539-2 3
F4 0 ADAM_0000539-1 1
F5 0 NINDS_0000246-1 3
F5 0 GHR_0000869-1 3
F6 0 MPlusHealthTopics_0000520-1 3
F6 0 NINDS_0000246-1 0
`

// TestEvalFolds runs the cross-validation through the command line on
// the fixture and checks what a reader of it relies on: every judged
// question held out exactly once, the rows in order, figures in range,
// and flags that cannot work refused before any work.
func TestEvalFolds(t *testing.T) {
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

	r := cli(t, append(base, "--folds", "3", "--json")...)
	var cvs []struct {
		Text  string `json:"text"`
		Seed  uint64 `json:"fold_seed"`
		Folds []struct {
			Questions []string `json:"questions"`
			Chosen    string   `json:"chosen"`
		} `json:"folds"`
		Rows []struct {
			Engine string `json:"engine"`
			Folds  []struct {
				AvgScore float64 `json:"avg_score"`
				MAP2     float64 `json:"map10_grade2"`
			} `json:"folds"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &cvs); err != nil || r.code != exitOK || len(cvs) != 1 {
		t.Fatalf("exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	cv := cvs[0]
	if cv.Text != "original" || cv.Seed != 1 || len(cv.Folds) != 3 {
		t.Errorf("text %q seed %d folds %d, want original, 1, 3", cv.Text, cv.Seed, len(cv.Folds))
	}
	var held []string
	for _, f := range cv.Folds {
		held = append(held, f.Questions...)
		if f.Chosen == "" {
			t.Error("a fold chose no setting")
		}
	}
	slices.Sort(held)
	if want := []string{"F1", "F2", "F3", "F4", "F5", "F6"}; !slices.Equal(held, want) {
		t.Errorf("held out %v, want each judged question once: %v", held, want)
	}
	var engines []string
	for _, row := range cv.Rows {
		engines = append(engines, row.Engine)
		for _, m := range row.Folds {
			if m.AvgScore < 0 || m.AvgScore > 3 || m.MAP2 < 0 || m.MAP2 > 1 {
				t.Errorf("%s: figures out of range: %+v", row.Engine, m)
			}
		}
	}
	if want := []string{"healthqa (cross-validated)", "healthqa (defaults)", "bleve"}; !slices.Equal(engines, want) {
		t.Errorf("rows %v, want %v", engines, want)
	}

	r = cli(t, append(base, "--folds", "3", "--fold-seed", "7")...)
	for _, want := range []string{"3-fold cross-validation, text original, fold seed 7, 6 judged questions", "mean ± sd", "healthqa (cross-validated)"} {
		if r.code != exitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("table: exit %d, lacks %q\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"one fold", []string{"--folds", "1"}, "at least 2 folds"},
		{"negative", []string{"--folds", "-3"}, "at least 2 folds"},
		{"with --run", []string{"--folds", "3", "--run", filepath.Join(dir, "run.txt")}, "does not go with --folds"},
		{"more folds than questions", []string{"--folds", "7"}, "only 6 judged questions"},
	} {
		if r := cli(t, append(base, tc.args...)...); r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want usage error saying %q", tc.name, r.code, r.stderr, tc.want)
		}
	}
}
