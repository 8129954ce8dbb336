package medquad

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// miniPaths are the XML files of testdata/MedQuAD-mini, in the order and
// short form Archive.Files uses.
var miniPaths = []string{
	"10_MPlus_ADAM_QA/0002866.xml",
	"4_MPlus_Health_Topics_QA/0000001.xml",
	"6_NINDS_QA/0000007.xml",
	"6_NINDS_QA/0000246.xml",
	"9_CDC_QA/0000199.xml",
	"9_CDC_QA/0000397.xml",
}

// miniTree returns every file of testdata/MedQuAD-mini by slash path,
// the non-XML readme included.
func miniTree(t testing.TB) map[string][]byte {
	t.Helper()
	tree := map[string][]byte{}
	err := filepath.WalkDir(mini, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(mini, p)
		if err != nil {
			return err
		}
		tree[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(tree) != len(miniPaths)+1 {
		t.Fatalf("testdata/MedQuAD-mini holds %d files, want %d XML and a readme", len(tree), len(miniPaths))
	}
	return tree
}

// writeTree writes files (slash paths) under a new temporary folder.
func writeTree(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type zipEntry struct {
	name   string // a trailing slash makes a folder entry
	data   []byte
	method uint16
	mtime  time.Time
}

// writeZip writes the entries, in their order, to a new zip file.
func writeZip(t testing.TB, entries []zipEntry) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "medquad.zip")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		mtime := e.mtime
		if mtime.IsZero() {
			mtime = time.Date(2019, 5, 14, 12, 0, 0, 0, time.UTC)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method, Modified: mtime})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

// zipTree lays files out under top, sorted by name, compressed with method.
func zipTree(files map[string][]byte, top string, method uint16) []zipEntry {
	var entries []zipEntry
	for _, name := range slices.Sorted(maps.Keys(files)) {
		entries = append(entries, zipEntry{name: top + name, data: files[name], method: method})
	}
	return entries
}

func openArchive(t testing.TB, name string) *Archive {
	t.Helper()
	a, err := Open(name)
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func fingerprint(t testing.TB, a *Archive) string {
	t.Helper()
	fp, err := a.Fingerprint()
	if err != nil {
		t.Fatalf("Fingerprint: %v", err)
	}
	if len(fp) != 64 {
		t.Fatalf("Fingerprint = %q, want 64 hex digits", fp)
	}
	return fp
}

func filePaths(a *Archive) []string {
	var paths []string
	for _, f := range a.Files {
		paths = append(paths, f.Path)
	}
	return paths
}

// checkContents checks that the archive lists exactly the mini XML files
// and that each opens to its fixture's bytes, with its size.
func checkContents(t *testing.T, a *Archive, tree map[string][]byte) {
	t.Helper()
	if got := filePaths(a); !slices.Equal(got, miniPaths) {
		t.Fatalf("Files:\n got %q\nwant %q", got, miniPaths)
	}
	for _, f := range a.Files {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: Open: %v", f.Path, err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: read: %v", f.Path, err)
		}
		want := tree[f.Path]
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes that differ from the fixture's %d", f.Path, len(got), len(want))
		}
		if f.Size != int64(len(want)) {
			t.Errorf("%s: Size = %d, want %d", f.Path, f.Size, len(want))
		}
	}
}

func TestOpenFolder(t *testing.T) {
	tree := miniTree(t)
	a := openArchive(t, mini)
	checkContents(t, a, tree)
	for _, f := range a.Files {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse(rc, f.Path)
		rc.Close()
		if err != nil {
			t.Errorf("Parse: %v", err)
		}
	}
}

// appleDouble is the resource-fork stub macOS zips carry beside each file.
var appleDouble = []byte("\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02")

