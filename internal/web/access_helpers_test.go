package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
)

// testClock is a settable clock for sessions and throttling.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// testSite is a Server behind a TLS test server: the session cookie is
// Secure (__Host-), and Go's cookie jar, like a browser, sends Secure
// cookies over https only.
type testSite struct {
	t     testing.TB
	srv   *Server
	db    testdb.Store
	ts    *httptest.Server
	clock *testClock
	n     int // users made so far, for unique emails
}

// newTestSite serves an empty database with the test clock.
func newTestSite(t testing.TB) *testSite {
	t.Helper()
	st, _ := testdb.Open(t)
	clock := &testClock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	s, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: -1, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return siteFor(t, s, st, clock)
}

// siteFor serves an existing Server (say newTestServer's, with the
// fixture's content) over TLS; clock may be nil when the server's
// Options.Now is not a testClock.
func siteFor(t testing.TB, s *Server, st testdb.Store, clock *testClock) *testSite {
	ts := httptest.NewTLSServer(s)
	t.Cleanup(ts.Close)
	return &testSite{t: t, srv: s, db: st, ts: ts, clock: clock}
}

// testPassword is every test account's password, hashed once: each
// argon2id hash costs tens of milliseconds.
const testPassword = "a test password nobody uses"

var testPasswordHash = sync.OnceValue(func() string {
	h, err := account.Hash(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// agent is a browser (cookie jar, no redirect following) or, with
// Token set, a program with an organization's API token.
type agent struct {
	site  *testSite
	c     *http.Client
	User  store.User
	CSRF  string // the session's anti-forgery token
	Token string // the API token, for signInOrg's agents
}

func (site *testSite) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	c := *site.ts.Client() // a copy: the test server hands out one client
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// anonymous is a browser that is not signed in; its CSRF is the
// double-submit token of the sign-in page.
func (site *testSite) anonymous() *agent {
	a := &agent{site: site, c: site.client()}
	resp := a.get("/signin")
	a.CSRF = formCSRF(site.t, readBody(site.t, resp))
	return a
}

// createUser stores an account with roles (and source, if not "").
func (site *testSite) createUser(name, source string, roles ...model.Role) store.User {
	site.t.Helper()
	site.n++
	u, err := site.db.CreateUser(context.Background(), store.User{
		Person: model.Person{Name: name, Slug: account.Slug(name), SourceKey: source},
		Email:  strings.ToLower(account.Slug(name)) + "@example.org", PasswordHash: testPasswordHash(),
		Roles: append([]model.Role{}, roles...),
	})
	if err != nil {
		site.t.Fatal(err)
	}
	return u
}

// signIn creates an account with roles and signs it in through the
// sign-in form, as a browser does.
func signIn(t testing.TB, site *testSite, roles ...model.Role) *agent {
	t.Helper()
	name := "User"
	for _, r := range roles {
		name += " " + string(r)
	}
	site.n++
	u := site.createUser(name+" "+strings.Repeat("x", site.n), "", roles...)
	return site.signInAs(u)
}

// signInAs signs an existing account (password testPassword) in.
func (site *testSite) signInAs(u store.User) *agent {
	t := site.t
	t.Helper()
	a := site.anonymous()
	resp := a.postForm("/signin", url.Values{"email": {u.Email}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in %s: status %d: %s", u.Email, resp.StatusCode, readBody(t, resp))
	}
	resp.Body.Close()
	a.User = u
	a.CSRF = formCSRF(t, readBody(t, a.get("/account")))
	return a
}

// signInOrg creates an organization's account (contributor, speaking for
// source, created if missing), signs it in and gives it an API token.
func signInOrg(t testing.TB, site *testSite, source string) *agent {
	t.Helper()
	ctx := context.Background()
	err := site.db.CreateSource(ctx, model.Source{Key: source, Name: source + " organization", Kind: model.KindNonprofit})
	if err != nil && err != store.ErrExists {
		t.Fatal(err)
	}
	site.n++
	u := site.createUser(source+" desk "+strings.Repeat("y", site.n), source, model.RoleContributor)
	a := site.signInAs(u)
	tok, hash := account.NewToken(account.APITokenPrefix)
	if _, err := site.db.CreateAPIToken(ctx, store.APIToken{Hash: hash, UserID: u.ID, SourceKey: source, Name: "test", CreatedAt: site.srv.now()}); err != nil {
		t.Fatal(err)
	}
	a.Token = tok
	return a
}

// tokenOnly is a program holding a's API token and no cookie.
func (a *agent) tokenOnly() *agent {
	return &agent{site: a.site, c: a.site.client(), User: a.User, Token: a.Token}
}

func (a *agent) do(req *http.Request) *http.Response {
	a.site.t.Helper()
	if a.Token != "" && a.CSRF == "" {
		req.Header.Set("Authorization", "Bearer "+a.Token)
	}
	resp, err := a.c.Do(req)
	if err != nil {
		a.site.t.Fatal(err)
	}
	return resp
}

func (a *agent) get(path string) *http.Response {
	req, _ := http.NewRequest(http.MethodGet, a.site.ts.URL+path, nil)
	return a.do(req)
}

// postForm sends form with the agent's CSRF token added.
func (a *agent) postForm(path string, form url.Values, header ...string) *http.Response {
	if form == nil {
		form = url.Values{}
	}
	if a.CSRF != "" && !form.Has("csrf") {
		form.Set("csrf", a.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, a.site.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func formCSRF(t testing.TB, html string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no csrf field in %.300s", html)
	}
	return m[1]
}

func readBody(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
