package postgres

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// killChildEnv names the database a re-executed test binary syncs into
// until it is killed.
const killChildEnv = "HEALTHQA_POSTGRES_KILL_CHILD_DB"

// TestKillMidSync kills -9 a process in the middle of a Sync, after it
// has copied most of its rows into the open transaction, and expects the
// database as it was before; then a new Sync must go through, which it
// could not if the dead Sync's advisory lock were still held.
func TestKillMidSync(t *testing.T) {
	if url := os.Getenv(killChildEnv); url != "" {
		syncUntilKilled(url)
		return
	}
	devdata.SkipShort(t, "re-executes the test binary")
	ctx := context.Background()
	url := devdata.Postgres(t)
	d, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Sync(ctx, "medquad", withDigests(storetest.GenerateContent(50, 100, 200, 100), 20), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, d)

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidSync$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+url)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitFor(bufio.NewScanner(out), "mid-sync") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("child never reported being mid-Sync")
	}
	// The child must be inside its transaction, or the test proves
	// nothing: its backend has a transaction open, copying or idle.
	var open int64
	if err := d.pool.QueryRow(ctx, `SELECT COUNT(*) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open != 1 {
		t.Errorf("%d other transactions open when the child is killed; want its Sync's", open)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	cmd.Wait()

	if after := fingerprint(t, d); after != before {
		t.Errorf("after a killed Sync:\n%s\nwant as before:\n%s", after, before)
	}
	// The server ends the dead client's transaction, and its lock, when it
	// sees the connection closed; a bounded wait says so if it does not.
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := d.Sync(ctx, "medquad", storetest.GenerateContent(5, 10, 20, 10), store.SyncOptions{}); err != nil {
		t.Fatalf("Sync after the kill: %v", err)
	}
}

// syncUntilKilled runs in the child: a Sync stopped forever three
// quarters through, inside its transaction.
func syncUntilKilled(url string) {
	d, err := Open(context.Background(), url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c := storetest.GenerateContent(2000, 5000, 10000, 800)
	opts := store.SyncOptions{Progress: func(done, total int) {
		if done >= total*3/4 {
			fmt.Println("mid-sync")
			os.Stdout.Sync()
			time.Sleep(time.Hour) // until killed
		}
	}}
	_, err = d.Sync(context.Background(), "medquad", c, opts)
	fmt.Fprintln(os.Stderr, "Sync finished, which it should not have:", err)
	os.Exit(2)
}

func waitFor(sc *bufio.Scanner, line string) bool {
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == line {
			return true
		}
	}
	return false
}

// withDigests gives the first n questions of c a digest.
func withDigests(c store.Content, n int) store.Content {
	for _, q := range c.Questions[:n] {
		c.Digests = append(c.Digests, model.Digest{QuestionSlug: q.Slug, Points: []model.DigestPoint{{
			Label: "a point", Sources: []string{c.Sources[0].Key},
		}}})
	}
	return c
}

// fingerprint sums up everything stored, cheaply enough to compare.
func fingerprint(t *testing.T, d *DB) string {
	t.Helper()
	var fp string
	err := d.pool.QueryRow(context.Background(), `SELECT
		(SELECT COUNT(*) || ' ' || COALESCE(string_agg(key || ':' || name, ',' ORDER BY key), '') FROM sources) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(sum(length(hash)), 0) FROM topics) || ' | ' ||
		(SELECT COUNT(*) FROM questions) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(max(updated_at)::text, '') || ' ' || COALESCE(sum(length(text)), 0) FROM answers) || ' | ' ||
		(SELECT COUNT(*) FROM imports) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(string_agg(cui, ',' ORDER BY topic_id, cui), '') FROM topic_cuis) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(sum(length(points::text)), 0) FROM digests) || ' | ' ||
		(SELECT version FROM store_version)`).Scan(&fp)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}