// TestOpenZipMatchesFolder packs the same files in differently made zips:
// each must list the same short paths and have the folder's fingerprint.
func TestOpenZipMatchesFolder(t *testing.T) {
	tree := miniTree(t)
	want := fingerprint(t, openArchive(t, mini))

	shuffled := func(top string) []zipEntry {
		entries := zipTree(tree, top, zip.Deflate)
		// A fixed permutation: reversed, then halves swapped.
		slices.Reverse(entries)
		entries = append(entries[len(entries)/2:], entries[:len(entries)/2]...)
		for i := range entries {
			if i%2 == 0 {
				entries[i].method = zip.Store
			}
			entries[i].mtime = time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.Local)
		}
		return entries
	}
	tests := []struct {
		name    string
		entries []zipEntry
	}{{
		name: "GitHub archive layout, other top folder, deflated, with folder entries",
		entries: append([]zipEntry{
			{name: "MedQuAD-577bd37b96c02d1833b2c9eed2de9f96964e96cb/"},
			{name: "MedQuAD-577bd37b96c02d1833b2c9eed2de9f96964e96cb/6_NINDS_QA/"},
		}, zipTree(tree, "MedQuAD-577bd37b96c02d1833b2c9eed2de9f96964e96cb/", zip.Deflate)...),
	}, {
		name:    "no top folder, stored",
		entries: zipTree(tree, "", zip.Store),
	}, {
		name:    "deeper top folder, mixed compression, shuffled order and times",
		entries: shuffled("Downloads/MedQuAD-master/"),
	}, {
		name: "macOS junk and non-XML files beside the documents",
		entries: append(zipTree(tree, "MedQuAD-master/", zip.Deflate),
			zipEntry{name: "__MACOSX/MedQuAD-master/6_NINDS_QA/._0000246.xml", data: appleDouble},
			zipEntry{name: "__MACOSX/MedQuAD-master/._6_NINDS_QA", data: appleDouble},
			zipEntry{name: "__MACOSX/MedQuAD-master/6_NINDS_QA/0000999.xml", data: appleDouble},
			zipEntry{name: "MedQuAD-master/9_CDC_QA/._0000397.xml", data: appleDouble},
			zipEntry{name: "MedQuAD-master/LICENSE.txt", data: []byte("CC BY 4.0")},
			zipEntry{name: "MedQuAD-master/QA-TestSet-LiveQA-Med-Qrels-2479-Answers.zip", data: []byte("PK\x05\x06")},
			zipEntry{name: "MedQuAD-master/6_NINDS_QA/0000246.xml.bak", data: tree["6_NINDS_QA/0000246.xml"]},
			zipEntry{name: "MedQuAD-master/6_NINDS_QA/0000246.xsd", data: []byte("<xs:schema/>")},
		),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := openArchive(t, writeZip(t, tt.entries))
			checkContents(t, a, tree)
			if got := fingerprint(t, a); got != want {
				t.Errorf("Fingerprint = %s, want the folder's %s", got, want)
			}
		})
	}
}

func TestOpenFolderIgnoresJunk(t *testing.T) {
	tree := miniTree(t)
	want := fingerprint(t, openArchive(t, mini))

	junk := maps.Clone(tree)
	junk["__MACOSX/6_NINDS_QA/._0000246.xml"] = appleDouble
	junk["6_NINDS_QA/._0000246.xml"] = appleDouble
	junk["__MACOSX/6_NINDS_QA/0000999.xml"] = appleDouble
	junk[".DS_Store"] = []byte("Bud1")
	junk["6_NINDS_QA/notes.txt"] = []byte("to do")
	a := openArchive(t, writeTree(t, junk))
	checkContents(t, a, tree)
	if got := fingerprint(t, a); got != want {
		t.Errorf("Fingerprint = %s, want %s", got, want)
	}

	// The same files one folder deeper, as unzipping MedQuAD-master.zip
	// leaves them.
	nested := map[string][]byte{}
	for name, data := range tree {
		nested["MedQuAD-master/"+name] = data
	}
	a = openArchive(t, writeTree(t, nested))
	checkContents(t, a, tree)
	if got := fingerprint(t, a); got != want {
		t.Errorf("one folder deeper: Fingerprint = %s, want %s", got, want)
	}
}

