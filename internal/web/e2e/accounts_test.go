package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
	"healthqa/internal/web"
)

// accountSite serves an empty database with an admin and an
// organization account (password e2ePassword), addressed as localhost:
// Chromium keeps the site's Secure __Host- cookies over plain http only
// there (a secure context), as a developer's browser does.
func accountSite(t *testing.T) (base string, admin, org store.User) {
	t.Helper()
	ctx := context.Background()
	st, _ := testdb.Open(t)
	h, err := account.Hash(e2ePassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSource(ctx, model.Source{Key: "AASM", Name: "American Academy of Sleep Medicine", Kind: model.KindSociety}); err != nil {
		t.Fatal(err)
	}
	admin, err = st.CreateUser(ctx, store.User{Person: model.Person{Name: "Ada Admin", Slug: "ada-admin"}, Email: "ada@example.org",
		PasswordHash: h, Roles: []model.Role{model.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	org, err = st.CreateUser(ctx, store.User{Person: model.Person{Name: "AASM desk", Slug: "aasm-desk", SourceKey: "AASM"}, Email: "desk@aasm.example",
		PasswordHash: h, Roles: []model.Role{model.RoleContributor}})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(st, web.Options{BaseURL: "http://localhost"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return strings.Replace(ts.URL, "127.0.0.1", "localhost", 1), admin, org
}

const e2ePassword = "an end to end test password"

// TestAccountPagesAccessibility signs in through the real forms in
// Chromium, uses each account page, and audits each with axe-core.
func TestAccountPagesAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axeScript(t))
	if err != nil {
		t.Fatal(err)
	}
	base, admin, org := accountSite(t)
	ctx := browser(t)
	audit := func(what string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatalf("%s: loading axe-core: %v", what, err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
			`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => r.violations)`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", what, err)
		}
		for _, v := range violations {
			msg := fmt.Sprintf("%s: %s (%s): %s, e.g. %v", what, v.ID, v.Impact, v.Help, v.Nodes[0].Target)
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	heading := func(want string) string {
		t.Helper()
		h, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
		if err != nil {
			t.Fatal(err)
		}
		if h != want {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("at %s the heading is %q, want %q", loc, h, want)
		}
		return h
	}
	signIn := func(email string) {
		t.Helper()
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/signin"),
			chromedp.WaitVisible(chromedp.ID("email")),
			chromedp.SendKeys(chromedp.ID("email"), email),
			chromedp.SendKeys(chromedp.ID("password"), e2ePassword),
			chromedp.Submit(chromedp.ID("password")),
			chromedp.WaitVisible(chromedp.CSS("nav.acctbar")),
		)
		if err != nil {
			t.Fatalf("signing in %s: %v", email, err)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/signin"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	heading("Sign in")
	audit("/signin")
	// A wrong password shows the error on the form.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), admin.Email),
		chromedp.SendKeys(chromedp.ID("password"), "not the password at all"),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".form-error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	audit("/signin with an error")

	signIn(admin.Email)
	heading("Your account")
	audit("/account")
	for _, page := range []struct{ path, h1 string }{
		{"/admin/users", "Accounts"},
		{fmt.Sprintf("/admin/users/%d", org.ID), "Account: AASM desk"},
		{"/admin/sources", "Sources"},
		{"/admin/audit", "Audit log"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+page.path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		heading(page.h1)
		audit(page.path)
	}
	// Invite someone: the link appears once.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/users"),
		chromedp.WaitVisible(chromedp.ID("invite-email")),
		chromedp.SendKeys(chromedp.ID("invite-email"), "rita@example.org"),
		chromedp.Click(chromedp.CSS(`input[name=role][value=reviewer]`)),
		chromedp.Submit(chromedp.ID("invite-email")),
		chromedp.WaitVisible(chromedp.ID("invite-link")),
	)
	if err != nil {
		t.Fatal(err)
	}
	audit("/admin/users with an invitation link")
	link, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("invite-link")))
	if err != nil {
		t.Fatal(err)
	}
	invitePath := link[strings.Index(link, "/invite/"):]
	// Sign out, then accept the invitation as the new reviewer.
	err = chromedp.Do(ctx,
		chromedp.Submit(chromedp.CSS(`form[action="/signout"]`)),
		chromedp.WaitVisible(chromedp.ID("home-q")),
		chromedp.Navigate(base+invitePath),
		chromedp.WaitVisible(chromedp.ID("name")),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading("Accept your invitation")
	audit("/invite/{token}")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("name"), "Rita Reviewer"),
		chromedp.SendKeys(chromedp.ID("new-password"), "rita's own long password"),
		chromedp.SendKeys(chromedp.ID("again"), "rita's own long password"),
		chromedp.Submit(chromedp.ID("again")),
		chromedp.WaitVisible(chromedp.CSS(".notice")),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading("Your account")
	if err := chromedp.Do(ctx, chromedp.Submit(chromedp.CSS(`form[action="/signout"]`)), chromedp.WaitVisible(chromedp.ID("home-q"))); err != nil {
		t.Fatal(err)
	}

	// The organization makes an API token: shown once.
	signIn(org.Email)
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/account/tokens"),
		chromedp.WaitVisible(chromedp.ID("token-name")),
		chromedp.SendKeys(chromedp.ID("token-name"), "Our CMS"),
		chromedp.Submit(chromedp.ID("token-name")),
		chromedp.WaitVisible(chromedp.ID("new-token")),
	)
	if err != nil {
		t.Fatal(err)
	}
	heading("API tokens")
	audit("/account/tokens with a new token")
}
