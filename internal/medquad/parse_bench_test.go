package medquad

import (
	"bytes"
	"io"
	"testing"

	"healthqa/internal/devdata"
)

// BenchmarkParseRelease parses every file of the real release from
// memory: the reader's share of an import, limits and stripping
// included. Skipped without the shared data.
func BenchmarkParseRelease(b *testing.B) {
	a, err := Open(devdata.MedQuADZip(b))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	var files [][]byte
	var paths []string
	total := 0
	for _, f := range a.Files {
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			b.Fatal(err)
		}
		files, paths, total = append(files, data), append(paths, f.Path), total+len(data)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for range b.N {
		for i, data := range files {
			if _, err := Parse(bytes.NewReader(data), paths[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
