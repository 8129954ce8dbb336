package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"healthqa/internal/devdata"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

// TestMain lets a test run the real command in a child process, which
// it can then kill: HEALTHQA_TEST_MAIN=1 makes this binary healthqa.
func TestMain(m *testing.M) {
	if os.Getenv("HEALTHQA_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

func cli(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

const fixture = "../../internal/ingest/testdata/medquad"

func TestCLIConventions(t *testing.T) {
	db, filled := testdb.DSN(t), testdb.DSN(t)
	if _, r := importJSON(t, "medquad", fixture, "--db", filled); r.code != exitOK {
		t.Fatalf("import: exit %d %s", r.code, r.stderr)
	}
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		code      int
		inStdout  string
		inStderr  string
		notStdout string // must not appear; "" = no check
	}{
		{"no command", nil, nil, exitUsage, "Commands:", "", ""},
		{"help", []string{"help"}, nil, exitOK, "import", "", ""},
		{"unknown command", []string{"frobnicate"}, nil, exitUsage, "", "unknown command \"frobnicate\"\n", ""},
		{"misspelt command", []string{"stast"}, nil, exitUsage, "", `unknown command "stast" (did you mean stats?)`, ""},
		{"misspelt help", []string{"hlep"}, nil, exitUsage, "", `unknown command "hlep" (did you mean help?)`, ""},
		{"version flag", []string{"--version"}, nil, exitOK, "healthqa ", "", ""},
		{"version command", []string{"version"}, nil, exitOK, "healthqa ", "", ""},
		{"command help", []string{"import", "--help"}, nil, exitOK, "(env HEALTHQA_DB,", "", "HEALTHQA_JSON"},
		{"help for a command", []string{"help", "stats"}, nil, exitOK, "Usage: healthqa stats", "", ""},
		{"every command has help", []string{"serve", "-h"}, nil, exitOK, "--addr", "", ""},
		{"single-letter flag in help", []string{"ask", "--help"}, nil, exitOK, "  -n  (default \"10\")", "", "HEALTHQA_N"},
		{"unknown flag", []string{"stats", "--nope"}, nil, exitUsage, "", "unknown flag --nope\n", ""},
		{"misspelt flag", []string{"stats", "--jsn", "--db", filled}, nil, exitUsage, "", "unknown flag --jsn (did you mean --json?)", ""},
		{"misspelt flag, one dash", []string{"stats", "-jsn"}, nil, exitUsage, "", "unknown flag --jsn (did you mean --json?)", ""},
		{"bad flag value", []string{"stats", "--json=maybe"}, nil, exitUsage, "", `invalid boolean value "maybe" for --json`, ""},
		{"flag without its value", []string{"stats", "--db"}, nil, exitUsage, "", "flag --db needs a value", ""},
		{"bad number", []string{"ask", "q", "-n", "many"}, nil, exitUsage, "", `invalid value "many" for flag -n`, ""},
		{"too many arguments", []string{"stats", "extra"}, nil, exitUsage, "", "wrong number of arguments", ""},
		{"empty question", []string{"ask", "", "--db", filled}, nil, exitUsage, "", "the question is empty", ""},
		{"blank question", []string{"ask", " \t\n ", "--db", filled}, nil, exitUsage, "", "the question is empty", ""},
		{"empty slug", []string{"digest", "", "--db", filled}, nil, exitUsage, "", "QUESTION-SLUG is empty", ""},
		{"unknown dataset", []string{"import", "other", fixture, "--db", db}, nil, exitUsage, "", `unknown dataset "other"`, ""},
		{"flags after arguments", []string{"import", "medquad", fixture, "--db", db, "--json"}, nil, exitOK, `"entries": 8`, "", ""},
		{"flags before arguments", []string{"import", "--db", db, "medquad", fixture}, nil, exitOK, "8 (8 question-answer pairs", "", ""},
		{"database from the environment", []string{"stats", "--json"}, map[string]string{"HEALTHQA_DB": db}, exitOK, `"questions": 6`, "", ""},
		{"HEALTHQA_JSON is not a setting", []string{"stats", "--db", filled}, map[string]string{"HEALTHQA_JSON": "1"}, exitOK, "sources ", "", "{"},
		{"HEALTHQA_N is not a setting", []string{"ask", "restless legs", "--db", filled}, map[string]string{"HEALTHQA_N": "1"}, exitOK, "\n2. ", "", ""},
		{"bad environment value", []string{"serve"}, map[string]string{"HEALTHQA_LOG_LEVEL": "loud"}, exitUsage, "", "log-level", ""},
		{"bad stale period", []string{"serve", "--stale-after", "12h", "--db", db}, nil, exitUsage, "", `--stale-after: stale period "12h": at least one day`, ""},
		{"missing LiveQA questions", []string{"eval", "liveqa", "--db", filled, "--questions", "/nonexistent.xml"}, nil, exitFailure, "", "reading the LiveQA questions (--questions): open /nonexistent.xml", ""},
		{"missing archive", []string{"import", "medquad", "/nonexistent.zip", "--db", db}, nil, exitFailure, "", "nonexistent.zip", ""},
		{"one question, singular", []string{"topics", "--db", filled}, nil, exitOK, "\t2 questions\t", "", "1 questions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			r := cli(t, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stdout, tc.inStdout) || !strings.Contains(r.stderr, tc.inStderr) ||
				tc.notStdout != "" && strings.Contains(r.stdout, tc.notStdout) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
		})
	}
}

// medquadZip finds the shared MedQuAD archive beside the checkout, where
// CI puts it; tests that need it skip when it is absent.
func medquadZip(t *testing.T) string {
	t.Helper()
	devdata.SkipShort(t, "a full MedQuAD import")
	return devdata.MedQuADZip(t)
}

func importJSON(t *testing.T, args ...string) (ingest.Summary, result) {
	t.Helper()
	r := cli(t, append([]string{"import", "--json"}, args...)...)
	var sum ingest.Summary
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("import printed no JSON summary (exit %d): %v\n%s", r.code, err, r.stderr)
	}
	return sum, r
}

