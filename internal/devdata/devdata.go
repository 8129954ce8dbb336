// Package devdata finds the development data that sits beside the
// checkout, ../shared/data (the MedQuAD archive, the LiveQA and digest
// dev splits), for tests and benchmarks, which skip with a message when it
// is absent: the product itself never reads it.
package devdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data folder: ../shared/data from the working
// directory or any folder above it (CI puts shared/ beside the
// checkout). It skips the test when there is none.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		tb.Fatal(err)
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "..", "shared", "data")
		if _, err := os.Stat(filepath.Join(p, "MedQuAD-master.zip")); err == nil {
			return p
		}
	}
	tb.Skip("../shared/data/MedQuAD-master.zip not found beside the checkout: skipping a test on the full data")
	return ""
}

// MedQuADZip returns the path of the MedQuAD archive, skipping as Dir.
func MedQuADZip(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(Dir(tb), "MedQuAD-master.zip")
}
