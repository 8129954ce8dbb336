package postgres

import (
	"context"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestGradesAfterMigration upgrades a populated database from before
// migration 0011: the migration applies to it, the first import of the
// new binary writes every grade and moves the version (cached pages
// would miss the labels otherwise), and the next writes nothing.
func TestGradesAfterMigration(t *testing.T) {
	ctx := context.Background()
	dsn := devdata.PostgresSchema(t)
	c := gradeEven(storetest.GenerateContent(20, 50, 100, 20))

	d, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0011, content kept.
	if _, err := d.pool.Exec(ctx, `DROP TABLE answer_readability; DELETE FROM schema_migrations WHERE version = 11`); err != nil {
		t.Fatal(err)
	}
	d.Close()

	d, err = Open(ctx, dsn)
	if err != nil {
		t.Fatalf("migrating a populated database: %v", err)
	}
	defer d.Close()
	v0 := mustVersion(t, d)
	if n := gradeRows(t, d); n != 0 {
		t.Fatalf("%d grades right after the migration; want none", n)
	}
	res, err := d.Sync(ctx, "medquad", c, store.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Answers.Changed() {
		t.Errorf("the answers did not change, yet %+v", res.Answers)
	}
	if n := gradeRows(t, d); n != 50 {
		t.Errorf("%d grades after the re-import; want 50", n)
	}
	v1 := mustVersion(t, d)
	if v1 == v0 {
		t.Error("grades filled in, but the version did not move")
	}
	a := c.Answers[4]
	_, answers, err := d.Question(ctx, a.QuestionSlug)
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range answers {
		if got.Key == a.Key && (got.Readability == nil || *got.Readability != *a.Readability) {
			t.Errorf("answer %s reads %+v; want %+v", a.Key, got.Readability, *a.Readability)
		}
	}
	before := rowVersions(t, d)
	if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if v := mustVersion(t, d); v != v1 {
		t.Error("an identical re-import moved the version")
	}
	for v := range rowVersions(t, d) {
		if !before[v] {
			t.Errorf("an identical re-import wrote %s", v)
		}
	}
}

func gradeRows(t *testing.T, d *DB) int {
	t.Helper()
	var n int
	if err := d.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM answer_readability`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
