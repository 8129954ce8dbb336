package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

func signinForm(email, password string) url.Values {
	return url.Values{"email": {email}, "password": {password}}
}

func TestSigninSuccess(t *testing.T) {
	site := newTestSite(t)
	u := site.createUser("Sally Signin", "", model.RoleContributor)
	a := site.anonymous()
	resp := a.postForm("/signin", url.Values{"email": {"  SALLY-signin@Example.org "}, "password": {testPassword}, "next": {"/account?x=1"}})
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?x=1" {
		t.Fatalf("sign-in: %d to %q, want 303 to /account?x=1", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie string
	for _, c := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, sessionCookie+"=") {
			cookie = c
		}
	}
	for _, attr := range []string{"Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("session cookie %q lacks %s", cookie, attr)
		}
	}
	if strings.Contains(cookie, "Domain=") {
		t.Errorf("session cookie %q has a Domain: __Host- forbids it", cookie)
	}
	page := a.get("/account")
	body := readBody(t, page)
	if page.StatusCode != 200 || !strings.Contains(body, "Sally Signin") || page.Header.Get("Cache-Control") != "no-store, private" {
		t.Errorf("/account after sign-in: %d, Cache-Control %q", page.StatusCode, page.Header.Get("Cache-Control"))
	}
	log, _ := site.db.AuditLog(context.Background(), 0, 10)
	if len(log) == 0 || log[0].Action != "signin" || log[0].ActorID != u.ID {
		t.Errorf("audit log = %+v, want a signin entry by the user", log)
	}
}

// TestSigninNoEnumeration: an unknown account, a disabled one, one
// without a password and a wrong password get the same status and page.
func TestSigninNoEnumeration(t *testing.T) {
	site := newTestSite(t)
	site.createUser("Known Person", "")
	site.createUser("Admin Keeper", "", model.RoleAdmin)
	off := site.createUser("Disabled Person", "")
	if err := site.db.SetDisabled(context.Background(), off.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := site.db.CreateUser(context.Background(), store.User{Person: model.Person{Name: "No Password", Slug: "np"}, Email: "no-password@example.org", Roles: []model.Role{}}); err != nil {
		t.Fatal(err)
	}
	a := site.anonymous()
	var first string
	for i, email := range []string{"known-person@example.org", "unknown@example.org", "disabled-person@example.org", "no-password@example.org"} {
		resp := a.postForm("/signin", signinForm(email, "not the password at all"))
		body := strings.ReplaceAll(readBody(t, resp), email, "EMAIL")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, signinFailed) {
			t.Errorf("%s: status %d, want 401 with the one message", email, resp.StatusCode)
		}
		if i == 0 {
			first = body
		} else if body != first {
			t.Errorf("%s: the page differs from a wrong password's", email)
		}
	}
}

func TestSigninThrottle(t *testing.T) {
	site := newTestSite(t)
	u := site.createUser("Target Person", "")
	a := site.anonymous()
	for i := range account.DefaultThrottle.AccountLimit {
		if resp := a.postForm("/signin", signinForm(u.Email, "wrong password "+string(rune('a'+i)))); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i+1, resp.StatusCode)
		}
	}
	// Locked: even the right password is refused, with the clear message.
	resp := a.postForm("/signin", signinForm(u.Email, testPassword))
	if body := readBody(t, resp); resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed sign-ins") {
		t.Fatalf("right password while locked: %d", resp.StatusCode)
	}
	// An unknown account locks the same way: a lock tells nothing.
	for range account.DefaultThrottle.AccountLimit {
		a.postForm("/signin", signinForm("nobody@example.org", "wrong password")).Body.Close()
	}
	if resp := a.postForm("/signin", signinForm("nobody@example.org", "x")); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("unknown account after %d failures: %d, want 429 like a real one", account.DefaultThrottle.AccountLimit, resp.StatusCode)
	}
	site.clock.Advance(account.DefaultThrottle.AccountLock + time.Second)
	if resp := a.postForm("/signin", signinForm(u.Email, testPassword)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after the lock: %d, want 303", resp.StatusCode)
	}
}

func TestSigninClientThrottle(t *testing.T) {
	site := newTestSite(t)
	u := site.createUser("Other Person", "")
	a := site.anonymous()
	// Spread over accounts, so that no account locks: the address does.
	for i := range account.DefaultThrottle.ClientLimit {
		a.postForm("/signin", signinForm("victim"+string(rune('a'+i))+"@example.org", "wrong password")).Body.Close()
	}
	if resp := a.postForm("/signin", signinForm(u.Email, testPassword)); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one address: %d, want 429", account.DefaultThrottle.ClientLimit, resp.StatusCode)
	}
}

// TestSessionFixation: a session id the browser brings is never kept; a
// new one is made at every sign-in.
func TestSessionFixation(t *testing.T) {
	site := newTestSite(t)
	u := site.createUser("Fix Person", "")
	first := site.signInAs(u)
	oldID := cookieValue(t, first, sessionCookie)
	// Sign in again in the same browser: a new id, and the old one is dead.
	resp := first.postForm("/signin", signinForm(u.Email, testPassword))
	resp.Body.Close()
	newID := cookieValue(t, first, sessionCookie)
	if newID == oldID || newID == "" {
		t.Fatal("the session id did not change at sign-in")
	}
	stale := site.anonymous()
	setCookie(t, stale, sessionCookie, oldID)
	if resp := stale.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the replaced session still works: %d", resp.StatusCode)
	}
	// A planted id is not adopted either.
	planted, _ := account.NewToken("")
	victim := site.anonymous()
	setCookie(t, victim, sessionCookie, planted)
	victim.postForm("/signin", signinForm(u.Email, testPassword)).Body.Close()
	if got := cookieValue(t, victim, sessionCookie); got == planted {
		t.Error("sign-in kept the planted session id")
	}
}

