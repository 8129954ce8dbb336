package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/medquad/medquadtest"
	"healthqa/internal/store/testdb"
	"healthqa/internal/textcontrol"
)

func writeZip(t *testing.T, files []medquadtest.File) string {
	t.Helper()
	var buf bytes.Buffer
	if err := medquadtest.WriteZip(&buf, files); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "m.zip")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

const (
	oscTitle = "\x1b]0;owned\x07" // sets a terminal's window title
	rlo      = "\u202E"           // right-to-left override
)

// hostileDoc is a NINDS document with the given file stem and link.
func hostileDoc(stem, url string) []byte {
	return []byte(`<Document id="` + stem + `" source="NINDS" url="` + url + `"><Focus>Topic ` + stem + `</Focus><QAPairs>` +
		`<QAPair pid="1"><Question qid="` + stem + `-1" qtype="information">What is it ?</Question><Answer>Text.</Answer></QAPair>` +
		`</QAPairs></Document>`)
}

// The human summary prints file names, reasons and links from the
// archive: control and bidi characters in them are shown escaped, never
// sent to the terminal. Dropped and foreign links are warnings.
func TestImportSummaryEscapesControlsAndWarns(t *testing.T) {
	const dir = "MedQuAD-master/6_NINDS_QA/"
	tests := []struct {
		name  string
		files []medquadtest.File
		code  int
		out   []string // in stdout
		err   []string // in stderr
	}{
		{
			name: "skipped file and entry, dropped and foreign links",
			files: []medquadtest.File{
				{Name: dir + "0000001.xml", Data: hostileDoc("0000001", "https://www.ninds.nih.gov/ok")},
				{Name: dir + oscTitle + rlo + "lmx.xml", Data: []byte(`<Document source="NINDS"><Focus>cut`)},
				{Name: dir + "0000002" + oscTitle + ".xml", Data: hostileDoc("0000002", "javascript:alert(1)")},
				{Name: dir + "0000003.xml", Data: hostileDoc("0000003", "https://evil.example/"+rlo+"x")},
				{Name: dir + "0000004.xml", Data: hostileDoc("0000004", "https://evil.example/x")},
			},
			code: exitSkipped,
			out: []string{
				`SKIPPED 6_NINDS_QA/\x1b]0;owned\x07\u202elmx.xml: unexpected end of file`,
				`warning: 6_NINDS_QA/0000002\x1b]0;owned\x07.xml: link "javascript:alert(1)" dropped: scheme "javascript" is not http or https`,
				`warning: 6_NINDS_QA/0000003.xml: link "https://evil.example/\u202ex" dropped: character U+202E is not allowed in a link`,
				`warning: 1 link outside its source's known domains: 6_NINDS_QA/0000004.xml: "https://evil.example/x" (NINDS)`,
			},
		},
		{
			name: "archive refused",
			files: []medquadtest.File{
				{Name: "a/6_NINDS_QA/" + oscTitle + ".xml", Data: hostileDoc("0000001", "https://www.ninds.nih.gov/ok")},
				{Name: "b/6_NINDS_QA/" + oscTitle + ".xml", Data: hostileDoc("0000001", "https://www.ninds.nih.gov/ok")},
			},
			code: exitFailure,
			err:  []string{`two files at 6_NINDS_QA/\x1b]0;owned\x07.xml`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cli(t, "import", "medquad", writeZip(t, tt.files), "--db", testdb.DSN(t))
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			for _, s := range []string{r.stdout, r.stderr} {
				if i := strings.IndexFunc(s, func(c rune) bool {
					return c != '\n' && c != '\r' && (textcontrol.IsControl(c) || textcontrol.IsBidi(c))
				}); i >= 0 {
					t.Errorf("output holds a raw control character at byte %d: %q", i, s)
				}
			}
			for _, w := range tt.out {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %s\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.err {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %s\n%s", w, r.stderr)
				}
			}
		})
	}
}
