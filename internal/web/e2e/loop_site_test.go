package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/ingest"
	"healthqa/internal/store"
	"healthqa/internal/store/postgres"
	"healthqa/internal/store/sqlite"
	"healthqa/internal/store/testdb"
	"healthqa/internal/web"
)

// loopFixture is made once per test binary and shared by the editorial
// loop's tests: a database with the full MedQuAD import (an import takes
// seconds; each test works on its own copy) and the healthqa binary,
// built as a deployment builds it, for the command-line step.
var loopFixture struct {
	once     sync.Once
	dir      string // removed by TestMain
	template string // the imported database, closed (testdb.Shared)
	remove   func() error
	binary   string
	err      error
}

// TestMain removes the shared fixture after every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if loopFixture.dir != "" {
		os.RemoveAll(loopFixture.dir)
	}
	if loopFixture.remove != nil {
		if err := loopFixture.remove(); err != nil {
			fmt.Fprintln(os.Stderr, "removing the loop fixture's database:", err)
		}
	}
	os.Exit(code)
}

// loopPrepared imports MedQuAD and builds the binary, once.
func loopPrepared(t *testing.T) {
	t.Helper()
	zip := medquadZip(t)
	loopFixture.once.Do(func() {
		dir, err := os.MkdirTemp("", "healthqa-loop-")
		if err != nil {
			loopFixture.err = err
			return
		}
		loopFixture.dir = dir
		loopFixture.binary = filepath.Join(dir, "healthqa")
		loopFixture.template, loopFixture.remove, loopFixture.err = testdb.Shared()
		if loopFixture.err == nil {
			loopFixture.err = importTemplate(loopFixture.template, zip)
		}
		if loopFixture.err == nil {
			out, err := exec.Command("go", "build", "-o", loopFixture.binary, "healthqa/cmd/healthqa").CombinedOutput()
			if err != nil {
				loopFixture.err = fmt.Errorf("go build: %v\n%s", err, out)
			}
		}
	})
	if errors.Is(loopFixture.err, testdb.ErrUnreachable) {
		devdata.Skip(t, loopFixture.err)
	}
	if loopFixture.err != nil {
		t.Fatal(loopFixture.err)
	}
}

func importTemplate(dsn, zip string) error {
	ctx := context.Background()
	var st store.Store
	var err error
	if postgres.IsURL(dsn) {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, dsn)
	}
	if err != nil {
		return err
	}
	if _, err := ingest.MedQuAD(ctx, st, zip, ingest.Options{}); err != nil {
		st.Close()
		return err
	}
	return st.Close()
}

// loopSite is one test's site: its copy of the imported database (on
// the backend of the test run, internal/store/testdb), the
// first admin made by the command line, and the server as serve wires it.
type loopSite struct {
	URL        string // http://localhost:port: a secure context for __Host- cookies
	db         string
	adminEmail string
	adminPass  string
}

// newLoopSite copies the imported database, runs `healthqa users add`
// on it (the only way to make the first admin) and serves it.
func newLoopSite(t *testing.T) *loopSite {
	t.Helper()
	loopPrepared(t)
	site := &loopSite{db: testdb.CopyOf(t, loopFixture.template), adminEmail: "ada@loop.test", adminPass: "admin pass phrase, long enough 7"}
	cmd := exec.Command(loopFixture.binary, "users", "add", site.adminEmail, "--role", "admin", "--name", "Ada Admin", "--password-stdin", "--db", site.db)
	cmd.Stdin = strings.NewReader(site.adminPass + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("healthqa users add: %v\n%s", err, out)
	}
	t.Logf("healthqa users add: %s", strings.TrimSpace(string(out)))
	site.serve(t)
	return site
}

// serve opens the database and serves it with the options serve gives
// (cmd/healthqa/serve.go): accounts and editorial from the store,
// feedback from the store (nil), waiting for the index before asks.
// Chromium keeps Secure cookies from plain http only on localhost
// (docs/SECURITY.md), so the site is opened as http://localhost:port.
func (s *loopSite) serve(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	st := testdb.Reopen(t, s.db)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.URL = fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	h, err := web.New(st, web.Options{BaseURL: s.URL, Limits: web.DefaultLimits(), WaitForWarm: true,
		Accounts: st, Editorial: st, StaleAfter: web.DefaultStaleAfter})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
}
