package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// The snapshot's wire format: a fixed header, then a payload of a string
// table and a body that refers to strings by their number in the table.
//
//	header   "HQIX" | format version u32 | CRC-32C of payload u32 | payload length u64 (little endian)
//	payload  strings: count, each length, then all their bytes
//	         body:    varints and string numbers (snapshot.go)
//
// Every count is checked against the bytes left before anything is
// allocated for it, so a damaged snapshot is an error, never a panic or
// an allocation larger than itself.
const (
	snapshotMagic   = "HQIX"
	snapshotVersion = 5 // 2: abbreviations (issue 11); 3: documents carry their dataset; 4: lowerUse counts eponyms; 5: and plurals
	headerLen       = 4 + 4 + 4 + 8
)

// ErrSnapshot marks a snapshot that cannot be used: damaged, truncated,
// or of another format version. Callers build the index instead.
var ErrSnapshot = errors.New("search snapshot unusable")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func snapshotErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSnapshot, fmt.Sprintf(format, args...))
}

// wireWriter writes a body, numbering the strings it refers to.
type wireWriter struct {
	body    []byte
	strings []string
	number  map[string]uint64
}

// newWireWriter expects about strings distinct strings.
func newWireWriter(strings int) *wireWriter {
	return &wireWriter{number: make(map[string]uint64, strings), strings: make([]string, 0, strings)}
}

func (w *wireWriter) uint(v uint64) { w.body = binary.AppendUvarint(w.body, v) }

func (w *wireWriter) putByte(b byte) { w.body = append(w.body, b) }

// text writes a string that is seldom repeated (an answer), without
// looking for an earlier copy: hashing tens of megabytes of text to find
// the few repeats would cost more than storing them twice.
func (w *wireWriter) text(s string) {
	if len(s) < 64 {
		w.str(s)
		return
	}
	w.uint(uint64(len(w.strings)))
	w.strings = append(w.strings, s)
}

func (w *wireWriter) str(s string) {
	n, ok := w.number[s]
	if !ok {
		n = uint64(len(w.strings))
		w.number[s] = n
		w.strings = append(w.strings, s)
	}
	w.uint(n)
}

// bytes seals the snapshot: header, string table, body.
func (w *wireWriter) bytes() []byte {
	size := 0
	for _, s := range w.strings {
		size += len(s)
	}
	payload := make([]byte, 0, size+len(w.body)+binary.MaxVarintLen64*(len(w.strings)+1))
	payload = binary.AppendUvarint(payload, uint64(len(w.strings)))
	for _, s := range w.strings {
		payload = binary.AppendUvarint(payload, uint64(len(s)))
	}
	for _, s := range w.strings {
		payload = append(payload, s...)
	}
	payload = append(payload, w.body...)
	return seal(payload)
}

func seal(payload []byte) []byte {
	out := make([]byte, headerLen, headerLen+len(payload))
	copy(out, snapshotMagic)
	binary.LittleEndian.PutUint32(out[4:], snapshotVersion)
	binary.LittleEndian.PutUint32(out[8:], crc32.Checksum(payload, castagnoli))
	binary.LittleEndian.PutUint64(out[12:], uint64(len(payload)))
	return append(out, payload...)
}

// openPayload checks the header and checksum and returns the payload.
func openPayload(data []byte) ([]byte, error) {
	if len(data) < headerLen || string(data[:4]) != snapshotMagic {
		return nil, snapshotErr("not a snapshot")
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != snapshotVersion {
		return nil, snapshotErr("format version %d, this program reads %d", v, snapshotVersion)
	}
	payload := data[headerLen:]
	if n := binary.LittleEndian.Uint64(data[12:]); n != uint64(len(payload)) {
		return nil, snapshotErr("payload is %d bytes, header says %d", len(payload), n)
	}
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(data[8:]) {
		return nil, snapshotErr("checksum mismatch")
	}
	return payload, nil
}

// wireReader reads a payload. The first error sticks: later reads return
// zero values, and the caller checks err once per section.
type wireReader struct {
	b       []byte
	off     int
	err     error
	strings []string
}

func (r *wireReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = snapshotErr(format, args...)
	}
}

func (r *wireReader) uint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad number at byte %d", r.off)
		return 0
	}
	r.off += n
	return v
}

// upTo reads a number that must not exceed limit.
func (r *wireReader) upTo(limit uint64, what string) uint64 {
	v := r.uint()
	if v > limit {
		r.fail("%s %d exceeds %d", what, v, limit)
		return 0
	}
	return v
}

func (r *wireReader) getByte() byte {
	if r.err != nil {
		return 0
	}
	if r.off >= len(r.b) {
		r.fail("truncated")
		return 0
	}
	r.off++
	return r.b[r.off-1]
}

// count reads how many items follow, each taking at least minBytes, and
// refuses a count the remaining bytes cannot hold.
func (r *wireReader) count(minBytes int, what string) int {
	v := r.uint()
	if left := uint64(len(r.b) - r.off); r.err == nil && v > left/uint64(minBytes) {
		r.fail("%d %s cannot fit in %d bytes", v, what, left)
		return 0
	}
	return int(v)
}

func (r *wireReader) str() string {
	n := r.uint()
	if r.err == nil && n >= uint64(len(r.strings)) {
		r.fail("string number %d out of range", n)
	}
	if r.err != nil {
		return ""
	}
	return r.strings[n]
}

// below reads a number that must be less than n.
func (r *wireReader) below(n int, what string) int {
	v := r.uint()
	if r.err == nil && v >= uint64(n) {
		r.fail("%s %d out of range", what, v)
	}
	if r.err != nil {
		return 0
	}
	return int(v)
}

// readStrings reads the string table. All strings are slices of one
// copy of their bytes: one allocation for tens of megabytes of text.
func (r *wireReader) readStrings() {
	n := r.count(1, "strings")
	lens := make([]int, n)
	total := uint64(0)
	for i := range lens {
		l := r.upTo(math.MaxInt32, "string length")
		lens[i] = int(l)
		total += l
	}
	if r.err != nil {
		return
	}
	if total > uint64(len(r.b)-r.off) {
		r.fail("string table of %d bytes is truncated", total)
		return
	}
	text := string(r.b[r.off : r.off+int(total)])
	r.off += int(total)
	r.strings = make([]string, n)
	at := 0
	for i, l := range lens {
		r.strings[i] = text[at : at+l]
		at += l
	}
}
