package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// killChildEnv names the database a re-executed test binary syncs into
// until it is killed.
const killChildEnv = "HEALTHQA_SQLITE_KILL_CHILD_DB"

// TestKillMidSync kills -9 a process in the middle of a Sync, after it
// has written enough to spill uncommitted pages to the WAL, and expects
// the database as it was before.
func TestKillMidSync(t *testing.T) {
	if path := os.Getenv(killChildEnv); path != "" {
		syncUntilKilled(path)
		return
	}
	devdata.SkipShort(t, "re-executes the test binary")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "healthqa.db")
	d := mustOpen(t, path)
	if _, err := d.Sync(ctx, "medquad", withDigests(storetest.GenerateContent(50, 100, 200, 100), 20), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, d)
	d.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestKillMidSync$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path)
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
	if fi, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("WAL holds %d bytes when the child is killed", fi.Size())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
		t.Fatal(err)
	}
	cmd.Wait()

	d = mustOpen(t, path)
	if after := fingerprint(t, d); after != before {
		t.Errorf("after a killed Sync:\n%s\nwant as before:\n%s", after, before)
	}
}

// syncUntilKilled runs in the child: a Sync large enough to overflow the
// page cache, stopped forever half-way.
func syncUntilKilled(path string) {
	d, err := Open(context.Background(), path)
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

// fingerprint sums up everything stored, cheaply enough to compare.
func fingerprint(t *testing.T, d *DB) string {
	t.Helper()
	var fp string
	err := d.db.QueryRow(`SELECT
		(SELECT COUNT(*) || ' ' || COALESCE(group_concat(key || ':' || name, ','), '') FROM sources) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(sum(length(hash)), 0) FROM topics) || ' | ' ||
		(SELECT COUNT(*) FROM questions) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(max(updated_at), '') || ' ' || COALESCE(sum(length(text)), 0) FROM answers) || ' | ' ||
		(SELECT COUNT(*) FROM imports) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(group_concat(cui, ','), '') FROM topic_cuis) || ' | ' ||
		(SELECT COUNT(*) || ' ' || COALESCE(sum(length(points)), 0) FROM digests) || ' | ' ||
		(SELECT version FROM store_version)`).Scan(&fp)
	if err != nil {
		t.Fatal(err)
	}
	return fp
}
