package main

import (
	"context"
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
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"healthqa/internal/devdata"
)

// nginxConf is the balancer's configuration docs/DEPLOY.md shows.
const nginxConf = "../../deploy/nginx.conf"

// TestNginxInFrontOfTwoNodes runs deploy/nginx.conf as it is (only the
// addresses rewritten) in front of two real serve processes: requests
// are spread over both, a client's own X-Forwarded-For does not choose
// its address, request ids pass through, killing a node mid-run costs
// no request (nginx retries on the other), and neither does a rolling
// restart (the killed node back, the other drained and back).
func TestNginxInFrontOfTwoNodes(t *testing.T) {
	bin := nginxBinary(t)
	nodeFlags := []string{"--metrics-addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1", "--log-level", "debug"}
	nodes := []*node{startNode(t, nodeFlags...), startNode(t, nodeFlags...)}
	front, nginxLog := startNginx(t, bin, strings.TrimPrefix(nodes[0].base, "http://"), strings.TrimPrefix(nodes[1].base, "http://"))

	// Round robin: both nodes answer.
	for range 10 {
		get(t, front+"/")
	}
	for i, n := range nodes {
		if c := routeRequests(t, n, "/{$}"); c < 1 {
			t.Errorf("node %d answered no home page through nginx", i)
		}
	}

	// The client (from 127.0.0.2, not a trusted proxy) claims another
	// address; the node logs the real one, under the id it sent.
	client := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext}}
	req, _ := http.NewRequest("GET", front+"/topics", nil)
	req.Header.Set("X-Forwarded-For", "192.0.2.66")
	req.Header.Set("X-Request-Id", "spoof-check-1")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if id := resp.Header.Get("X-Request-Id"); id != "spoof-check-1" {
		t.Errorf("X-Request-Id through nginx = %q", id)
	}
	// The line is written once the response is out, and read from the
	// node's stderr: wait for it.
	line := regexp.MustCompile(`(?m)^.*request_id=spoof-check-1.*$`)
	var logged string
	for i := 0; logged == "" && i < 500; i++ {
		for _, n := range nodes {
			logged += line.FindString(n.logText())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(logged, "client=127.0.0.2") || strings.Contains(logged, "192.0.2.66") {
		t.Errorf("access line for the spoofing client: %q", logged)
	}
	if resp, err := http.Get(front + "/"); err != nil || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(resp.Header.Get("X-Request-Id")) {
		t.Errorf("no request id of nginx's own: %v", err)
	}

	// Kill a node while requests flow: nginx retries on the other.
	var ok, failed atomic.Int64
	var firstFailure atomic.Value
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(front + "/q/what-is-restless-legs-syndrome")
				if err != nil || resp.StatusCode != http.StatusOK {
					if failed.Add(1) == 1 {
						firstFailure.Store(fmt.Sprintf("after %d successes: %v %v", ok.Load(), err, statusOf(resp)))
					}
				} else {
					ok.Add(1)
				}
				if resp != nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		})
	}
	waitCount(t, &ok, 100)
	nodes[0].cmd.Process.Kill()
	waitCount(t, &ok, ok.Load()+200)
	if f := failed.Load(); f != 0 {
		t.Errorf("%d of %d requests failed when a node was killed; the first %v", f, f+ok.Load(), firstFailure.Load())
	}

	// A rolling restart as docs/DEPLOY.md says: the killed node comes
	// back on its address, and once nginx sends it requests again the
	// other drains (SIGTERM) and comes back too.
	nodes[0] = startNode(t, append(nodeFlags, "--addr", strings.TrimPrefix(nodes[0].base, "http://"))...)
	waitRoute(t, nodes[0], questionRoute)
	nodes[1].cmd.Process.Signal(syscall.SIGTERM)
	if err := nodes[1].wait(t); err != nil {
		t.Errorf("the drained node: %v", err)
	}
	waitCount(t, &ok, ok.Load()+100)
	nodes[1] = startNode(t, append(nodeFlags, "--addr", strings.TrimPrefix(nodes[1].base, "http://"))...)
	waitRoute(t, nodes[1], questionRoute)
	close(stop)
	wg.Wait()
	if f := failed.Load(); f != 0 {
		t.Errorf("%d of %d requests failed in the rolling restart; the first %v\nnginx:\n%s", f, f+ok.Load(), firstFailure.Load(), nginxLog())
	}
}

const questionRoute = `/q/{slug}`

// waitRoute waits until nginx sends the node requests of route: after
// a node fails, nginx leaves it out for fail_timeout (5 s).
func waitRoute(t *testing.T, n *node, route string) {
	t.Helper()
	for range 600 {
		if routeRequests(t, n, route) > 0 {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nginx sent the node at %s no %s request", n.base, route)
}

// waitCount waits until c reaches n, polling, and fails the test past a
// bound that is not a timing (a stuck balancer, every request failing).
func waitCount(t *testing.T, c *atomic.Int64, n int64) {
	t.Helper()
	for range 12000 {
		if c.Load() >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Errorf("only %d of %d requests succeeded", c.Load(), n)
}

// routeRequests reads the node's count of 200 answers to GET route.
func statusOf(resp *http.Response) string {
	if resp == nil {
		return ""
	}
	return resp.Status
}

func routeRequests(t *testing.T, n *node, route string) int {
	t.Helper()
	series := `healthqa_http_requests_total{code="200",method="GET",route="` + route + `"} `
	m := regexp.MustCompile(regexp.QuoteMeta(series) + `(\d+)`).FindStringSubmatch(get(t, n.metrics))
	if m == nil {
		return 0
	}
	var c int
	fmt.Sscan(m[1], &c)
	return c
}

func nginxBinary(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	devdata.Skip(t, "nginx not found (apt-get install nginx): skipping the test of deploy/nginx.conf")
	return ""
}

// startNginx runs the configuration with the two upstreams and a free
// port put in, in the foreground, and waits until it answers.
func startNginx(t *testing.T, bin, up1, up2 string) (base string, log func() string) {
	t.Helper()
	conf, err := os.ReadFile(nginxConf)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	text := string(conf)
	for old, repl := range map[string]string{"127.0.0.1:8081": up1, "127.0.0.1:8082": up2, "listen 8080;": "listen " + addr + ";"} {
		if !strings.Contains(text, old) {
			t.Fatalf("%s no longer holds %q", nginxConf, old)
		}
		text = strings.Replace(text, old, repl, 1)
	}
	// nginx's workers run as nobody when started as root: the prefix
	// must be theirs to enter, so not under t.TempDir (mode 0700).
	prefix, err := os.MkdirTemp("", "healthqa-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(prefix) })
	for _, d := range []string{prefix, filepath.Join(prefix, "tmp"), filepath.Join(prefix, "logs")} {
		os.MkdirAll(d, 0o755)
		os.Chmod(d, 0o777)
	}
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-p", prefix, "-c", confPath, "-g", "daemon off;")
	// SIGTERM, not the default SIGKILL: the master then stops its
	// workers, which would otherwise outlive it holding the port.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	base = "http://" + addr
	for range 500 {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base, out.String
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("nginx never answered:\n%s", out.String())
	return "", nil
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
