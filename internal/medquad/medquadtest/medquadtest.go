// Package medquadtest builds hostile MedQuAD archives, for the tests of
// the import's limits and for measuring the import's peak memory on them
// (see hostilezip). The archives are made on demand, never committed.
package medquadtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// File is one file of an archive.
type File struct {
	Name string
	Data []byte
	// Declared, when non-zero, is the uncompressed size the zip headers
	// claim instead of len(Data): a lying header.
	Declared uint64
}

// WriteZip writes the files, deflated, in order. Files that share one
// Data slice are compressed once, so forty copies of 15 MB cost one
// compression.
func WriteZip(w io.Writer, files []File) error {
	zw := zip.NewWriter(w)
	type packed struct {
		raw []byte
		crc uint32
	}
	cache := map[*byte]packed{}
	for _, f := range files {
		var key *byte
		if len(f.Data) > 0 {
			key = &f.Data[0]
		}
		p, ok := cache[key]
		if !ok {
			raw, err := deflate(f.Data)
			if err != nil {
				return err
			}
			p = packed{raw, crc32.ChecksumIEEE(f.Data)}
			cache[key] = p
		}
		size := uint64(len(f.Data))
		if f.Declared != 0 {
			size = f.Declared
		}
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: p.crc,
			CompressedSize64: uint64(len(p.raw)), UncompressedSize64: size}
		out, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := out.Write(p.raw); err != nil {
			return err
		}
	}
	return zw.Close()
}

func deflate(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if _, err := fw.Write(data); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Document is a well-formed NINDS document with one pair whose answer is
// the given text.
func Document(answer string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<Document id="0000001" source="NINDS" url="https://www.ninds.nih.gov/Disorders/All-Disorders/Example"><Focus>Example</Focus>` +
		`<QAPairs><QAPair pid="1"><Question qid="0000001-1" qtype="information">What is Example ?</Question><Answer>` +
		answer + `</Answer></QAPair></QAPairs></Document>` + "\n")
}

// BigAnswers is n documents, each with one answer of size bytes: under
// the per-file limit one by one, hundreds of megabytes together.
func BigAnswers(n, size int) []File {
	data := Document(strings.Repeat("Lorem ipsum. ", size/13+1)[:size])
	files := make([]File, n)
	for i := range files {
		files[i] = File{Name: fmt.Sprintf("MedQuAD-master/6_NINDS_QA/%07d.xml", i+1), Data: data}
	}
	return files
}

// Unclosed is one document that opens n elements and closes none.
func Unclosed(n int) File {
	return File{Name: "MedQuAD-master/6_NINDS_QA/0000001.xml",
		Data: []byte(`<Document id="0000001" source="NINDS">` + strings.Repeat("<a>", n))}
}

// Bomb is n files of size bytes of white space each, honestly declared:
// a few hundred kilobytes of zip that inflate to n×size bytes.
func Bomb(n, size int) []File {
	data := bytes.Repeat([]byte{' '}, size)
	files := make([]File, n)
	for i := range files {
		files[i] = File{Name: fmt.Sprintf("MedQuAD-master/9_CDC_QA/%07d.xml", i+1), Data: data}
	}
	return files
}
