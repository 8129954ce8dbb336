package medquad

// The limits on what an import reads, chosen from the real data with a
// wide margin (measured on the release, see docs/ARCHITECTURE.md): each
// is several times what MedQuAD needs and far below what would hurt a
// small server. Past a limit, the smallest unit that holds the excess is
// left out with a reason: the pair, the file, or the whole archive.
const (
	// MaxFileSize bounds one XML document. MedQuAD's largest is 60 KB.
	MaxFileSize = 16 << 20
	// MaxTotalSize bounds the XML of a whole archive, as declared and as
	// read. MedQuAD holds 35.8 MB.
	MaxTotalSize = 128 << 20
	// MaxEntries bounds the entries of a zip or folder, XML or not.
	// MedQuAD's zip has 11,290.
	MaxEntries = 50_000
	// MaxAnswerSize bounds one answer's text. MedQuAD's longest is 29 KB
	// (CancerGov 0000027_1.xml).
	MaxAnswerSize = 256 << 10
	// MaxFieldSize bounds every other text healthqa keeps (question,
	// focus, synonyms, concepts) and every attribute. MedQuAD's longest
	// is a 191-byte question; its longest URL has 174 bytes.
	MaxFieldSize = 4 << 10
	// MaxDepth bounds element nesting. MedQuAD nests 5 deep.
	MaxDepth = 32
)
