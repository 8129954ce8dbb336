package medquad

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"os"
)

// zipEntries counts the entries of the zip file's central directory by
// their fixed-size headers, keeping none, and stops past limit. Go's zip
// reader keeps every entry in memory before its number can be checked,
// so a zip of millions of empty entries would cost memory in proportion
// to them. ok is false when the directory cannot be found; the zip
// reader then reports what is wrong.
func zipEntries(name string, limit int) (n int, ok bool) {
	f, err := os.Open(name)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, false
	}
	offset, ok := directoryOffset(f, info.Size())
	if !ok || offset >= info.Size() {
		return 0, false
	}
	r := bufio.NewReader(io.NewSectionReader(f, offset, info.Size()-offset))
	var h [46]byte // a central directory header without its names
	for n <= limit {
		if _, err := io.ReadFull(r, h[:]); err != nil || !bytes.Equal(h[:4], []byte("PK\x01\x02")) {
			break
		}
		n++
		skip := int(binary.LittleEndian.Uint16(h[28:])) + int(binary.LittleEndian.Uint16(h[30:])) + int(binary.LittleEndian.Uint16(h[32:]))
		if _, err := r.Discard(skip); err != nil {
			break
		}
	}
	return n, true
}

// directoryOffset reads where the central directory starts from the end
// of central directory record, or its zip64 form.
func directoryOffset(f io.ReaderAt, size int64) (int64, bool) {
	const eocdLen, maxComment = 22, 65535
	tail := make([]byte, min(size, eocdLen+maxComment))
	base := size - int64(len(tail))
	if _, err := f.ReadAt(tail, base); err != nil && err != io.EOF {
		return 0, false
	}
	i := bytes.LastIndex(tail, []byte("PK\x05\x06"))
	if i < 0 || i+eocdLen > len(tail) {
		return 0, false
	}
	offset := int64(binary.LittleEndian.Uint32(tail[i+16:]))
	if offset != 0xFFFFFFFF {
		return offset, true
	}
	// zip64: a locator just before the record points at the zip64 record.
	if i < 20 || !bytes.Equal(tail[i-20:i-16], []byte("PK\x06\x07")) {
		return 0, false
	}
	var rec [56]byte
	at := int64(binary.LittleEndian.Uint64(tail[i-12:]))
	if at < 0 || at > size-56 {
		return 0, false
	}
	if _, err := f.ReadAt(rec[:], at); err != nil || !bytes.Equal(rec[:4], []byte("PK\x06\x06")) {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(rec[48:])), true
}
