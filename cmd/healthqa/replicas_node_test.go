package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/account"
	"healthqa/internal/devdata"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// A real `healthqa serve --db <primary> --db-replica <replica>` over a
// real streaming replica (devdata.StreamingReplica). With WAL replay
// paused on the replica, a reviewer publishes an answer through the
// node: the reviewer's next page shows it (their reads go to the
// primary), an anonymous reader's does not (theirs come from the
// replica); once replay resumes the reader sees it too. Then the
// replica is stopped under a stream of requests, cache misses that read
// the database among them, once by a fast shutdown and once by a crash:
// none fails, /readyz stays 200 and says the replica is down, and after
// its restart that it is in use again.
func TestServeWithReplica(t *testing.T) {
	rep := devdata.StreamingReplica(t)
	if r := cli(t, "import", "medquad", fixture, "--db", rep.PrimaryURL); r.code != exitOK {
		t.Fatalf("import: %d\n%s", r.code, r.stderr)
	}
	writer := replicaTestAccount(t, rep.PrimaryURL, "Wren Writer", model.RoleContributor)
	reviewer := replicaTestAccount(t, rep.PrimaryURL, "Ravi Reviewer", model.RoleReviewer)
	rep.WaitReplayed()
	base, metrics := startReplicaNode(t, rep.PrimaryURL, "--db-replica", rep.ReplicaURL, "--db-replica-max-lag", "1m",
		"--metrics-addr", "127.0.0.1:0")
	waitReady(t, base)
	replicaName := strings.TrimPrefix(strings.Split(rep.ReplicaURL, "?")[0], "postgres://postgres@")
	if body := get(t, base+"/readyz"); !strings.Contains(body, "replica "+replicaName+": in use") {
		t.Fatalf("/readyz does not say the replica is in use:\n%s", body)
	}
	// The metrics show the replica's pool beside the primary's, and its
	// state as /readyz does.
	replicaState := func(state string) string {
		return `healthqa_db_backend_state{name="` + replicaName + `",role="replica",state="` + state + `"} 1`
	}
	scraped := get(t, metrics)
	for _, want := range []string{`healthqa_db_pool_max_connections{pool="replica ` + replicaName + `"}`, replicaState("in use"),
		`healthqa_db_pool_max_connections{pool="primary"}`} {
		if !strings.Contains(scraped, want) {
			t.Errorf("the metrics lack %s", want)
		}
	}

	const question = "/q/what-is-restless-legs-syndrome"
	const marker = "says the replica test"
	anonymous := func() string { return get(t, base+question) }
	if strings.Contains(anonymous(), marker) {
		t.Fatal("the answer shows before it is written")
	}
	replicaSQL(t, rep, "SELECT pg_wal_replay_pause()")
	w := replicaSignIn(t, base, writer)
	resp := w.post(t, base+"/contribute/submissions", url.Values{"question": {"what-is-restless-legs-syndrome"},
		"markdown": {"Restless legs syndrome makes the legs move at night, " + marker + "."}})
	m := regexp.MustCompile(`^/contribute/submissions/(\d+)`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("new answer: %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	if resp := w.post(t, base+"/contribute/submissions/"+m[1]+"/submit", url.Values{"revision": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %s", resp.Status)
	}
	r := replicaSignIn(t, base, reviewer)
	resp = r.post(t, base+"/review/submissions/"+m[1]+"/decision", url.Values{"decision": {"approve"}, "comment": {""},
		"revision": {"1"}, "state": {"submitted"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %s", resp.Status)
	}
	// At once, no polling: the reviewer reads the primary.
	if page := r.get(t, base+question); !strings.Contains(page, marker) {
		t.Error("the reviewer's next page does not show the answer they published")
	}
	if page := anonymous(); strings.Contains(page, marker) {
		t.Error("an anonymous reader sees the answer while the replica's replay is paused: not reading the replica")
	}
	replicaSQL(t, rep, "SELECT pg_wal_replay_resume()")
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(anonymous(), marker) {
		if time.Now().After(deadline) {
			t.Fatal("the anonymous reader never saw the answer after replay resumed")
		}
		time.Sleep(100 * time.Millisecond)
	}

	for _, stop := range []struct {
		name string
		do   func()
	}{
		{"fast shutdown", rep.StopReplica},
		{"crash", rep.CrashReplica},
	} {
		failures := streamDuring(t, base, func() {
			stop.do()
			waitReadyz(t, base, "replica "+replicaName+": down")
		})
		if failures != 0 {
			t.Errorf("%s: %d requests failed while the replica stopped", stop.name, failures)
		}
		if scraped := get(t, metrics); !strings.Contains(scraped, replicaState("down")) {
			t.Errorf("%s: the metrics do not say the replica is down", stop.name)
		}
		rep.StartReplica()
		waitReadyz(t, base, "replica "+replicaName+": in use")
	}
}

// streamDuring sends requests from two clients while during runs, and
// some after, and returns how many failed (no answer, or 5xx). Pages
// past the last (/topics?page=N, 400) are never cached, so each is a
// read of the database.
func streamDuring(t *testing.T, base string, during func()) int64 {
	t.Helper()
	var sent, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range 2 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				targets := []string{fmt.Sprintf("/topics?letter=R&page=%d", 1000*c+i+2), "/q/what-is-restless-legs-syndrome",
					fmt.Sprintf("/api/v1/topics?letter=M&page=%d", 1000*c+i+2), "/api/v1/questions/what-is-restless-legs-syndrome"}
				for _, target := range targets {
					sent.Add(1)
					resp, err := http.Get(base + target)
					if err != nil {
						failed.Add(1)
						t.Errorf("GET %s: %v", target, err)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode >= 500 {
						failed.Add(1)
						t.Errorf("GET %s: %s", target, resp.Status)
					}
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	during()
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("%d requests while the replica stopped, %d failed", sent.Load(), failed.Load())
	return failed.Load()
}

// waitReadyz polls /readyz until it is 200 and says want.
func waitReadyz(t *testing.T, base, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/readyz %s:\n%s", resp.Status, b)
		}
		if strings.Contains(string(b), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz never said %q:\n%s", want, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// startReplicaNode starts serve and returns its address once it
// listens, and its metrics address if it serves metrics; the process is
// killed at the end of the test.
func startReplicaNode(t *testing.T, db string, args ...string) (base, metrics string) {
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
	sc := bufio.NewScanner(stderr)
	var logged strings.Builder
	for sc.Scan() {
		logged.WriteString(sc.Text() + "\n")
		if m := metricsLine.FindStringSubmatch(sc.Text()); m != nil {
			metrics = m[1]
		}
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, stderr)
			return m[1], metrics
		}
	}
	t.Fatalf("serve exited before listening:\n%s", logged.String())
	return "", ""
}

func replicaSQL(t *testing.T, rep *devdata.Replication, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, rep.ReplicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

const replicaTestPassword = "a replica test pass phrase"

// replicaTestAccount stores an account on the primary through the
// store (`healthqa users add` opens SQLite only).
func replicaTestAccount(t *testing.T, db, name string, role model.Role) store.User {
	t.Helper()
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc, ok := st.(store.Accounts)
	if !ok {
		t.Fatal("the store has no accounts")
	}
	hash, err := account.Hash(replicaTestPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := acc.CreateUser(ctx, store.User{Person: model.Person{Name: name, Slug: account.Slug(name)},
		Email: account.Slug(name) + "@example.org", PasswordHash: hash, Roles: []model.Role{role}})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// replicaClient keeps cookies by name and sends them over plain http,
// where Go's cookie jar would keep the Secure session cookie back.
type replicaClient struct {
	cookies map[string]string
	csrf    string
}

var replicaCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func replicaSignIn(t *testing.T, base string, u store.User) *replicaClient {
	t.Helper()
	c := &replicaClient{cookies: map[string]string{}}
	c.takeCSRF(t, c.get(t, base+"/signin"))
	if resp := c.post(t, base+"/signin", url.Values{"email": {u.Email}, "password": {replicaTestPassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %s", u.Email, resp.Status)
	}
	c.takeCSRF(t, c.get(t, base+"/account"))
	return c
}

func (c *replicaClient) takeCSRF(t *testing.T, html string) {
	t.Helper()
	m := replicaCSRF.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no csrf field in %.300s", html)
	}
	c.csrf = m[1]
}

func (c *replicaClient) do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func (c *replicaClient) get(t *testing.T, target string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	_, body := c.do(t, req)
	return body
}

func (c *replicaClient) post(t *testing.T, target string, form url.Values) *http.Response {
	t.Helper()
	form.Set("csrf", c.csrf)
	req, _ := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _ := c.do(t, req)
	return resp
}
