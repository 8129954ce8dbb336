package ingest

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"testing"

	"healthqa/internal/store"
)

// The writing bar counts towards every row the Sync goes through,
// digests included, so that it ends at 100% instead of passing it
// (101265/100011 rows on the full dataset when digests were left out).
func TestWritingProgressTotal(t *testing.T) {
	var out bytes.Buffer
	sum, err := MedQuAD(context.Background(), openStore(t), copyFixture(t), Options{Progress: &out})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, c := range []store.Changes{sum.Changes.Sources, sum.Changes.Topics, sum.Changes.Questions, sum.Changes.Answers, sum.Changes.Digests} {
		rows += c.Inserted + c.Updated + c.Unchanged
	}
	if sum.Changes.Digests.Inserted == 0 {
		t.Fatal("the fixture made no digest; the test needs one")
	}
	m := regexp.MustCompile(`writing: (\d+)/(\d+) rows`).FindAllStringSubmatch(out.String(), -1)
	if len(m) == 0 {
		t.Fatalf("no writing progress in:\n%s", out.String())
	}
	want := fmt.Sprint(rows)
	if last := m[len(m)-1]; last[1] != want || last[2] != want {
		t.Errorf("last writing line %q; want %s/%s rows", last[0], want, want)
	}
}
