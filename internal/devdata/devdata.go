// Package devdata finds the development data that sits beside the
// checkout, ../shared/data (the MedQuAD archive, the LiveQA and digest
// dev splits), for tests and benchmarks, which skip with a message when it
// is absent: the product itself never reads it.
//
// It is also the one home of the rule for tests that cannot run: they
// skip locally, but under CI (CI=true) they fail with the same message,
// so `go test ./...` in CI cannot pass while hiding a test.
package devdata

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// CI reports whether the environment variable CI is true, as CI services
// set it and .ci/run exports it.
func CI() bool {
	ci, _ := strconv.ParseBool(os.Getenv("CI"))
	return ci
}

// Skip skips the test with the message, or fails it under CI.
func Skip(tb testing.TB, args ...any) {
	tb.Helper()
	if CI() {
		tb.Fatal(args...)
		return // only a fake TB's Fatal returns
	}
	tb.Skip(args...)
}

// SkipShort skips the test under -short, saying why it is slow. Under CI
// a -short run fails it instead: .ci/run never passes -short, and a CI
// that did would hide the tests on the full data.
func SkipShort(tb testing.TB, why string) {
	tb.Helper()
	if testing.Short() {
		Skip(tb, "skipped in -short mode: "+why)
	}
}

var errNoData = errors.New("../shared/data/MedQuAD-master.zip not found beside the checkout: skipping a test on the full data")

// Lookup returns the shared data folder: ../shared/data from the working
// directory or any folder above it (CI puts shared/ beside the
// checkout). Benchmarks that fall back to smaller data use it; tests use
// Dir.
func Lookup() (string, error) {
	dir, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "..", "shared", "data")
		if _, err := os.Stat(filepath.Join(p, "MedQuAD-master.zip")); err == nil {
			return p, nil
		}
	}
	return "", errNoData
}

// Dir returns the shared data folder as Lookup, and skips the test (fails
// it under CI) when there is none.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := Lookup()
	if err != nil {
		Skip(tb, err)
	}
	return dir
}

// MedQuADZip returns the path of the MedQuAD archive, skipping as Dir.
func MedQuADZip(tb testing.TB) string {
	tb.Helper()
	return File(tb, "MedQuAD-master.zip")
}

// File returns the path of a file of the shared data folder (rel in
// slash form), skipping as Dir when the folder or the file is absent.
func File(tb testing.TB, rel string) string {
	tb.Helper()
	dir := Dir(tb)
	if dir == "" {
		return "" // a fake TB's Skip returns
	}
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(name); err != nil {
		Skip(tb, "../shared/data/"+rel+" not found beside the checkout: skipping a test on the dev data")
	}
	return name
}