// TestFingerprintFormat recomputes the fingerprint as documented: SHA-256
// over the files in path order, each as its path and content, each
// preceded by its length as a big-endian uint64.
func TestFingerprintFormat(t *testing.T) {
	tree := miniTree(t)
	h := sha256.New()
	for _, p := range miniPaths {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
		binary.BigEndian.PutUint64(n[:], uint64(len(tree[p])))
		h.Write(n[:])
		h.Write(tree[p])
	}
	want := hex.EncodeToString(h.Sum(nil))
	if got := fingerprint(t, openArchive(t, mini)); got != want {
		t.Errorf("Fingerprint = %s, want %s", got, want)
	}
}

// TestFingerprintChanges checks that any change to the release's XML
// files, their content or their names, changes the fingerprint.
func TestFingerprintChanges(t *testing.T) {
	tree := miniTree(t)
	base := fingerprint(t, openArchive(t, mini))

	const victim = "6_NINDS_QA/0000246.xml"
	edit := func(f func(m map[string][]byte)) map[string][]byte {
		m := maps.Clone(tree)
		f(m)
		return m
	}
	flipped := func() []byte {
		b := bytes.Clone(tree[victim])
		i := bytes.Index(b, []byte("Restless")) // same size, one letter
		b[i] = 'r'
		return b
	}
	tests := []struct {
		name string
		tree map[string][]byte
	}{
		{"one byte changed", edit(func(m map[string][]byte) { m[victim] = flipped() })},
		{"one byte appended", edit(func(m map[string][]byte) { m[victim] = append(bytes.Clone(m[victim]), '\n') })},
		{"file renamed", edit(func(m map[string][]byte) { m["6_NINDS_QA/0000247.xml"] = m[victim]; delete(m, victim) })},
		{"file moved to another folder", edit(func(m map[string][]byte) { m["5_NIDDK_QA/0000246.xml"] = m[victim]; delete(m, victim) })},
		{"file removed", edit(func(m map[string][]byte) { delete(m, victim) })},
		{"file added", edit(func(m map[string][]byte) { m["6_NINDS_QA/0000248.xml"] = m[victim] })},
		{"contents of two files swapped", edit(func(m map[string][]byte) {
			m["6_NINDS_QA/0000007.xml"], m[victim] = m[victim], m["6_NINDS_QA/0000007.xml"]
		})},
	}
	seen := map[string]string{base: "the fixtures"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fingerprint(t, openArchive(t, writeTree(t, tt.tree)))
			if prev, ok := seen[got]; ok {
				t.Errorf("Fingerprint %s is the same as for %s", got, prev)
			}
			seen[got] = tt.name
		})
	}

	t.Run("one byte changed in a zip", func(t *testing.T) {
		changed := edit(func(m map[string][]byte) { m[victim] = flipped() })
		got := fingerprint(t, openArchive(t, writeZip(t, zipTree(changed, "MedQuAD-master/", zip.Deflate))))
		if got == base {
			t.Errorf("Fingerprint unchanged: %s", got)
		}
	})
}

