package medquad

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Archive is a MedQuAD release, zipped or unpacked, seen as its XML files.
type Archive struct {
	Files  []File // sorted by Path
	closer io.Closer
}

// File is one XML file of an archive.
type File struct {
	// Path is the file's folder and name, "6_NINDS_QA/0000246.xml",
	// whatever folder the archive was unpacked into: it names the file in
	// reports and in the fingerprint.
	Path string
	Size int64
	open func() (io.ReadCloser, error)
}

// Open opens the document for reading. It yields at most Size bytes:
// headers can lie, and a file that holds more is an error.
func (f File) Open() (io.ReadCloser, error) {
	rc, err := f.open()
	if err != nil {
		return nil, err
	}
	return &declaredReader{rc: rc, left: f.Size, size: f.Size}, nil
}

// declaredReader ends a file at the size its entry declared, so that the
// archive's total, checked when it is opened, holds for what is read.
type declaredReader struct {
	rc   io.ReadCloser
	left int64
	size int64
}

func (r *declaredReader) Read(b []byte) (int, error) {
	if int64(len(b)) > r.left+1 {
		b = b[:r.left+1]
	}
	n, err := r.rc.Read(b)
	if int64(n) > r.left {
		n, r.left = int(r.left), 0
		return n, fmt.Errorf("the file holds more than the %d bytes its entry declares", r.size)
	}
	r.left -= int64(n)
	return n, err
}

func (r *declaredReader) Close() error { return r.rc.Close() }

// Open opens a zip archive or an unpacked folder of MedQuAD.
func Open(name string) (*Archive, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	var a *Archive
	if info.IsDir() {
		a, err = openDir(name)
	} else {
		a, err = openZip(name)
	}
	if err != nil {
		return nil, err
	}
	if len(a.Files) == 0 {
		a.Close()
		return nil, fmt.Errorf("%s: no MedQuAD XML files found", name)
	}
	return a, nil
}

// Close releases the archive.
func (a *Archive) Close() error {
	if a.closer == nil {
		return nil
	}
	return a.closer.Close()
}

func openZip(name string) (*Archive, error) {
	if n, ok := zipEntries(name, MaxEntries); ok && n > MaxEntries {
		return nil, fmt.Errorf("%s: holds more than the %d entries a MedQuAD archive may have", name, MaxEntries)
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable zip archive: %w", name, err)
	}
	a := &Archive{closer: zr}
	if len(zr.File) > MaxEntries {
		zr.Close()
		return nil, fmt.Errorf("%s: holds %d entries, more than the %d a MedQuAD archive may have", name, len(zr.File), MaxEntries)
	}
	var total uint64
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() || !isDocument(zf.Name) {
			continue
		}
		total = addSaturating(total, zf.UncompressedSize64)
		size := int64(min(zf.UncompressedSize64, MaxTotalSize+1))
		a.Files = append(a.Files, File{Path: shortPath(zf.Name), Size: size, open: zf.Open})
	}
	if err := checkTotal(name, total); err != nil {
		zr.Close()
		return nil, err
	}
	return a, a.finish(name)
}

// checkTotal refuses an archive whose XML files declare more than
// MaxTotalSize bytes together, before any is read: a zip bomb is a few
// hundred kilobytes that inflate to gigabytes.
func checkTotal(name string, total uint64) error {
	if total > MaxTotalSize {
		return fmt.Errorf("%s: holds %d bytes of XML, more than the %d-byte limit (MedQuAD holds about 36 MB)", name, total, MaxTotalSize)
	}
	return nil
}

func addSaturating(a, b uint64) uint64 {
	if a > math.MaxUint64-b {
		return math.MaxUint64
	}
	return a + b
}

func openDir(root string) (*Archive, error) {
	a := &Archive{}
	entries := 0
	var total uint64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entries++; entries > MaxEntries {
			return fmt.Errorf("%s: holds more than the %d entries a MedQuAD folder may have", root, MaxEntries)
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() || !isDocument(filepath.ToSlash(rel)) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total = addSaturating(total, uint64(max(info.Size(), 0)))
		a.Files = append(a.Files, File{
			Path: shortPath(filepath.ToSlash(rel)),
			Size: info.Size(),
			open: func() (io.ReadCloser, error) { return os.Open(p) },
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := checkTotal(root, total); err != nil {
		return nil, err
	}
	return a, a.finish(root)
}

// finish sorts the files and refuses an archive in which two files would
// share a short path, since reports and fingerprints could not tell them
// apart.
func (a *Archive) finish(name string) error {
	sort.Slice(a.Files, func(i, j int) bool { return a.Files[i].Path < a.Files[j].Path })
	for i := 1; i < len(a.Files); i++ {
		if a.Files[i].Path == a.Files[i-1].Path {
			a.Close()
			return fmt.Errorf("%s: two files at %s", name, a.Files[i].Path)
		}
	}
	return nil
}

func isDocument(p string) bool {
	base := path.Base(filepath.ToSlash(p))
	if strings.HasPrefix(base, "._") || strings.Contains(p, "__MACOSX") {
		return false
	}
	return strings.EqualFold(path.Ext(base), ".xml")
}

// shortPath keeps the last folder and the file name: MedQuAD keeps each
// source's files in one folder, and the folders above it depend on how
// the archive was made or unpacked.
func shortPath(p string) string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	return strings.Join(parts, "/")
}

// Fingerprint is the SHA-256 over the archive's XML files, in path order,
// each as its path and content with their lengths. It identifies a
// release whatever the zip packaging (order, compression, timestamps, top
// folder).
func (a *Archive) Fingerprint() (string, error) {
	h := sha256.New()
	for _, f := range a.Files {
		if err := hashFile(h, f); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(w io.Writer, f File) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	defer rc.Close()
	writeLen(w, int64(len(f.Path)))
	io.WriteString(w, f.Path)
	writeLen(w, f.Size)
	n, err := io.Copy(w, rc)
	if err != nil {
		return fmt.Errorf("%s: %w", f.Path, err)
	}
	if n != f.Size {
		return fmt.Errorf("%s: read %d bytes, expected %d", f.Path, n, f.Size)
	}
	return nil
}

func writeLen(w io.Writer, n int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	w.Write(b[:])
}

// Verify checks that the archive at name has the given fingerprint.
func Verify(name, want string) error {
	a, err := Open(name)
	if err != nil {
		return err
	}
	defer a.Close()
	got, err := a.Fingerprint()
	if err != nil {
		return err
	}
	if got != want {
		return errors.New("content fingerprint " + got + " does not match the expected " + want)
	}
	return nil
}

// The default data: MedQuAD at a fixed commit of its public repository,
// and the fingerprint of that release's XML files (computed from the
// archive shipped beside the project; see Fingerprint).
const (
	ReleaseURL         = "https://github.com/abachaa/MedQuAD/archive/577bd37b96c02d1833b2c9eed2de9f96964e96cb.zip"
	ReleaseFingerprint = "c24784d1f0948d35c30e5b6066f6a6c90e406a537fadabcf237410fc7a68c3b8"
)
