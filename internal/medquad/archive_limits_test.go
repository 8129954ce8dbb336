package medquad

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/medquad/medquadtest"
)

func writeHostileZip(t testing.TB, files []medquadtest.File) string {
	t.Helper()
	var buf bytes.Buffer
	if err := medquadtest.WriteZip(&buf, files); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "hostile.zip")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// An archive whose XML adds up to more than MaxTotalSize, or that holds
// more than MaxEntries entries, is refused before any file is read.
func TestOpenRefusesOversizedArchives(t *testing.T) {
	doc := medquadtest.Document("A disorder.")
	many := make([]medquadtest.File, MaxEntries+1)
	for i := range many {
		many[i] = medquadtest.File{Name: fmt.Sprintf("MedQuAD-master/x/%06d.txt", i), Data: doc}
	}
	sparse := t.TempDir()
	for i := range 3 {
		p := filepath.Join(sparse, "6_NINDS_QA", fmt.Sprintf("%07d.xml", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, doc, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, MaxTotalSize/2); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"zip bomb: 3 × 64 MiB of white space", writeHostileZip(t, medquadtest.Bomb(3, 64<<20)), []string{"201326592 bytes of XML", fmt.Sprint(MaxTotalSize)}},
		{"40 answers of 15.5 MB", writeHostileZip(t, medquadtest.BigAnswers(40, 15_500_000)), []string{"bytes of XML", fmt.Sprint(MaxTotalSize)}},
		{"headers declaring 1 TB", writeHostileZip(t, []medquadtest.File{{Name: "a/b.xml", Data: doc, Declared: 1 << 40}}), []string{"1099511627776 bytes of XML"}},
		{"too many zip entries", writeHostileZip(t, many), []string{"more than", fmt.Sprint(MaxEntries), "entries"}},
		{"folder of large files", sparse, []string{"bytes of XML", fmt.Sprint(MaxTotalSize)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Open(tt.path)
			if err == nil {
				a.Close()
				t.Fatalf("Open succeeded with %d files, want an error", len(a.Files))
			}
			msg := err.Error()
			for _, w := range append(tt.want, tt.path) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
		})
	}
}

// Headers can lie: a file yields no more bytes than its entry declared,
// and reading more is an error (Parse names the file).
func TestFileReadsNoMoreThanDeclared(t *testing.T) {
	doc := medquadtest.Document(strings.Repeat("a", 1<<20))
	lying := openArchive(t, writeHostileZip(t, []medquadtest.File{{Name: "m/6_NINDS_QA/0000001.xml", Data: doc, Declared: 1000}}))

	dir := writeTree(t, map[string][]byte{"6_NINDS_QA/0000001.xml": medquadtest.Document("short")})
	growing := openArchive(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "6_NINDS_QA", "0000001.xml"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, a := range map[string]*Archive{"zip with a lying header": lying, "folder file grown after Open": growing} {
		t.Run(name, func(t *testing.T) {
			f := a.Files[0]
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			n, err := io.Copy(io.Discard, rc)
			if err == nil {
				t.Fatalf("read %d bytes of a file declared as %d without an error", n, f.Size)
			}
			if n > f.Size {
				t.Errorf("read %d bytes, more than the declared %d", n, f.Size)
			}
		})
	}
}
