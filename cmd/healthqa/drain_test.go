package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// node is a real serve process for the operations tests.
type node struct {
	cmd           *exec.Cmd
	base, metrics string // http://host:port, and the metrics address ("" when off)
	mu            sync.Mutex
	log           strings.Builder // everything serve wrote to stderr
	done          chan error
}

var metricsLine = regexp.MustCompile(`msg=metrics addr=(http://\S+)`)

// startNode runs serve on the small fixture in a fresh SQLite file and
// waits until it is ready.
func startNode(t *testing.T, args ...string) *node {
	t.Helper()
	data, err := filepath.Abs(fixture)
	if err != nil {
		t.Fatal(err)
	}
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "n.db"), "--medquad", data}, args...)
	n := &node{cmd: exec.Command(os.Args[0], args...), done: make(chan error, 1)}
	n.cmd.Env = append(os.Environ(), "HEALTHQA_TEST_MAIN=1")
	stderr, err := n.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.cmd.Process.Kill() })
	sc := bufio.NewScanner(stderr)
	for n.base == "" && sc.Scan() {
		n.record(sc.Text())
		if m := metricsLine.FindStringSubmatch(sc.Text()); m != nil {
			n.metrics = m[1]
		}
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			n.base = m[1]
		}
	}
	if n.base == "" {
		t.Fatalf("serve exited before listening:\n%s", n.logText())
	}
	go func() {
		for sc.Scan() {
			n.record(sc.Text())
		}
		n.done <- n.cmd.Wait()
	}()
	waitReady(t, n.base)
	return n
}

func (n *node) record(line string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.log.WriteString(line + "\n")
}

func (n *node) logText() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.log.String()
}

// wait is the process's exit, within a bound that is not a timing: a
// drain that hangs must fail the test rather than the suite's timeout.
func (n *node) wait(t *testing.T) error {
	t.Helper()
	select {
	case err := <-n.done:
		return err
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not exit after SIGTERM:\n%s", n.logText())
		return nil
	}
}

// slowVote begins a feedback POST whose body is sent only in part: a
// request in flight for as long as the test holds it. finish sends the
// rest and reads the whole response.
func slowVote(t *testing.T, base string) (finish func() (*http.Response, string, error)) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	form := "helpful=yes"
	fmt.Fprintf(conn, "POST /feedback/no-such-answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", len(form), form[:4])
	return func() (*http.Response, string, error) {
		if _, err := io.WriteString(conn, form[4:]); err != nil {
			return nil, "", err
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, string(b), err
	}
}

// waitInFlight polls the metrics until n requests are being answered
// (the slow request has reached its handler).
func waitInFlight(t *testing.T, metrics string, n int) {
	t.Helper()
	// The scrape is on the metrics listener: not counted.
	want := fmt.Sprintf("healthqa_http_requests_in_flight %d\n", n)
	for range 500 {
		if strings.Contains(get(t, metrics), want) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never %d requests in flight", n)
}

// TestServeDrainsOnSIGTERM: on SIGTERM /readyz turns 503 while the node
// still serves, then new connections are refused, a request in flight
// completes, and the process exits 0.
func TestServeDrainsOnSIGTERM(t *testing.T) {
	n := startNode(t, "--metrics-addr", "127.0.0.1:0", "--drain-delay", "3s", "--drain-timeout", "20s")
	if n.metrics == "" {
		t.Fatal("no metrics address logged")
	}
	if resp, err := http.Get(n.base + "/metrics"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the public address: %v %v", resp.Status, err)
	}
	finish := slowVote(t, n.base)
	waitInFlight(t, n.metrics, 1)

	n.cmd.Process.Signal(syscall.SIGTERM)
	sawDraining := false
	for range 300 { // /readyz turns 503 while the listener is still open
		resp, err := http.Get(n.base + "/readyz")
		if err != nil {
			t.Fatalf("/readyz refused before it said draining: %v", err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(string(b), "draining") {
			sawDraining = true
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !sawDraining {
		t.Fatal("/readyz never said draining")
	}
	if body := get(t, n.base+"/q/what-is-restless-legs-syndrome"); !strings.Contains(body, "estless") {
		t.Error("a page during the drain delay was not served")
	}
	var dialErr error
	for range 1000 { // then the listener closes
		c, err := net.Dial("tcp", strings.TrimPrefix(n.base, "http://"))
		if err == nil {
			c.Close()
		} else if dialErr = err; errors.Is(err, syscall.ECONNREFUSED) {
			break
		} // another error: a dial that met the listener closing; again
		time.Sleep(10 * time.Millisecond)
	}
	if !errors.Is(dialErr, syscall.ECONNREFUSED) {
		t.Fatalf("new connections were not refused after the drain delay: %v", dialErr)
	}
	resp, body, err := finish()
	if err != nil {
		t.Fatalf("the request in flight did not complete: %v", err)
	}
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "</html>") {
		t.Errorf("the request in flight: %s, %d bytes", resp.Status, len(body))
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Error("no X-Request-Id on the response")
	}
	if err := n.wait(t); err != nil {
		t.Errorf("serve after SIGTERM: %v\n%s", err, n.logText())
	}
}

// TestServeDrainDeadline: a request still in flight at --drain-timeout
// is cut, and serve says so with exit status 1.
func TestServeDrainDeadline(t *testing.T) {
	n := startNode(t, "--metrics-addr", "127.0.0.1:0", "--drain-timeout", "500ms")
	slowVote(t, n.base) // never finished
	waitInFlight(t, n.metrics, 1)
	n.cmd.Process.Signal(syscall.SIGTERM)
	err := n.wait(t)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFailure {
		t.Fatalf("serve with a request past the deadline: %v, want exit %d", err, exitFailure)
	}
	if !strings.Contains(n.logText(), "were cut (--drain-timeout)") {
		t.Errorf("no word of the cut request:\n%s", n.logText())
	}
}
