package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"healthqa/internal/dataset"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

// The first run, end to end and offline: the default archive already sits
// in the cache folder, so serve verifies it, imports it into the empty
// database, answers, and shuts down cleanly on SIGTERM.
func TestServeFirstRunFromCache(t *testing.T) {
	zipPath := medquadZip(t)
	cache := t.TempDir()
	b, err := os.ReadFile(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cache, dataset.DefaultFileName), b, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--db", testdb.DSN(t))
	cmd.Env = append(os.Environ(), "HEALTHQA_TEST_MAIN=1", "HEALTHQA_CACHE="+cache)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	base := waitForAddr(t, stderr)

	if body := get(t, base+"/healthz"); body != "ok\n" {
		t.Errorf("/healthz = %q", body)
	}
	waitReady(t, base)
	if body := get(t, base+"/ask?q=what+causes+restless+legs"); !strings.Contains(body, "restless") {
		t.Error("/ask once ready found nothing")
	}
	// Without --base-url the pages name the address listened on (the
	// real port, not 0), whatever Host the request claims.
	req, _ := http.NewRequest("GET", base+"/robots.txt", nil)
	req.Host = "evil.example"
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Error(err)
	} else if b, _ := io.ReadAll(resp.Body); !strings.Contains(string(b), "Sitemap: "+base+"/sitemap.xml") {
		t.Errorf("robots.txt asked as evil.example:\n%s", b)
	}
	var s store.Stats
	if err := json.Unmarshal([]byte(get(t, base+"/api/v1/stats")), &s); err != nil || s.Entries != 47423 {
		t.Errorf("/api/v1/stats: %+v, %v", s, err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Error("serve did not stop after SIGTERM")
	}
}

// waitReady polls /readyz, as a load balancer would, until the node says
// it is ready: serve listens before its search index is built.
func waitReady(t *testing.T, base string) {
	t.Helper()
	for range 3000 { // a bound, not a timing: the import runs first
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
			return
		case http.StatusServiceUnavailable:
			time.Sleep(100 * time.Millisecond)
		default:
			t.Fatalf("/readyz: %s", resp.Status)
		}
	}
	t.Fatal("serve never became ready")
}

var servingLine = regexp.MustCompile(`msg=serving addr=(http://\S+)`)

// waitForAddr reads serve's log until it says where it listens, then
// drains the rest in the background.
func waitForAddr(t *testing.T, r io.Reader) string {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			go io.Copy(io.Discard, r)
			return m[1]
		}
	}
	t.Fatal("serve exited before listening")
	return ""
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %s", url, resp.Status)
	}
	return string(b)
}

func TestLocalBaseURL(t *testing.T) {
	for _, tt := range []struct{ listen, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080"},
		{"[::]:8080", "http://[::1]:8080"},
		{"[::1]:9000", "http://[::1]:9000"},
	} {
		a, err := net.ResolveTCPAddr("tcp", tt.listen)
		if err != nil {
			t.Fatal(err)
		}
		if got := localBaseURL(a); got != tt.want {
			t.Errorf("localBaseURL(%s) = %s, want %s", tt.listen, got, tt.want)
		}
	}
}
