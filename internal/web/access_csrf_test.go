package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"healthqa/internal/model"
)

func TestCSRF(t *testing.T) {
	site := newTestSite(t)
	a := signIn(t, site, model.RoleContributor)
	profile := url.Values{"name": {"Changed Name"}}
	tests := []struct {
		name   string
		form   url.Values
		header []string
		want   int
	}{
		{"cross-site by Sec-Fetch-Site", url.Values{}, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"cross-origin by Origin", url.Values{}, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"the public origin behind a proxy", url.Values{}, []string{"Origin", "https://healthqa.test"}, http.StatusSeeOther},
		{"no token", url.Values{"csrf": {""}}, nil, http.StatusForbidden},
		{"wrong token", url.Values{"csrf": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}, nil, http.StatusForbidden},
		{"overlong token", url.Values{"csrf": {strings.Repeat("A", 5000)}}, nil, http.StatusForbidden},
		{"another session's token", url.Values{"csrf": {signIn(t, site, model.RoleReviewer).CSRF}}, nil, http.StatusForbidden},
		{"token in the header", url.Values{"csrf": {""}}, []string{"X-CSRF-Token", a.CSRF}, http.StatusSeeOther},
		{"same-origin with the form token", url.Values{}, []string{"Sec-Fetch-Site", "same-origin"}, http.StatusSeeOther},
	}
	for _, tc := range tests {
		form := url.Values{}
		for k, v := range profile {
			form[k] = v
		}
		for k, v := range tc.form {
			form[k] = v
		}
		resp := a.postForm("/account/profile", form, tc.header...)
		readBody(t, resp)
		if resp.StatusCode != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	// Anonymous forms: the double-submit cookie's value, nothing else.
	anon := site.anonymous()
	for _, tc := range []struct {
		name string
		csrf string
		want int
	}{
		{"no token", "", http.StatusForbidden},
		{"another token", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", http.StatusForbidden},
		{"the cookie's token", anon.CSRF, http.StatusUnauthorized}, // let through: a wrong password
	} {
		form := signinForm("x@example.org", "not the password")
		form.Set("csrf", tc.csrf)
		if resp := anon.postForm("/signin", form); resp.StatusCode != tc.want {
			t.Errorf("anonymous sign-in, %s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
	// A signed-in browser still holds its double-submit cookie: it may
	// send that token to a public form (a sign-in form left open in a
	// second tab), never to a signed-in one.
	u := site.createUser("Two Tabs", "")
	tabs := site.anonymous()
	anonToken := tabs.CSRF
	tabs.postForm("/signin", signinForm(u.Email, testPassword)).Body.Close()
	if resp := tabs.postForm("/signin", signinForm(u.Email, "wrong password again")); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed in, public form with the double-submit token: %d, want 401", resp.StatusCode)
	}
	if resp := tabs.postForm("/account/profile", url.Values{"name": {"x"}, "csrf": {anonToken}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("signed in, account form with the double-submit token: %d, want 403", resp.StatusCode)
	}
	fresh := &agent{site: site, c: site.client()} // a browser without the cookie
	form := signinForm("x@example.org", "not the password")
	form.Set("csrf", anon.CSRF)
	if resp := fresh.postForm("/signin", form); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a token without its cookie: %d, want 403", resp.StatusCode)
	}
}

// TestPublicUntokened: a form inside a cached page needs no token, but
// the cross-origin check still applies.
func TestPublicUntokened(t *testing.T) {
	site := newTestSite(t)
	site.srv.route("POST /test/vote", publicUntokened, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	a := &agent{site: site, c: site.client()}
	if resp := a.postForm("/test/vote", nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("same-site vote without a token: %d, want 204", resp.StatusCode)
	}
	if resp := a.postForm("/test/vote", nil, "Sec-Fetch-Site", "cross-site"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site vote: %d, want 403", resp.StatusCode)
	}
}

// TestAPIToken: an organization's token works on sourceToken routes under
// /api/ only, as that organization, and stops when revoked, when the
// account is disabled or loses the contributor role.
func TestAPIToken(t *testing.T) {
	site := newTestSite(t)
	whoami := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewer(r)
		fmt.Fprintf(w, "%s via-token=%v", v.SourceKey, v.ViaToken)
	})
	site.srv.route("POST /api/v1/test-push", sourceToken, whoami)
	site.srv.route("GET /api/v1/test-admin", admin, whoami)
	site.createUser("Keeper Admin", "", model.RoleAdmin)
	org := signInOrg(t, site, "AHA")
	prog := org.tokenOnly()
	resp := prog.postForm("/api/v1/test-push", nil)
	if body := readBody(t, resp); resp.StatusCode != 200 || body != "AHA via-token=true" {
		t.Fatalf("token on a sourceToken route: %d %q", resp.StatusCode, body)
	}
	// The token is no session: not on pages, not on other rules.
	if resp := prog.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("token on a page: %d, want the sign-in redirect", resp.StatusCode)
	}
	if resp := prog.get("/api/v1/test-admin"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token on an admin API route: %d, want 401", resp.StatusCode)
	}
	// A signed-in contributor may use the route too, with its CSRF token.
	if resp := org.postForm("/api/v1/test-push", nil); resp.StatusCode != 200 {
		t.Errorf("session on a sourceToken route: %d", resp.StatusCode)
	}
	bad := &agent{site: site, c: site.client(), Token: "hqa_" + strings.Repeat("A", 43)}
	resp = bad.postForm("/api/v1/test-push", nil)
	if body := readBody(t, resp); resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("unknown token: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	ctx := context.Background()
	if err := site.db.SetRoles(ctx, org.User.ID, nil); err != nil {
		t.Fatal(err)
	}
	if resp := prog.postForm("/api/v1/test-push", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("token of an account without the contributor role: %d, want 403", resp.StatusCode)
	}
	if err := site.db.SetRoles(ctx, org.User.ID, []model.Role{model.RoleContributor}); err != nil {
		t.Fatal(err)
	}
	if err := site.db.SetDisabled(ctx, org.User.ID, true); err != nil {
		t.Fatal(err)
	}
	if resp := prog.postForm("/api/v1/test-push", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("token of a disabled account: %d, want 401", resp.StatusCode)
	}
}
