package answertext

import (
	"path/filepath"
	"testing"
)

// typical is a real answer of about 2 KB, with a heading, paragraphs,
// lists and a section heading (CancerGov's on gastrointestinal stromal
// tumors).
var typical = filepath.Join("testdata", "golden", "1_CancerGov-0000003_2-1.txt")

func BenchmarkParse(b *testing.B) {
	text := readFile(b, typical)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Parse(text)
	}
}

func BenchmarkSnippet(b *testing.B) {
	text := readFile(b, typical)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Snippet(text, 100)
	}
}
