package sqlite

import (
	"context"
	"sync"
	"testing"
	"time"

	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// Many readers at once, on a fresh handle whose statements are not yet
// prepared, all finish, and the pool never opens more connections than
// its bound: a web server under load must not open one SQLite connection
// per request. The timeout only turns a deadlock into a failure.
func TestPoolBoundedUnderConcurrentReads(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/pool.db"
	seed := mustOpen(t, path)
	c := storetest.GenerateContent(50, 200, 400, 200)
	if _, err := seed.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	d := mustOpen(t, path)
	if _, err := d.Version(ctx); err != nil { // holds its own connection
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	// Each kind of read: single statements and read transactions.
	reads := []func(i int) error{
		func(i int) error { _, err := d.Stats(ctx); return err },
		func(i int) error { _, err := d.TopicQuestions(ctx, c.Topics[i%len(c.Topics)].Slug); return err },
		func(i int) error { _, _, err := d.Question(ctx, c.Questions[i%len(c.Questions)].Slug); return err },
		func(i int) error { _, err := d.SearchQuestions(ctx, c.Topics[i%len(c.Topics)].Name, 10); return err },
		func(i int) error { _, err := d.TopicsByLetter(ctx, "", i%10, 10); return err },
		func(i int) error { _, _, err := d.SourceTopics(ctx, c.Sources[i%len(c.Sources)].Key); return err },
		func(i int) error { _, err := d.RelatedTopics(ctx, c.Topics[i%len(c.Topics)].Slug, 5); return err },
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64*len(reads))
	for g := range 64 {
		wg.Go(func() {
			for k, read := range reads {
				if err := read(g + k); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := d.db.Stats()
	if st.MaxOpenConnections == 0 || st.MaxOpenConnections != maxOpenConns || st.OpenConnections > maxOpenConns {
		t.Errorf("pool: %d open, bound %d; want at most %d", st.OpenConnections, st.MaxOpenConnections, maxOpenConns)
	}
}
