package answertext

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"healthqa/internal/devdata"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"
)

// medquadZip finds the MedQuAD archive: shared/data/MedQuAD-master.zip
// beside the checkout, that is ../shared/data from the package folder or
// any folder above it. Tests that need it skip when it is absent.
func medquadZip(t *testing.T) string {
	t.Helper()
	devdata.SkipShort(t, "parses every answer of the MedQuAD release")
	return devdata.MedQuADZip(t)
}

type answer struct {
	folder string // "6_NINDS_QA"
	file   string // "6_NINDS_QA/0000246.xml"
	text   string
}

// readAnswers returns every non-empty <Answer> of the archive's XML files,
// trimmed as the medquad package reads them.
func readAnswers(t *testing.T, name string) []answer {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var as []answer
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !strings.EqualFold(path.Ext(f.Name), ".xml") {
			continue
		}
		parts := strings.Split(f.Name, "/")
		if len(parts) < 2 {
			continue
		}
		folder := parts[len(parts)-2]
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		texts, err := answerTexts(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		for _, text := range texts {
			as = append(as, answer{folder, folder + "/" + parts[len(parts)-1], text})
		}
	}
	return as
}

func answerTexts(r io.Reader) ([]string, error) {
	dec := xml.NewDecoder(r)
	var texts []string
	var b strings.Builder
	in := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return texts, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			in = strings.EqualFold(tok.Name.Local, "answer")
			b.Reset()
		case xml.CharData:
			if in {
				b.Write(tok)
			}
		case xml.EndElement:
			if in {
				if text := strings.TrimSpace(b.String()); text != "" {
					texts = append(texts, text)
				}
			}
			in = false
		}
	}
}

// TestDataset parses every answer of the real dataset: no answer may lose,
// gain or reorder a word, and snippets must keep their promises. It logs
// what share of each source's answers got lists, several paragraphs and
// headings.
func TestDataset(t *testing.T) {
	as := readAnswers(t, medquadZip(t))
	if len(as) < 16000 {
		t.Fatalf("read %d answers with text, want the release's 16,000 or more", len(as))
	}
	type count struct{ answers, lists, paras, headings int }
	per := map[string]*count{}
	failed := 0
	for _, a := range as {
		blocks := Parse(a.text)
		if err := checkWords(a.text, blocks); err != nil {
			if failed++; failed <= 10 {
				t.Errorf("%s: %v", a.file, err)
			}
		}
		for _, max := range []int{100, 160} {
			if err := checkSnippet(a.text, max, Snippet(a.text, max)); err != nil {
				if failed++; failed <= 10 {
					t.Errorf("%s: Snippet %d: %v", a.file, max, err)
				}
			}
		}
		c := per[a.folder]
		if c == nil {
			c = &count{}
			per[a.folder] = c
		}
		c.answers++
		var lists, paras, headings int
		for _, b := range blocks {
			switch b.Kind {
			case List:
				lists++
			case Paragraph:
				paras++
			case Heading:
				headings++
			}
		}
		c.lists += min(lists, 1)
		c.paras += min(paras/2, 1)
		c.headings += min(headings, 1)
	}
	if failed > 10 {
		t.Errorf("%d failures in all", failed)
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%d answers; share with a list / with 2+ paragraphs / with a heading:\n", len(as))
	total := count{}
	for _, folder := range slices.Sorted(maps.Keys(per)) {
		c := per[folder]
		fmt.Fprintf(&report, "  %-26s %5d  %5.1f%%  %5.1f%%  %5.1f%%\n", folder, c.answers, pct(c.lists, c.answers), pct(c.paras, c.answers), pct(c.headings, c.answers))
		total.answers += c.answers
		total.lists += c.lists
		total.paras += c.paras
		total.headings += c.headings
	}
	fmt.Fprintf(&report, "  %-26s %5d  %5.1f%%  %5.1f%%  %5.1f%%", "all", total.answers, pct(total.lists, total.answers), pct(total.paras, total.answers), pct(total.headings, total.answers))
	t.Log(report.String())
}

func pct(n, of int) float64 { return 100 * float64(n) / float64(of) }
