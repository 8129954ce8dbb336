package medquad

import (
	"archive/zip"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzOpen feeds Open a zip archive of arbitrary bytes, as a user's
// --medquad file would be: it opens or refuses with an error naming the
// file, never panics; an opened archive lists XML files under short,
// sorted, distinct paths, and every file either parses or fails with its
// path. The seeds are the mini release zipped stored and deflated, and
// small archives of the shapes Open must tell apart.
func FuzzOpen(f *testing.F) {
	tree := miniTree(f)
	for _, method := range []uint16{zip.Store, zip.Deflate} {
		f.Add(zipBytes(f, zipTree(tree, "MedQuAD-master/", method)))
	}
	f.Add(zipBytes(f, []zipEntry{{name: "a/b/c/d.XML", data: []byte(`<Document source="CDC"/>`)}}))
	f.Add(zipBytes(f, []zipEntry{{name: "x/1.xml", data: []byte("<doc/>")}, {name: "y/x/1.xml", data: []byte("<doc/>")}}))
	f.Add(zipBytes(f, []zipEntry{{name: "__MACOSX/._1.xml"}, {name: "dir/"}, {name: "readme.txt"}}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte{})

	f.Fuzz(func(t *testing.T, data []byte) {
		name := filepath.Join(t.TempDir(), "medquad.zip")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := Open(name)
		if err != nil {
			checkRefusal(t, a != nil, err, name)
			return
		}
		defer a.Close()
		checkArchive(t, a)
		a.Fingerprint() // may fail on a corrupt member, must not panic
	})
}

// checkArchive checks the promises of an opened archive and parses each
// of its files.
func checkArchive(t *testing.T, a *Archive) {
	paths := filePaths(a)
	if len(paths) == 0 || !slices.IsSorted(paths) || len(slices.Compact(slices.Clone(paths))) != len(paths) {
		t.Fatalf("paths %q: want some, sorted and distinct", paths)
	}
	for _, f := range a.Files {
		if strings.Count(f.Path, "/") > 1 || !strings.EqualFold(path.Ext(f.Path), ".xml") {
			t.Errorf("path %q is not folder/file.xml", f.Path)
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		d, err := Parse(rc, f.Path)
		rc.Close()
		if err != nil {
			checkRefusal(t, d != nil, err, f.Path)
		}
		if err == nil && d.Path != f.Path {
			t.Errorf("Path = %q, want %q", d.Path, f.Path)
		}
	}
}

// zipBytes is writeZip's archive as bytes.
func zipBytes(t testing.TB, entries []zipEntry) []byte {
	t.Helper()
	b, err := os.ReadFile(writeZip(t, entries))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
