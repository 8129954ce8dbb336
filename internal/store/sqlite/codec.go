package sqlite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// timeFormat has a fixed number of fraction digits, unlike RFC3339Nano,
// so that stored times sort correctly as text.
const timeFormat = "2006-01-02T15:04:05.000000000Z07:00"

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// encodeList stores a list as a JSON array: never null, so that readers
// get [] back, and without HTML escaping, so that the column holds the
// text as written ("<" rather than "\u003c").
func encodeList(list []string) (string, error) {
	if list == nil {
		list = []string{}
	}
	return encodeJSON(list)
}

// encodeJSON is json.Marshal without HTML escaping.
func encodeJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

func decodeList(s string) ([]string, error) {
	list := []string{}
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, fmt.Errorf("stored list %q: %w", s, err)
	}
	if list == nil { // the text was "null"
		list = []string{}
	}
	return list, nil
}

// topicRow is a topic as stored: lists already encoded, hash computed.
type topicRow struct {
	cuis, semanticTypes, synonyms, foci string
	hash                                []byte
}

func encodeTopic(t model.Topic) (topicRow, error) {
	var r topicRow
	var err error
	for _, f := range []struct {
		dst  *string
		list []string
	}{{&r.cuis, t.CUIs}, {&r.semanticTypes, t.SemanticTypes}, {&r.synonyms, t.Synonyms}, {&r.foci, t.Foci}} {
		if *f.dst, err = encodeList(f.list); err != nil {
			return topicRow{}, fmt.Errorf("topic %q: %w", t.Slug, err)
		}
	}
	r.hash = store.ContentHash(t.Slug, t.Name, string(t.Category), t.SemanticGroup,
		r.cuis, r.semanticTypes, r.synonyms, r.foci)
	return r, nil
}

// digestRow is a digest as stored: its points encoded, hash computed.
type digestRow struct {
	points string
	hash   []byte
}

// encodeDigest encodes a digest's points canonically: in the order
// given, nil lists as [], and without HTML escaping, so that equal
// points always hash alike and the column holds the text as written.
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
func decodeDigest(slug, text string) (model.Digest, error) {
	d := model.Digest{QuestionSlug: slug, Points: []model.DigestPoint{}}
	if err := json.Unmarshal([]byte(text), &d.Points); err != nil {
		return model.Digest{}, fmt.Errorf("digest of %q: stored points: %w", slug, err)
	}
	if d.Points == nil { // the text was "null"
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
