package medquad

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"healthqa/internal/devdata"
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

// The entry count is checked from the zip's directory before Go's zip
// reader, which keeps every entry in memory, reads it: refusing a zip of
// many entries costs a few kilobytes, not memory in proportion to them.
func TestOpenCountsEntriesBeforeReadingThem(t *testing.T) {
	many := make([]medquadtest.File, 4*MaxEntries)
	for i := range many {
		many[i] = medquadtest.File{Name: fmt.Sprintf("m/%07d", i)}
	}
	name := writeHostileZip(t, many)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	a, err := Open(name)
	runtime.ReadMemStats(&after)
	if err == nil {
		a.Close()
		t.Fatal("Open succeeded, want the archive refused")
	}
	if !strings.Contains(err.Error(), fmt.Sprint(MaxEntries)) {
		t.Errorf("error %q does not give the limit", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing %d entries allocated %d bytes, want under 1 MiB", len(many), alloc)
	}
}

// zipEntries counts what Go's zip reader finds, in the plain and the
// zip64 directory forms (more than 65,535 entries make Go write zip64).
func TestZipEntriesCountsLikeZipReader(t *testing.T) {
	zip64 := make([]medquadtest.File, 70_000)
	for i := range zip64 {
		zip64[i] = medquadtest.File{Name: fmt.Sprintf("m/%07d", i)}
	}
	zips := map[string]string{
		"mini":  writeZip(t, zipTree(miniTree(t), "MedQuAD-master/", zip.Deflate)),
		"zip64": writeHostileZip(t, zip64),
	}
	if !testing.Short() {
		zips["release"] = devdata.MedQuADZip(t)
	}
	for name, path := range zips {
		t.Run(name, func(t *testing.T) {
			zr, err := zip.OpenReader(path)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			if n, ok := zipEntries(path, 1<<30); !ok || n != len(zr.File) {
				t.Errorf("zipEntries = %d, %v; the zip reader finds %d", n, ok, len(zr.File))
			}
		})
	}
}
