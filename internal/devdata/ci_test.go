package devdata

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// fakeTB records whether a test was skipped or failed, and with what.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Skip(args ...any)  { f.skipped = fmt.Sprint(args...) }
func (f *fakeTB) Fatal(args ...any) { f.failed = fmt.Sprint(args...) }

func TestSkipFailsUnderCI(t *testing.T) {
	tests := []struct {
		ci       string
		wantFail bool
	}{
		{"", false},
		{"false", false},
		{"0", false},
		{"true", true},
		{"1", true},
		{"TRUE", true},
	}
	for _, tc := range tests {
		t.Run("CI="+tc.ci, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			tb := &fakeTB{}
			Skip(tb, "no chromium")
			got, other := tb.skipped, tb.failed
			if tc.wantFail {
				got, other = tb.failed, tb.skipped
			}
			if got != "no chromium" || other != "" {
				t.Errorf("skipped %q, failed %q; want only %s with the message", tb.skipped, tb.failed, map[bool]string{true: "a failure", false: "a skip"}[tc.wantFail])
			}
		})
	}
}

func TestDirWithoutDataSkipsOrFailsUnderCI(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			t.Chdir(t.TempDir())
			tb := &fakeTB{}
			if got := MedQuADZip(tb); got != "" {
				t.Errorf("MedQuADZip = %q without data", got)
			}
			msg := tb.skipped
			if ci == "true" {
				msg = tb.failed
			}
			if !strings.Contains(msg, "MedQuAD-master.zip not found") {
				t.Errorf("skipped %q, failed %q", tb.skipped, tb.failed)
			}
		})
	}
}

// TestCIRunFailsWhatWouldSkip runs real `go test` processes (this test
// binary, on the helper test below) the way CI and a developer do, and
// checks the outcome a CI log shows: FAIL under CI=true, SKIP otherwise.
func TestCIRunFailsWhatWouldSkip(t *testing.T) {
	tests := []struct {
		name, helper, ci string
		short            bool
		want             string
	}{
		{"no data, local", "dir", "", false, "--- SKIP"},
		{"no data, CI", "dir", "true", false, "--- FAIL"},
		{"short, local", "short", "", true, "--- SKIP"},
		{"short, CI", "short", "true", true, "--- FAIL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-test.run=^TestHelperNeedsData$", "-test.v"}
			if tc.short {
				args = append(args, "-test.short")
			}
			cmd := exec.Command(os.Args[0], args...)
			cmd.Dir = t.TempDir() // no ../shared/data above it
			cmd.Env = append(os.Environ(), "HEALTHQA_DEVDATA_HELPER="+tc.helper, "CI="+tc.ci)
			out, err := cmd.CombinedOutput()
			if !strings.Contains(string(out), tc.want) || (err != nil) != (tc.want == "--- FAIL") {
				t.Errorf("want %s; exit %v, output:\n%s", tc.want, err, out)
			}
		})
	}
}

// TestHelperNeedsData is the test TestCIRunFailsWhatWouldSkip runs in a
// subprocess; on its own it does nothing.
func TestHelperNeedsData(t *testing.T) {
	switch os.Getenv("HEALTHQA_DEVDATA_HELPER") {
	case "dir":
		Dir(t)
	case "short":
		SkipShort(t, "reads the whole release")
	}
}
