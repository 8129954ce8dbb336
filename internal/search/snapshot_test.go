package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// genericQueries are what people type about the topics of an index, up
// to limit of them spread over the whole list: built from its own topic
// names, so they fit any corpus.
func genericQueries(ix *Index, limit int) []string {
	forms := []string{"what causes %s", "how is %s treated", "%s symptoms", "is %s inherited", "what is %s"}
	var qs []string
	step := max(1, len(ix.lex.topics)/limit)
	for i := 0; i < len(ix.lex.topics) && len(qs) < limit; i += step {
		qs = append(qs, fmt.Sprintf(forms[len(qs)%len(forms)], ix.lex.topics[i]))
	}
	// A misspelling and a message naming nothing exercise correction and
	// the empty paths.
	return append(qs, "what causes restles legs syndrom", "hello", "")
}

// sameAnswers fails unless both indexes understand and answer every
// query identically, and suggest the same topics.
func sameAnswers(t testing.TB, want, got *Index, queries []string) {
	t.Helper()
	ctx := context.Background()
	for _, q := range queries {
		wu, wr := want.Ask(ctx, q, 10)
		gu, gr := got.Ask(ctx, q, 10)
		if !reflect.DeepEqual(wu, gu) {
			t.Fatalf("%q: understanding differs:\nbuilt   %+v\ndecoded %+v", q, wu, gu)
		}
		if !reflect.DeepEqual(wr, gr) {
			t.Fatalf("%q: results differ:\nbuilt   %+v\ndecoded %+v", q, wr, gr)
		}
		if len(q) >= 2 && !reflect.DeepEqual(want.Suggest(q[:2], 10), got.Suggest(q[:2], 10)) {
			t.Fatalf("%q: suggestions differ", q[:2])
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	built := NewIndex(fixtureDocs(), DefaultParams)
	data := built.Snapshot()
	decoded, err := DecodeSnapshot(data, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if again := decoded.Snapshot(); !bytes.Equal(again, data) {
		t.Fatalf("re-encoding the decoded index gives other bytes (%d vs %d)", len(again), len(data))
	}
	qs := genericQueries(built, 100)
	qs = append(qs, "RLS", "rls", "ALL treatment", "mg dose", "wiedeman syndrome", "restless legs")
	sameAnswers(t, built, decoded, qs)
}

func TestSnapshotEmptyIndex(t *testing.T) {
	ix, err := DecodeSnapshot(NewIndex(nil, DefaultParams).Snapshot(), DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if _, res := ix.Ask(context.Background(), "what causes restless legs", 10); len(res) != 0 {
		t.Fatalf("empty index answered %v", res)
	}
}

// TestSnapshotDamaged: every way the bytes can be wrong is an
// ErrSnapshot, never a panic.
func TestSnapshotDamaged(t *testing.T) {
	good := NewIndex(fixtureDocs(), DefaultParams).Snapshot()
	payload := good[headerLen:]
	flip := func(b []byte, at int) []byte {
		c := bytes.Clone(b)
		c[at] ^= 0x55
		return c
	}
	otherVersion := bytes.Clone(good)
	binary.LittleEndian.PutUint32(otherVersion[4:], snapshotVersion+1)
	// A payload that claims 2^40 strings must be refused before anything
	// is allocated for them.
	huge := seal(binary.AppendUvarint(nil, 1<<40))
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"header only", good[:headerLen]},
		{"truncated payload", good[:len(good)-1]},
		{"half", good[:len(good)/2]},
		{"trailing byte", append(bytes.Clone(good), 0)},
		{"flipped payload byte", flip(good, headerLen+len(payload)/2)},
		{"flipped magic", flip(good, 0)},
		{"other format version", otherVersion},
		{"huge string count", huge},
		{"sealed truncated payload", seal(payload[:len(payload)/3])},
		{"sealed payload missing last byte", seal(payload[:len(payload)-1])},
		{"sealed trailing byte", seal(append(bytes.Clone(payload), 7))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := DecodeSnapshot(tt.data, DefaultParams)
			if !errors.Is(err, ErrSnapshot) || ix != nil {
				t.Fatalf("got index %v, err %v; want ErrSnapshot", ix != nil, err)
			}
		})
	}
}

// FuzzDecodeSnapshot feeds the decoder bytes as they come and, since the
// checksum stops almost all of those at the header, the same bytes
// sealed as a payload, which reaches the body parser. Whatever decodes
// must then answer without panicking.
//
//	go test -run '^$' -fuzz FuzzDecodeSnapshot -fuzztime 2m ./internal/search
func FuzzDecodeSnapshot(f *testing.F) {
	good := NewIndex(fixtureDocs(), DefaultParams).Snapshot()
	f.Add(good)
	f.Add(good[headerLen:])
	f.Add(NewIndex(fixtureDocs()[:1], DefaultParams).Snapshot()[headerLen:])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range [][]byte{data, seal(data)} {
			ix, err := DecodeSnapshot(d, DefaultParams)
			if err != nil {
				if !errors.Is(err, ErrSnapshot) {
					t.Fatalf("error %v does not wrap ErrSnapshot", err)
				}
				continue
			}
			for _, q := range []string{"what causes restless legs", "RLS treatment", "wiedeman", "mg"} {
				ix.Ask(context.Background(), q, 5)
				ix.Suggest(q, 5)
			}
		}
	})
}

// TestSpellingTiesAreStable: "byrt" is one vowel from both "bart" and
// "bert", names used equally often ("birt" would do, but the medical
// word list knows it). The correction must not depend on map
// order, or an index loaded from a snapshot could correct a word
// differently from the index it was saved from.
func TestSpellingTiesAreStable(t *testing.T) {
	docs := []Document{
		{DocID: "A_1", AnswerKey: "A_1", QuestionSlug: "what-is-bart", QuestionType: "information", Title: "What is Bart syndrome?", Topic: "Bart syndrome", TopicSlug: "bart-syndrome", Answer: "A rare condition."},
		{DocID: "A_2", AnswerKey: "A_2", QuestionSlug: "what-is-bert", QuestionType: "information", Title: "What is Bert syndrome?", Topic: "Bert syndrome", TopicSlug: "bert-syndrome", Answer: "Another rare condition."},
	}
	for range 20 {
		built := NewIndex(docs, DefaultParams)
		decoded, err := DecodeSnapshot(built.Snapshot(), DefaultParams)
		if err != nil {
			t.Fatal(err)
		}
		for _, ix := range []*Index{built, decoded} {
			if got := ix.Understand("what is byrt syndrome").DidYouMean; got != "what is bart syndrome" {
				t.Fatalf("did you mean %q; want the first of the tied names, bart", got)
			}
		}
	}
}
