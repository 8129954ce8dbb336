package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// OpenExisting is for commands that only read: it opens what is there
// and creates nothing, neither the file nor its folder.
func TestOpenExisting(t *testing.T) {
	dir := t.TempDir()
	made := filepath.Join(dir, "made.db")
	mustOpen(t, made).Close()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		noDB    bool   // want ErrNoDatabase
		errText string // want an error saying this; "" = opens
	}{
		{"existing database", made, false, ""},
		{"missing file", filepath.Join(dir, "nope.db"), true, "no database at"},
		{"missing folder", filepath.Join(dir, "no", "such", "dir", "x.db"), true, "no database at"},
		{"a folder", dir, false, "is a folder"},
		{"not a database", notDB, false, "not a SQLite database"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := OpenExisting(context.Background(), tc.path)
			if tc.errText == "" {
				if err != nil {
					t.Fatal(err)
				}
				d.Close()
				return
			}
			if err == nil {
				d.Close()
				t.Fatalf("OpenExisting(%s) succeeded; want an error", tc.path)
			}
			if errors.Is(err, ErrNoDatabase) != tc.noDB || !strings.Contains(err.Error(), tc.errText) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("err = %v; want one saying %q and naming %s (ErrNoDatabase: %v)", err, tc.errText, tc.path, tc.noDB)
			}
			if strings.Contains(err.Error(), "sqlite:") {
				t.Errorf("err = %v; want no driver prefix", err)
			}
			if tc.noDB {
				if _, err := os.Stat(filepath.Dir(tc.path)); filepath.Dir(tc.path) != dir && err == nil {
					t.Errorf("OpenExisting created the folder %s", filepath.Dir(tc.path))
				}
				if _, err := os.Stat(tc.path); err == nil {
					t.Errorf("OpenExisting created %s", tc.path)
				}
			}
		})
	}
}

// Open, which creates a missing file, names a folder given as the
// database as such too.
func TestOpenFolder(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(context.Background(), dir)
	if err == nil {
		d.Close()
		t.Fatal("Open of a folder succeeded")
	}
	if want := "opening database " + dir + ": it is a folder, not a database file"; err.Error() != want {
		t.Errorf("err = %q; want %q", err, want)
	}
}