// TestFingerprintReadErrors checks that a file changed or removed after
// Open makes Fingerprint fail, naming the file.
func TestFingerprintReadErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(path string) error
	}{
		{"removed", os.Remove},
		{"grown", func(p string) error {
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			_, err = f.WriteString("\n")
			return errors.Join(err, f.Close())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, miniTree(t))
			a := openArchive(t, dir)
			if err := tt.change(filepath.Join(dir, "9_CDC_QA", "0000199.xml")); err != nil {
				t.Fatal(err)
			}
			fp, err := a.Fingerprint()
			if err == nil {
				t.Fatalf("Fingerprint = %s, want an error", fp)
			}
			if !strings.Contains(err.Error(), "9_CDC_QA/0000199.xml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	tree := miniTree(t)
	doc := tree["6_NINDS_QA/0000246.xml"]
	notZip := filepath.Join(t.TempDir(), "MedQuAD-master.zip")
	if err := os.WriteFile(notZip, []byte("<html>404 Not Found</html>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goodZip, err := os.ReadFile(writeZip(t, zipTree(tree, "MedQuAD-master/", zip.Deflate)))
	if err != nil {
		t.Fatal(err)
	}
	halfZip := filepath.Join(t.TempDir(), "half.zip")
	if err := os.WriteFile(halfZip, goodZip[:len(goodZip)/2], 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		path string
		want []string
		is   error
	}{
		{"missing path", filepath.Join(t.TempDir(), "nowhere.zip"), nil, fs.ErrNotExist},
		{"not a zip", notZip, []string{"not a readable zip archive"}, zip.ErrFormat},
		{"zip cut in half", halfZip, []string{"not a readable zip archive"}, zip.ErrFormat},
		{"empty folder", t.TempDir(), []string{"no MedQuAD XML files"}, nil},
		{"folder without XML", writeTree(t, map[string][]byte{"readme.txt": tree["readme.txt"], "__MACOSX/6_NINDS_QA/._0000246.xml": appleDouble}), []string{"no MedQuAD XML files"}, nil},
		{"empty zip", writeZip(t, nil), []string{"no MedQuAD XML files"}, nil},
		{"zip of folders and junk only", writeZip(t, []zipEntry{
			{name: "MedQuAD-master/"}, {name: "MedQuAD-master/6_NINDS_QA/"},
			{name: "MedQuAD-master/LICENSE.txt", data: []byte("CC BY 4.0")},
			{name: "__MACOSX/MedQuAD-master/6_NINDS_QA/._0000246.xml", data: appleDouble},
		}), []string{"no MedQuAD XML files"}, nil},
		{"zip with two files at one short path", writeZip(t, []zipEntry{
			{name: "MedQuAD-master/6_NINDS_QA/0000246.xml", data: doc},
			{name: "MedQuAD-copy/6_NINDS_QA/0000246.xml", data: doc},
		}), []string{"two files at 6_NINDS_QA/0000246.xml"}, nil},
		{"zip with one name twice", writeZip(t, []zipEntry{
			{name: "MedQuAD-master/6_NINDS_QA/0000246.xml", data: doc},
			{name: "MedQuAD-master/6_NINDS_QA/0000246.xml", data: doc},
		}), []string{"two files at 6_NINDS_QA/0000246.xml"}, nil},
		{"folder with two files at one short path", writeTree(t, map[string][]byte{
			"MedQuAD-master/6_NINDS_QA/0000246.xml":     doc,
			"old/MedQuAD-master/6_NINDS_QA/0000246.xml": doc,
		}), []string{"two files at 6_NINDS_QA/0000246.xml"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Open(tt.path)
			if err == nil {
				a.Close()
				t.Fatalf("Open succeeded with files %q, want an error", filePaths(a))
			}
			if a != nil {
				t.Errorf("Open returned an archive with its error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.path) {
				t.Errorf("error %q does not name %s", msg, tt.path)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", msg, tt.is)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	want := fingerprint(t, openArchive(t, mini))
	zipped := writeZip(t, zipTree(miniTree(t), "MedQuAD-master/", zip.Deflate))
	for _, name := range []string{mini, zipped} {
		if err := Verify(name, want); err != nil {
			t.Errorf("Verify(%s, its own fingerprint): %v", name, err)
		}
	}

	wrong := strings.Repeat("0", 64)
	err := Verify(zipped, wrong)
	if err == nil {
		t.Fatal("Verify with a wrong fingerprint succeeded")
	}
	for _, w := range []string{"does not match", want, wrong} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
	if err := Verify(filepath.Join(t.TempDir(), "missing.zip"), want); err == nil {
		t.Error("Verify of a missing archive succeeded")
	}
	if err := Verify(mini, ReleaseFingerprint); err == nil {
		t.Error("Verify of the fixtures against the release fingerprint succeeded")
	}
}

func TestClose(t *testing.T) {
	for _, name := range []string{mini, writeZip(t, zipTree(miniTree(t), "", zip.Deflate))} {
		a, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Close(); err != nil {
			t.Errorf("Close(%s): %v", name, err)
		}
	}
	if err := (&Archive{}).Close(); err != nil {
		t.Errorf("Close of an empty archive: %v", err)
	}
}