func TestSignoutEndsSession(t *testing.T) {
	site := newTestSite(t)
	a := signIn(t, site, model.RoleContributor)
	id := cookieValue(t, a, sessionCookie)
	resp := a.postForm("/signout", nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign-out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	replay := site.anonymous()
	setCookie(t, replay, sessionCookie, id)
	if resp := replay.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a signed-out session still works: %d", resp.StatusCode)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	site := newTestSite(t)
	u := site.createUser("Two Browsers", "")
	here, there := site.signInAs(u), site.signInAs(u)
	const next = "a brand new password for us"
	bad := []url.Values{
		{"current": {"wrong current password"}, "password": {next}, "again": {next}},
		{"current": {testPassword}, "password": {next}, "again": {next + "!"}},
		{"current": {testPassword}, "password": {"qwerty123456"}, "again": {"qwerty123456"}},
		{"current": {testPassword}, "password": {"short"}, "again": {"short"}},
	}
	for _, form := range bad {
		if resp := here.postForm("/account/password", form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("password change %v: %d, want 400", form, resp.StatusCode)
		}
	}
	resp := here.postForm("/account/password", url.Values{"current": {testPassword}, "password": {next}, "again": {next}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", resp.StatusCode)
	}
	if resp := here.get("/account"); resp.StatusCode != 200 {
		t.Errorf("the session that changed the password ended: %d", resp.StatusCode)
	}
	if resp := there.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session survived the password change: %d", resp.StatusCode)
	}
	if resp := site.anonymous().postForm("/signin", signinForm(u.Email, next)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: %d", resp.StatusCode)
	}
}

func TestSessionTimeouts(t *testing.T) {
	site := newTestSite(t)
	idle := signIn(t, site, model.RoleContributor)
	busy := signIn(t, site, model.RoleReviewer)
	// busy is used every 20 minutes, idle never.
	for range 2 {
		site.clock.Advance(20 * time.Minute)
		if resp := busy.get("/account"); resp.StatusCode != 200 {
			t.Fatalf("a session in use ended: %d", resp.StatusCode)
		}
	}
	if resp := idle.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a session idle for 40 minutes still works: %d", resp.StatusCode)
	}
	for site.clock.Now().Before(time.Date(2026, 12, 1, 20, 30, 0, 0, time.UTC)) {
		site.clock.Advance(20 * time.Minute)
		busy.get("/account").Body.Close()
	}
	if resp := busy.get("/account"); resp.StatusCode != 200 {
		t.Fatalf("a session in use ended before 12 hours: %d", resp.StatusCode)
	}
	site.clock.Advance(20 * time.Minute) // past 12 hours since sign-in
	if resp := busy.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a session outlived the absolute timeout: %d", resp.StatusCode)
	}
}

func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/account":              "/account",
		"/q/x?y=1":              "/q/x?y=1",
		"//evil.example/":       "/fallback",
		"/\\evil.example":       "/fallback",
		"https://evil.example/": "/fallback",
		"javascript:alert(1)":   "/fallback",
		"":                      "/fallback",
		"/signin?next=/x":       "/fallback",
	} {
		if got := safeNext(next, "/fallback"); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestUnauthorizedRedirect(t *testing.T) {
	site := newTestSite(t)
	resp := site.anonymous().get("/admin/users?after=3")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/signin?next=%2Fadmin%2Fusers%3Fafter%3D3" {
		t.Errorf("anonymous /admin/users: %d to %q", resp.StatusCode, loc)
	}
}

func cookieValue(t *testing.T, a *agent, name string) string {
	t.Helper()
	u, _ := url.Parse(a.site.ts.URL)
	for _, c := range a.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func setCookie(t *testing.T, a *agent, name, value string) {
	t.Helper()
	u, _ := url.Parse(a.site.ts.URL)
	a.c.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/", Secure: true}})
}

func TestSignOutEverywhere(t *testing.T) {
	site := newTestSite(t)
	u := site.createUser("Many Devices", "")
	here, there := site.signInAs(u), site.signInAs(u)
	oldID := cookieValue(t, here, sessionCookie)
	if resp := here.postForm("/account/sessions/end", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("end sessions: %d", resp.StatusCode)
	}
	if resp := here.get("/account"); resp.StatusCode != 200 || cookieValue(t, here, sessionCookie) == oldID {
		t.Errorf("this browser: %d, or its session id was kept", resp.StatusCode)
	}
	if resp := there.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session survived: %d", resp.StatusCode)
	}
	adm := signIn(t, site, model.RoleAdmin)
	if resp := adm.postForm(fmt.Sprintf("/admin/users/%d/sessions/end", u.ID), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin ends sessions: %d", resp.StatusCode)
	}
	if resp := here.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a session survived the admin's ending: %d", resp.StatusCode)
	}
}