// The full dataset, through the command line: the counts the data's
// README gives, the restless legs page, and a re-import that changes
// nothing.
func TestImportFullMedQuAD(t *testing.T) {
	zipPath := medquadZip(t)
	db := testdb.DSN(t)
	sum, r := importJSON(t, "medquad", zipPath, "--db", db)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := store.Stats{Sources: 12, Entries: 47423, Answers: 47457, AnswersWithText: 16423, EntriesWithText: 16389,
		Topics: sum.Stats.Topics, Questions: sum.Stats.Questions, MultiSourceQuestions: sum.Stats.MultiSourceQuestions,
		Digests: sum.Digests}
	if sum.Stats != want || sum.Files != 11274 || len(sum.Skipped) != 0 {
		t.Errorf("stats %+v, %d files, skipped %v", sum.Stats, sum.Files, sum.Skipped)
	}
	// The real data's links are all http(s) on their source's domains,
	// and nothing is past a limit: no warning, no skipped entry.
	if len(sum.Corpus.Warnings) != 0 || sum.Corpus.ForeignURLs.Count != 0 || len(sum.Corpus.Skipped) != 0 {
		t.Errorf("warnings %q, foreign links %+v, skipped entries %q", sum.Corpus.Warnings, sum.Corpus.ForeignURLs, sum.Corpus.Skipped)
	}

	var topics []store.TopicSummary
	r = cli(t, "topics", "--json", "--db", db)
	if err := json.Unmarshal([]byte(r.stdout), &topics); err != nil {
		t.Fatal(err)
	}
	rls := findTopic(topics, "restless-legs-syndrome")
	for _, src := range []string{"NINDS", "GHR", "GARD", "NHLBI", "MPlusHealthTopics"} {
		if rls == nil || !slices.Contains(rls.Sources, src) {
			t.Errorf("restless legs syndrome lacks source %s: %+v", src, rls)
		}
	}
	meniere, gum := findTopic(topics, "menieres-disease"), findTopic(topics, "gum-periodontal-disease")
	if meniere == nil || gum == nil || meniere.Slug == gum.Slug {
		t.Errorf("Ménière's disease and gum disease must be two topics: %+v %+v", meniere, gum)
	}

	st := testdb.Reopen(t, db)
	_, answers, err := st.Question(context.Background(), "what-is-restless-legs-syndrome")
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, a := range answers {
		sources = append(sources, a.SourceKey)
	}
	for _, src := range []string{"NINDS", "GHR", "GARD", "NHLBI", "MPlusHealthTopics"} {
		if !slices.Contains(sources, src) {
			t.Errorf("'What is restless legs syndrome?' has no answer from %s (has %v)", src, sources)
		}
	}

	again, _ := importJSON(t, "medquad", zipPath, "--db", db)
	if again.Stats != sum.Stats || again.Changes.Answers.Changed() || again.Changes.Questions.Changed() || again.Changes.Topics.Changed() {
		t.Errorf("second import changed something: %+v", again.Changes)
	}
}

func findTopic(topics []store.TopicSummary, slug string) *store.TopicSummary {
	for i := range topics {
		if topics[i].Slug == slug {
			return &topics[i]
		}
	}
	return nil
}

// A copy of the archive with one file cut in half imports everything
// else, names the broken file and exits 3.
func TestImportZipWithTruncatedFile(t *testing.T) {
	zipPath := medquadZip(t)
	const victim = "MedQuAD-master/6_NINDS_QA/0000246.xml"
	broken := filepath.Join(t.TempDir(), "broken.zip")
	rewriteZip(t, zipPath, broken, func(name string, b []byte) []byte {
		if name == victim {
			return b[:len(b)/2]
		}
		return b
	})
	sum, r := importJSON(t, "medquad", broken, "--db", testdb.DSN(t))
	if r.code != exitSkipped {
		t.Errorf("exit %d, want %d", r.code, exitSkipped)
	}
	if len(sum.Skipped) != 1 || sum.Skipped[0].Path != "6_NINDS_QA/0000246.xml" {
		t.Errorf("skipped = %+v", sum.Skipped)
	}
	if sum.Files != 11274 || sum.Stats.Answers != 47457-4 {
		t.Errorf("files %d, answers %d; want 11274 and all but the broken file's 4", sum.Files, sum.Stats.Answers)
	}
}

