package medquad

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any input gives a document or an error naming the path,
// never a panic; a document always has a source, and each of its pairs a
// qid and a qtype, all trimmed.
func FuzzParse(f *testing.F) {
	fixtures, err := filepath.Glob(filepath.Join(mini, "*", "*.xml"))
	if err != nil || len(fixtures) == 0 {
		f.Fatalf("no fixtures in %s: %v", mini, err)
	}
	for _, name := range fixtures {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	for _, s := range []string{
		"",
		`<Document source="NINDS"></Document>`,
		`<doc corpus="NINDS"><qaPairs><pair><question qid="1" qtype="a">q</question><answer><![CDATA[<b>x</b>]]></answer></pair></qaPairs></doc>`,
		`<DiseaseFile source="CDC"><QAPair><QAPair><Question qid="1" qtype="a"/></QAPair></QAPair></DiseaseFile>`,
		`<Document source="NINDS"><Question qid="1" qtype="a">outside a pair</Question><QAPair/></Document>`,
		`<Document source="NINDS"><QAPairs>` + pairXML + `</QAPairs></Document><Document source="CDC"/>`,
		`<!DOCTYPE d [<!ENTITY e "x">]><Document source="&e;"/>`,
		`<Document source="NINDS"><Answer>&lt;script&gt;alert(1)&lt;/script&gt;</Answer></Document>`,
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		const path = "6_NINDS_QA/fuzz.xml"
		d, err := Parse(bytes.NewReader(data), path)
		if err != nil {
			checkRefusal(t, d != nil, err, path)
			return
		}
		if d == nil {
			t.Fatal("Parse returned neither a document nor an error")
		}
		if d.Path != path {
			t.Errorf("Path = %q, want %q", d.Path, path)
		}
		if d.Source == "" {
			t.Error("a document without a source")
		}
		trimmed := []string{d.ID, d.Source, d.URL, d.Focus, d.SemanticGroup, d.Category}
		for _, list := range [][]string{d.CUIs, d.SemanticTypes, d.Synonyms} {
			for _, s := range list {
				if s == "" {
					t.Error("an empty CUI, semantic type or synonym")
				}
				trimmed = append(trimmed, s)
			}
		}
		for i, p := range d.Pairs {
			if p.QID == "" || p.QType == "" {
				t.Errorf("pair %d: QID %q, QType %q: both must be set", i+1, p.QID, p.QType)
			}
			trimmed = append(trimmed, p.QID, p.QType, p.Question, p.Answer)
		}
		for _, s := range trimmed {
			if s != strings.TrimSpace(s) {
				t.Errorf("field %q is not trimmed", s)
			}
		}
	})
}

// checkRefusal checks an error of Parse or Open: it names what was read
// first, and comes without a result.
func checkRefusal(t *testing.T, withResult bool, err error, name string) {
	t.Helper()
	if withResult {
		t.Errorf("a result came with the error %v", err)
	}
	if !strings.HasPrefix(err.Error(), name+": ") {
		t.Errorf("error %q does not start with %s", err, name)
	}
}
