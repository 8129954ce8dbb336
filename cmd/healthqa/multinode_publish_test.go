package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// publishThroughOneNode: a contributor signs in on one node and submits
// an answer, a reviewer signs in on another and approves it; the answer
// shows on every node, within changeWithin of the approval. Sessions
// live in the database, so each request may go to any node: the writer's
// submit goes to a third one.
func publishThroughOneNode(t *testing.T, db string, nodes []*clusterNode) {
	t.Helper()
	// The query's word is the answer's; what is looked for is not in the
	// query, which the pages repeat.
	urls := changeURLs("quiverword+legs")
	for _, n := range nodes {
		for _, u := range urls {
			if strings.Contains(n.get(t, u), "multi-node test") {
				t.Fatalf("%s%s shows the answer before it is written", n.base, u)
			}
		}
	}
	writer := nodeAccount(t, db, "Wanda Writer", model.RoleContributor)
	reviewer := nodeAccount(t, db, "Rex Reviewer", model.RoleReviewer)
	w := signInOn(t, nodes[0], writer)
	resp := w.postForm(t, nodes[0], "/contribute/submissions", url.Values{"question": {multiQuestion},
		"markdown": {"RLS makes the legs quiverword at night, says the multi-node test."}})
	m := regexp.MustCompile(`^/contribute/submissions/(\d+)`).FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("new answer: %s, Location %q", resp.Status, resp.Header.Get("Location"))
	}
	id := m[1]
	if resp := w.postForm(t, nodes[2], "/contribute/submissions/"+id+"/submit", url.Values{"revision": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit on another node: %s", resp.Status)
	}
	r := signInOn(t, nodes[1], reviewer)
	resp = r.postForm(t, nodes[1], "/review/submissions/"+id+"/decision", url.Values{"decision": {"approve"}, "comment": {""},
		"revision": {"1"}, "state": {"submitted"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %s", resp.Status)
	}
	changed(t, db, nodes, urls, "multi-node test")
}

// nodeAccount stores an account with role and the password
// nodePassword (`healthqa users add` works on SQLite only so far).
func nodeAccount(t *testing.T, db, name string, role model.Role) store.User {
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
	hash, err := account.Hash(nodePassword)
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

const nodePassword = "a multi-node test pass phrase"

// browser keeps cookies by name and sends them to every node, as a
// browser does behind one load balancer's address. (Go's cookie jar
// would keep the Secure session cookie from plain http nodes.)
type browser struct {
	cookies map[string]string
	csrf    string
}

func (b *browser) do(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return resp
}

func (b *browser) get(t *testing.T, n *clusterNode, path string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, n.base+path, nil)
	resp := b.do(t, req)
	return readAll(t, resp)
}

func (b *browser) postForm(t *testing.T, n *clusterNode, path string, form url.Values) *http.Response {
	t.Helper()
	form.Set("csrf", b.csrf)
	req, _ := http.NewRequest(http.MethodPost, n.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := b.do(t, req)
	readAll(t, resp)
	return resp
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) takeCSRF(t *testing.T, html string) {
	t.Helper()
	m := csrfInput.FindStringSubmatch(html)
	if m == nil {
		t.Fatalf("no csrf field in %.300s", html)
	}
	b.csrf = m[1]
}

// signInOn signs u in through n's sign-in form.
func signInOn(t *testing.T, n *clusterNode, u store.User) *browser {
	t.Helper()
	b := &browser{cookies: map[string]string{}}
	b.takeCSRF(t, b.get(t, n, "/signin"))
	if resp := b.postForm(t, n, "/signin", url.Values{"email": {u.Email}, "password": {nodePassword}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s on %s: %s", u.Email, n.base, resp.Status)
	}
	b.takeCSRF(t, b.get(t, n, "/account"))
	return b
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
