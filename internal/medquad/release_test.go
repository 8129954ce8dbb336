package medquad

import (
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"

	"healthqa/internal/devdata"
)

// releaseZip finds the real MedQuAD archive: shared/data/MedQuAD-master.zip
// beside the checkout, looked for from the package folder upwards (CI has
// it at ../../../shared/data from here).
func releaseZip(t *testing.T) string {
	t.Helper()
	devdata.SkipShort(t, "reads the whole MedQuAD release (16 MB)")
	return devdata.MedQuADZip(t)
}

// rootName returns the document's root element name.
func rootName(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local
		}
	}
}

// TestRelease reads the real dataset: every file must parse, and the
// counts must be the release's.
func TestRelease(t *testing.T) {
	a := openArchive(t, releaseZip(t))

	const (
		wantFiles      = 11274
		wantPairs      = 47457
		wantSchema2    = 4 // <doc>, all NINDS
		wantEmptyFocus = 3 // CDC
	)
	if len(a.Files) != wantFiles {
		t.Errorf("%d files, want %d", len(a.Files), wantFiles)
	}

	pairs, schema2, emptyFocus := 0, 0, 0
	roots := map[string]int{}
	sources := map[string]map[string]bool{} // folder → sources
	for _, f := range a.Files {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		d, err := Parse(bytes.NewReader(data), f.Path)
		if err != nil {
			t.Errorf("Parse: %v", err)
			continue
		}
		pairs += len(d.Pairs)
		root := rootName(data)
		roots[root]++
		if root == "doc" {
			schema2++
			if !strings.HasPrefix(f.Path, "6_NINDS_QA/") {
				t.Errorf("%s: schema 2 outside NINDS", f.Path)
			}
		}
		if d.Focus == "" {
			emptyFocus++
		}
		folder := path.Dir(f.Path)
		if sources[folder] == nil {
			sources[folder] = map[string]bool{}
		}
		sources[folder][d.Source] = true
		for _, p := range d.Pairs {
			if !strings.HasPrefix(p.QID, d.ID+"-") {
				t.Errorf("%s: qid %q is not under the document id %q", f.Path, p.QID, d.ID)
			}
		}
	}
	if pairs != wantPairs {
		t.Errorf("%d pairs, want %d", pairs, wantPairs)
	}
	if schema2 != wantSchema2 {
		t.Errorf("%d files in schema 2 (<doc>), want %d", schema2, wantSchema2)
	}
	if emptyFocus != wantEmptyFocus {
		t.Errorf("%d files with an empty focus, want %d", emptyFocus, wantEmptyFocus)
	}
	if roots["Document"]+roots["doc"]+roots["DiseaseFile"] != len(a.Files) || roots["DiseaseFile"] != 1 {
		t.Errorf("root elements %v, want Document, 4 doc and 1 DiseaseFile", roots)
	}
	if len(sources) != 12 {
		t.Errorf("%d source folders, want 12", len(sources))
	}
	for folder, s := range sources {
		if len(s) != 1 {
			t.Errorf("folder %s holds sources %v, want one", folder, s)
		}
	}

	if got := fingerprint(t, a); got != ReleaseFingerprint {
		t.Errorf("Fingerprint = %s, want ReleaseFingerprint %s", got, ReleaseFingerprint)
	}
}
