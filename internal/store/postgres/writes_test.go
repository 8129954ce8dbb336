package postgres

import (
	"context"
	"testing"

	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// rowVersions lists every content row's physical version (ctid, xmin):
// any UPDATE, even one writing the same values, or a delete and
// re-insert, changes it.
func rowVersions(t *testing.T, d *DB) map[string]bool {
	t.Helper()
	rows, err := d.pool.Query(context.Background(), `
		SELECT 'sources ' || ctid::text || ' ' || xmin::text FROM sources
		UNION ALL SELECT 'topics ' || ctid::text || ' ' || xmin::text FROM topics
		UNION ALL SELECT 'topic_cuis ' || ctid::text || ' ' || xmin::text FROM topic_cuis
		UNION ALL SELECT 'questions ' || ctid::text || ' ' || xmin::text FROM questions
		UNION ALL SELECT 'answers ' || ctid::text || ' ' || xmin::text FROM answers
		UNION ALL SELECT 'digests ' || ctid::text || ' ' || xmin::text FROM digests
		UNION ALL SELECT 'answer_readability ' || ctid::text || ' ' || xmin::text FROM answer_readability
		UNION ALL SELECT 'store_version ' || ctid::text || ' ' || xmin::text FROM store_version
		UNION ALL SELECT 'search_snapshot ' || ctid::text || ' ' || xmin::text FROM search_snapshot`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		m[v] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestWritesOnlyWhatChanged checks at the level of row versions what the
// suite checks through reads: an unchanged re-import rewrites no row at
// all, and a change of one answer's text rewrites that row, in place
// (same id), and the version row, and nothing else.
func TestWritesOnlyWhatChanged(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	c := gradeEven(storetest.GenerateContent(20, 50, 100, 20))
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveSearchSnapshot(ctx, mustVersion(t, d), []byte("snapshot")); err != nil {
		t.Fatal(err)
	}
	before := rowVersions(t, d)
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	after := rowVersions(t, d)
	for v := range after {
		if !before[v] {
			t.Errorf("an unchanged re-import wrote %s", v)
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d row versions after an unchanged re-import; want %d", len(after), len(before))
	}

	var id int64
	key := c.Answers[7].Key
	if err := d.pool.QueryRow(ctx, `SELECT id FROM answers WHERE key = $1`, key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	c.Answers[7].Text += " Changed."
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	var newID int64
	if err := d.pool.QueryRow(ctx, `SELECT id FROM answers WHERE key = $1`, key).Scan(&newID); err != nil {
		t.Fatal(err)
	}
	if newID != id {
		t.Errorf("changed answer has id %d, was %d: want an update in place", newID, id)
	}
	var written []string
	for v := range rowVersions(t, d) {
		if !after[v] {
			written = append(written, v)
		}
	}
	// The answer and the version row; the snapshot was deleted.
	if len(written) != 2 {
		t.Errorf("changing one answer wrote %d rows: %v; want the answer and store_version", len(written), written)
	}
}

// gradeEven gives every other answer reading grades.
func gradeEven(c store.Content) store.Content {
	for i := 0; i < len(c.Answers); i += 2 {
		c.Answers[i].Readability = &model.Readability{Grade: float64(i%17) + 0.25, SMOG: float64(i%13) + 3}
	}
	return c
}

func mustVersion(t *testing.T, d *DB) int64 {
	t.Helper()
	v, err := d.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}