func rewriteZip(t *testing.T, src, dst string, change func(string, []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(change(f.Name, b))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

// An import killed with SIGKILL at any moment leaves the database as it
// was before (here: holding the small fixture) or as after, never half;
// the next import completes with the counts of a clean one.
func TestImportKilledMidwayLeavesDatabaseWhole(t *testing.T) {
	zipPath := medquadZip(t)
	clean, _ := importJSON(t, "medquad", zipPath, "--db", testdb.DSN(t))
	before, _ := importJSON(t, "medquad", fixture, "--db", testdb.DSN(t))
	for _, delay := range []time.Duration{300 * time.Millisecond, 900 * time.Millisecond, 1500 * time.Millisecond, 2200 * time.Millisecond} {
		t.Run(delay.String(), func(t *testing.T) {
			db := testdb.DSN(t)
			if _, r := importJSON(t, "medquad", fixture, "--db", db); r.code != exitOK {
				t.Fatalf("fixture import: exit %d", r.code)
			}
			cmd := exec.Command(os.Args[0], "import", "medquad", zipPath, "--db", db)
			cmd.Env = append(os.Environ(), "HEALTHQA_TEST_MAIN=1")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(delay)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()

			got := stats(t, db)
			if got != before.Stats && got != clean.Stats {
				t.Fatalf("after kill at %v: %+v; want the fixture's %+v or the full %+v", delay, got, before.Stats, clean.Stats)
			}
			after, r := importJSON(t, "medquad", zipPath, "--db", db)
			if r.code != exitOK || after.Stats != clean.Stats {
				t.Errorf("import after kill: exit %d, %+v; want %+v", r.code, after.Stats, clean.Stats)
			}
		})
	}
}

func stats(t *testing.T, db string) store.Stats {
	t.Helper()
	r := cli(t, "stats", "--json", "--db", db)
	var s store.Stats
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("stats: exit %d: %v\n%s", r.code, err, r.stderr)
	}
	return s
}

// Ask and eval over the full dataset, through the command line.
func TestAskAndEvalFullMedQuAD(t *testing.T) {
	zipPath := medquadZip(t)
	db := testdb.DSN(t)
	if _, r := importJSON(t, "medquad", zipPath, "--db", db); r.code != exitOK {
		t.Fatalf("import: exit %d", r.code)
	}
	// The causes page is among the ten, not necessarily first: with the
	// cross-validated defaults (type bonus 0.1) this narrative-heavy
	// message ranks it fifth (docs/BENCHMARKS.md, "Defaults from the
	// cross-validation's own choice").
	r := cli(t, "ask", "my mom has rls and takes benadryl to sleep, could that be making her legs worse??", "--db", db, "-n", "10")
	if r.code != exitOK || !strings.Contains(r.stdout, "Answers about: Restless legs syndrome · Causes") || !strings.Contains(r.stdout, "/q/what-causes-restless-legs-syndrome") {
		t.Errorf("ask: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = cli(t, "digest", "/q/what-is-restless-legs-syndrome", "--db", db, "--json")
	var d struct {
		Points []struct {
			Sources []string `json:"sources"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil || len(d.Points) == 0 || len(d.Points[0].Sources) < 2 {
		t.Errorf("digest: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if r := cli(t, "digest", "no-such-question", "--db", db); r.code != exitFailure || !strings.Contains(r.stderr, "no question no-such-question") {
		t.Errorf("digest of an unknown question: exit %d, %s", r.code, r.stderr)
	}
	data := filepath.Dir(filepath.Dir(zipPath)) + "/data/liveqa/"
	run := filepath.Join(t.TempDir(), "run.txt")
	r = cli(t, "eval", "liveqa", "--db", db, "--engine", "healthqa", "--questions", data+"dev-questions.xml", "--qrels", data+"dev-qrels.txt", "--run", run, "--json")
	var reports []struct {
		Engine  string `json:"engine"`
		Metrics struct {
			AvgScore float64 `json:"avg_score"`
			MAP2     float64 `json:"map10_grade2"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &reports); err != nil || len(reports) != 1 {
		t.Fatalf("eval: exit %d, %v\n%s", r.code, err, r.stderr)
	}
	if m := reports[0].Metrics; m.AvgScore <= 0 || m.AvgScore > 3 || m.MAP2 <= 0 || m.MAP2 > 1 {
		t.Errorf("eval metrics out of range: %+v", m)
	}
	b, err := os.ReadFile(run)
	if err != nil || !strings.Contains(string(b), " Q0 ") || strings.Count(string(b), "\n") < 51 {
		t.Errorf("run file: %v\n%.300s", err, b)
	}
	if r := cli(t, "eval", "liveqa", "--db", db, "--engine", "lucene"); r.code != exitUsage {
		t.Errorf("unknown engine: exit %d", r.code)
	}
}
