package postgres

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The hashes below are this backend's own (they never leave the
// database), but they follow SQLite's so that both skip exactly the same
// unchanged rows: fields length-prefixed, lists and digest points as
// canonical JSON.

// dbTime is t as PostgreSQL stores it: timestamptz holds microseconds,
// and pgx would drop the rest silently; truncating here makes the value
// a Sync returns, compares and stores one and the same (docs/POSTGRES.md).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// encodeJSON is json.Marshal without HTML escaping, so that the text
// hashed is the text as written.
func encodeJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// list is a list as stored: never nil, so that text[] holds '{}' and
// readers get [] back.
func list(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func topicHash(t model.Topic) ([]byte, error) {
	fields := []string{t.Slug, t.Name, string(t.Category), t.SemanticGroup}
	for _, l := range [][]string{t.CUIs, t.SemanticTypes, t.Synonyms, t.Foci} {
		text, err := encodeJSON(list(l))
		if err != nil {
			return nil, fmt.Errorf("topic %q: %w", t.Slug, err)
		}
		fields = append(fields, text)
	}
	return store.ContentHash(fields...), nil
}

// digestRow is a digest as stored: its points encoded, hash computed.
type digestRow struct {
	points string
	hash   []byte
}

// encodeDigest encodes a digest's points canonically: in the order
// given, nil lists as [], without HTML escaping.
func encodeDigest(d model.Digest) (digestRow, error) {
	points := make([]model.DigestPoint, len(d.Points))
	for i, p := range d.Points {
		points[i] = withLists(p)
	}
	text, err := encodeJSON(points)
	if err != nil {
		return digestRow{}, fmt.Errorf("digest of %q: %w", d.QuestionSlug, err)
	}
	return digestRow{points: text, hash: store.ContentHash(text)}, nil
}

// decodeDigest reads a digest's points back, with no nil lists.
func decodeDigest(slug string, text []byte) (model.Digest, error) {
	d := model.Digest{QuestionSlug: slug, Points: []model.DigestPoint{}}
	if err := json.Unmarshal(text, &d.Points); err != nil {
		return model.Digest{}, fmt.Errorf("digest of %q: stored points: %w", slug, err)
	}
	if d.Points == nil {
		d.Points = []model.DigestPoint{}
	}
	for i, p := range d.Points {
		d.Points[i] = withLists(p)
	}
	return d, nil
}

func withLists(p model.DigestPoint) model.DigestPoint {
	if p.Sources == nil {
		p.Sources = []string{}
	}
	if p.Evidence == nil {
		p.Evidence = []model.DigestEvidence{}
	}
	return p
}

// storable reports whether s can be stored in a text column at all:
// PostgreSQL refuses NUL and invalid UTF-8 with an error, where such a
// slug or key from an address simply names nothing. Reads looking one up
// answer ErrNotFound without asking the server, as SQLite's do by
// finding nothing.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}
