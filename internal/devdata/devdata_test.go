package devdata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirFindsTheArchiveAboveTheWorkingDirectory(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "shared", "data")
	deep := filepath.Join(root, "checkout", "internal", "pkg")
	for _, d := range []string{data, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(data, "MedQuAD-master.zip"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	if got := MedQuADZip(t); got != filepath.Join(data, "MedQuAD-master.zip") {
		t.Errorf("MedQuADZip = %s", got)
	}
}
