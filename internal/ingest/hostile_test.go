package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/medquad"
	"healthqa/internal/medquad/medquadtest"
)

func hostileZip(t *testing.T, files []medquadtest.File) string {
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

// good is a file the hostile archives carry beside their payload, to
// show that what can be imported is.
var good = medquadtest.File{Name: "MedQuAD-master/9_CDC_QA/0000001.xml",
	Data: []byte(`<Document id="0000001" source="CDC" url="https://www.cdc.gov/x"><Focus>Measles</Focus><QAPairs>` +
		`<QAPair pid="1"><Question qid="0000001-1" qtype="information">What is Measles ?</Question><Answer>A disease.</Answer></QAPair>` +
		`</QAPairs></Document>`)}

// The archives of issue 8: too much in all is refused before anything is
// read or written; a file too deep, or an answer too long, is left out
// with the reason and the rest is imported.
func TestImportHostileArchives(t *testing.T) {
	tests := []struct {
		name        string
		files       []medquadtest.File
		failWith    []string // the import fails, the store is untouched
		skippedFile []string // one file skipped with this reason
		skippedPair []string // these entries skipped with their reason
		answers     int
	}{
		{name: "40 answers of 15.5 MB in a small zip", files: append(medquadtest.BigAnswers(40, 15_500_000), good),
			failWith: []string{"holds 620", "bytes of XML", fmt.Sprintf("%d-byte limit", medquad.MaxTotalSize)}},
		{name: "zip bomb: 3 × 64 MiB of white space", files: append(medquadtest.Bomb(3, 64<<20), good),
			failWith: []string{"holds 2013", "bytes of XML", fmt.Sprintf("%d-byte limit", medquad.MaxTotalSize)}},
		{name: "5 million unclosed elements", files: []medquadtest.File{medquadtest.Unclosed(5_000_000), good},
			skippedFile: []string{"6_NINDS_QA/0000001.xml", fmt.Sprintf("elements nested deeper than %d", medquad.MaxDepth)}, answers: 1},
		{name: "answers of 1 MiB", files: append(medquadtest.BigAnswers(2, 1<<20), good),
			skippedPair: []string{
				fmt.Sprintf("6_NINDS_QA/0000001.xml 0000001-1: answer of %d bytes is longer than the %d-byte limit", 1<<20, medquad.MaxAnswerSize),
				fmt.Sprintf("6_NINDS_QA/0000002.xml 0000001-1: answer of %d bytes is longer than the %d-byte limit", 1<<20, medquad.MaxAnswerSize),
			}, answers: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t)
			sum, err := MedQuAD(ctx, st, hostileZip(t, tt.files), Options{})
			if tt.failWith != nil {
				if err == nil || errors.Is(err, ErrSkipped) {
					t.Fatalf("err = %v, want the archive refused", err)
				}
				for _, w := range tt.failWith {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not mention %q", err, w)
					}
				}
				if empty, _ := st.Empty(ctx); !empty {
					t.Error("a refused archive wrote to the store")
				}
				return
			}
			if tt.skippedFile != nil {
				if !errors.Is(err, ErrSkipped) || len(sum.Skipped) != 1 || sum.Skipped[0].Path != tt.skippedFile[0] || !strings.Contains(sum.Skipped[0].Reason, tt.skippedFile[1]) {
					t.Errorf("err %v, skipped %+v; want %q", err, sum.Skipped, tt.skippedFile)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if strings.Join(sum.Corpus.Skipped, "\n") != strings.Join(tt.skippedPair, "\n") {
				t.Errorf("skipped entries:\n%s\nwant\n%s", strings.Join(sum.Corpus.Skipped, "\n"), strings.Join(tt.skippedPair, "\n"))
			}
			if sum.Stats.Answers != tt.answers {
				t.Errorf("%d answers stored, want %d", sum.Stats.Answers, tt.answers)
			}
		})
	}
}

// File names and text carrying terminal escapes and bidi overrides: the
// stored names, titles and questions hold none of the bidi characters.
// (The CLI's summary, which prints file names, escapes them; see
// cmd/healthqa.)
func TestImportStripsBidiControls(t *testing.T) {
	const rlo = "\u202E"
	doc := `<Document id="0000002" source="NINDS" url="https://www.ninds.nih.gov/x"><Focus>Restless ` + rlo + `legs syndrome</Focus>` +
		`<Synonyms><Synonym>` + rlo + `RLS</Synonym></Synonyms><QAPairs>` +
		`<QAPair pid="1"><Question qid="0000002-1" qtype="information">What is ` + rlo + `RLS ?</Question><Answer>A ` + rlo + `disorder.</Answer></QAPair>` +
		`</QAPairs></Document>`
	files := []medquadtest.File{good, {Name: "MedQuAD-master/6_NINDS_QA/\x1b]0;owned\x07" + rlo + "0000002.xml", Data: []byte(doc)}}
	ctx := context.Background()
	st := openStore(t)
	if _, err := MedQuAD(ctx, st, hostileZip(t, files), Options{}); err != nil {
		t.Fatal(err)
	}
	c, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for _, tp := range c.Topics {
		stored = append(stored, tp.Name)
		stored = append(stored, tp.Synonyms...)
		stored = append(stored, tp.Foci...)
	}
	for _, q := range c.Questions {
		stored = append(stored, q.Title)
	}
	for _, a := range c.Answers {
		stored = append(stored, a.SourceQuestion, a.Text)
	}
	all, _ := json.Marshal(stored)
	if strings.Contains(strings.Join(stored, "\n"), rlo) {
		t.Errorf("stored text holds U+202E: %s", all)
	}
	if !strings.Contains(string(all), "Restless legs syndrome") || !strings.Contains(string(all), "A disorder.") {
		t.Errorf("stored text lost its words: %s", all)
	}
}
