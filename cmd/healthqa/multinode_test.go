package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/devdata"
	"healthqa/internal/store/postgres"
)

// changeWithin is issue 10's requirement: a change made anywhere shows
// on every node within 2 s. It is the requirement, not a speed figure,
// and is measured from the moment the change is known to be committed
// (the import process has exited, the approval's response has come).
// On the small fixture a node needs a few tens of milliseconds; the
// margin is for a loaded shared machine.
const changeWithin = 2 * time.Second

// multiQuestion is the fixture's question whose answer the imports
// change; multiAsk finds it.
const (
	multiQuestion = "what-is-restless-legs-syndrome"
	multiAsk      = "zebrafish+legs"
)

// TestSeveralNodes is issue 10's multi-node must-show, with real
// processes: three `healthqa serve` on one PostgreSQL database, each
// polling the version only once an hour, so that what arrives arrives by
// notification. A re-import through `healthqa import` shows on every
// node's question page, /ask and API within changeWithin; so does one
// made right after every node's notification connection is terminated
// (pg_terminate_backend), and one after they have listened again. With
// store.Editorial, a publish approved through one node shows on the
// others too.
func TestSeveralNodes(t *testing.T) {
	db := devdata.Postgres(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	runHealthqa(t, "import", "medquad", dir, "--db", db)
	requireServing(t, db)

	var nodes []*clusterNode
	for range 3 {
		nodes = append(nodes, startClusterNode(t, db, "--version-poll", "1h"))
	}
	for _, n := range nodes {
		waitReady(t, n.base)
		for _, u := range changeURLs(multiAsk) {
			if strings.Contains(n.get(t, u), "help, round") {
				t.Fatalf("%s%s shows a change before any", n.base, u)
			}
		}
	}

	reimport(t, dir, db, 1)
	changed(t, db, nodes, changeURLs(multiAsk), "help, round 1")

	if n := terminateWatchers(t, db); n != len(nodes) {
		t.Fatalf("terminated %d notification connections, want %d (one per node)", n, len(nodes))
	}
	reimport(t, dir, db, 2)
	changed(t, db, nodes, changeURLs(multiAsk), "help, round 2")

	waitListening(t, db, len(nodes))
	reimport(t, dir, db, 3)
	changed(t, db, nodes, changeURLs(multiAsk), "help, round 3")

	publishThroughOneNode(t, db, nodes)

	for _, n := range nodes {
		n.stop(t)
	}
}

// changeURLs are what every node must show a change on: the question
// page and its API resource, and /ask and its API for query (from the
// search index, rebuilt on the change).
func changeURLs(query string) []string {
	return []string{
		"/q/" + multiQuestion,
		"/api/v1/questions/" + multiQuestion,
		"/ask?q=" + query,
		"/api/v1/ask?q=" + query,
	}
}

// requireServing skips (fails under CI) while serve refuses PostgreSQL:
// it does until the store implements accounts, the editorial workflow
// and the published reads (missingFeatures).
func requireServing(t *testing.T, db string) {
	t.Helper()
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	missing := missingFeatures(st)
	st.Close()
	if len(missing) > 0 {
		devdata.Skip(t, "serve refuses PostgreSQL until it implements "+strings.Join(missing, ", "))
	}
}

// reimport changes the fixture's restless legs answer to say round and
// imports it with `healthqa import`, which has committed when it exits.
func reimport(t *testing.T, dir, db string, round int) {
	t.Helper()
	file := filepath.Join(dir, "3_GHR_QA", "0000869.xml")
	orig, err := os.ReadFile(filepath.Join(fixture, "3_GHR_QA", "0000869.xml"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(orig), "It&apos;s common.", fmt.Sprintf("Studies in zebrafish help, round %d.", round), 1)
	if changed == string(orig) {
		t.Fatal("the fixture no longer has the sentence the test changes")
	}
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	runHealthqa(t, "import", "medquad", dir, "--db", db)
}

// changed checks that a change just committed reaches every node within
// changeWithin: first each node's log must say it has built the search
// index of the new version, with no request made to it (a node without
// traffic stays current; the request-driven version check would
// otherwise hide a watcher that does not work), then every node's urls
// must show want.
func changed(t *testing.T, db string, nodes []*clusterNode, urls []string, want string) {
	t.Helper()
	changedWithin(t, db, nodes, urls, want, changeWithin)
}

// changedWithin is changed with another bound.
func changedWithin(t *testing.T, db string, nodes []*clusterNode, urls []string, want string, within time.Duration) {
	t.Helper()
	committed := time.Now()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var v int64
	err = conn.QueryRow(ctx, `SELECT version FROM store_version`).Scan(&v)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	built := fmt.Sprintf(" version=%d ", v)
	for _, n := range nodes {
		for !n.logged(`msg="search index ready"`, built) {
			if time.Since(committed) > within {
				t.Fatalf("%s built no index of version %d within %v, unasked:\n%s", n.base, v, within, n.log.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	seenEverywhere(t, nodes, urls, want, committed, within)
}

// seenEverywhere polls urls on every node until each shows want,
// failing once changeWithin has passed since committed.
func seenEverywhere(t *testing.T, nodes []*clusterNode, urls []string, want string, committed time.Time, within time.Duration) {
	t.Helper()
	pending := map[string]bool{}
	for _, n := range nodes {
		for _, u := range urls {
			pending[n.base+u] = true
		}
	}
	for {
		for u := range pending {
			if strings.Contains(httpGet(t, u), want) {
				delete(pending, u)
			}
		}
		if len(pending) == 0 {
			t.Logf("%q on every node after %v", want, time.Since(committed).Round(time.Millisecond))
			return
		}
		if time.Since(committed) > within {
			var left []string
			for u := range pending {
				left = append(left, u)
			}
			for _, n := range nodes {
				t.Logf("log of %s:\n%s", n.base, n.log.String())
			}
			t.Fatalf("%q not shown within %v by %s", want, within, strings.Join(left, ", "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// terminateWatchers ends every notification connection on db, as an
// operator (or a failover) would, and counts them.
func terminateWatchers(t *testing.T, db string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%'`, postgres.WatchAppName).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// waitListening waits until n connections listen on db again.
func waitListening(t *testing.T, db string, n int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for range 300 { // a bound, not a timing
		var got int
		err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%'`, postgres.WatchAppName).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got == n {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the nodes did not listen again: want %d connections", n)
}

// runHealthqa runs the healthqa command (this test binary, as main) in
// a process of its own and fails on a non-zero exit.
func runHealthqa(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "HEALTHQA_TEST_MAIN=1", "HEALTHQA_CACHE="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("healthqa %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// clusterNode is one `healthqa serve` process.
type clusterNode struct {
	cmd  *exec.Cmd
	base string
	log  *syncBuffer
}

// startClusterNode starts serve on db at a free port and returns once it
// listens; the process is killed when the test ends, if still running.
func startClusterNode(t *testing.T, db string, args ...string) *clusterNode {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, args...)...)
	cmd.Env = append(os.Environ(), "HEALTHQA_TEST_MAIN=1", "HEALTHQA_CACHE="+t.TempDir())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	n := &clusterNode{cmd: cmd, log: &syncBuffer{}}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		n.log.WriteString(sc.Text() + "\n")
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			n.base = m[1]
			break
		}
	}
	if n.base == "" {
		t.Fatalf("serve exited before listening:\n%s", n.log.String())
	}
	go io.Copy(n.log, stderr)
	return n
}

// stop ends the node as a process manager would, with SIGTERM.
func (n *clusterNode) stop(t *testing.T) {
	t.Helper()
	n.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- n.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve %s after SIGTERM: %v\n%s", n.base, err, n.log.String())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("serve %s did not stop after SIGTERM", n.base)
	}
}

// logged reports whether a line of the node's log holds every one of
// parts.
func (n *clusterNode) logged(parts ...string) bool {
	for line := range strings.Lines(n.log.String()) {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			return true
		}
	}
	return false
}

func (n *clusterNode) get(t *testing.T, path string) string {
	t.Helper()
	return httpGet(t, n.base+path)
}

// httpGet returns the body of a 200 response, failing on any other.
func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%.500s", url, resp.Status, b)
	}
	return string(b)
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) WriteString(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.WriteString(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
