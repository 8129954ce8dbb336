package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"healthqa/internal/model"
)

var inviteLink = regexp.MustCompile(`value="https://healthqa\.test(/invite/[A-Za-z0-9_-]{43})"`)

// TestInviteFlow: an admin invites, the link is shown once, the invitee
// creates the account and is signed in; the link then works no more.
func TestInviteFlow(t *testing.T) {
	site := newTestSite(t)
	adm := signIn(t, site, model.RoleAdmin)
	if err := site.db.CreateSource(context.Background(), model.Source{Key: "AASM", Name: "American Academy of Sleep Medicine", Kind: model.KindSociety}); err != nil {
		t.Fatal(err)
	}
	resp := adm.postForm("/admin/invites", url.Values{"email": {"Jane.Roe@Example.org"}, "role": {"reviewer", "contributor"}, "source": {"AASM"}})
	body := readBody(t, resp)
	m := inviteLink.FindStringSubmatch(body)
	if resp.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("invite: %d, link found %v", resp.StatusCode, m != nil)
	}
	if list := readBody(t, adm.get("/admin/users")); strings.Contains(list, m[1]) {
		t.Error("the invitation link is shown again")
	}
	link := m[1]
	guest := site.anonymous()
	page := readBody(t, guest.get(link))
	if !strings.Contains(page, "jane.roe@example.org") || !strings.Contains(page, "AASM") {
		t.Errorf("invitation page does not name the email and organization")
	}
	guest.CSRF = formCSRF(t, page)
	for _, form := range []url.Values{
		{"name": {""}, "password": {"a fine long password"}, "again": {"a fine long password"}},
		{"name": {"Jane Roe"}, "password": {"qwerty123456"}, "again": {"qwerty123456"}},
		{"name": {"Jane Roe"}, "password": {"a fine long password"}, "again": {"another long password"}},
		{"name": {strings.Repeat("J", 101)}, "password": {"a fine long password"}, "again": {"a fine long password"}},
	} {
		if resp := guest.postForm(link, form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("accept %v: %d, want 400", form, resp.StatusCode)
		}
	}
	resp = guest.postForm(link, url.Values{"name": {"Jane Roe"}, "password": {"a fine long password"}, "again": {"a fine long password"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=welcome" {
		t.Fatalf("accept: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	page = readBody(t, guest.get("/account"))
	if !strings.Contains(page, "Jane Roe") || !strings.Contains(page, "contributor, reviewer") {
		t.Errorf("the new account's page lacks its name or roles")
	}
	u, err := site.db.UserByEmail(context.Background(), "jane.roe@example.org")
	if err != nil || u.SourceKey != "AASM" || !slices.Equal(u.Roles, []model.Role{model.RoleContributor, model.RoleReviewer}) {
		t.Errorf("stored account %+v, %v", u, err)
	}
	if resp := site.anonymous().get(link); resp.StatusCode != http.StatusNotFound {
		t.Errorf("used link: %d, want 404", resp.StatusCode)
	}
	// Inviting an address with an account, or with a made-up role or
	// organization, is refused.
	for _, form := range []url.Values{
		{"email": {"jane.roe@example.org"}},
		{"email": {"x@example.org"}, "role": {"owner"}},
		{"email": {"x@example.org"}, "source": {"Nowhere"}},
		{"email": {"not an address"}},
	} {
		if resp := adm.postForm("/admin/invites", form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("invite %v: %d, want 400", form, resp.StatusCode)
		}
	}
	log, _ := site.db.AuditLog(context.Background(), 0, 20)
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"invite.create", "invite.accept"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit log %v lacks %s", actions, want)
		}
	}
}

// TestLastAdmin: nobody can remove the last admin, from the web either.
func TestLastAdmin(t *testing.T) {
	site := newTestSite(t)
	adm := signIn(t, site, model.RoleAdmin)
	self := fmt.Sprintf("/admin/users/%d", adm.User.ID)
	for _, form := range []url.Values{{"role": {"reviewer"}}, {"role": {"admin"}, "disabled": {"on"}}} {
		resp := adm.postForm(self, form)
		if body := readBody(t, resp); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "last enabled admin") {
			t.Errorf("%v on the last admin: %d", form, resp.StatusCode)
		}
	}
	other := site.createUser("Second Admin", "", model.RoleContributor)
	if resp := adm.postForm(fmt.Sprintf("/admin/users/%d", other.ID), url.Values{"role": {"admin", "reviewer"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("granting admin: %d", resp.StatusCode)
	}
	if resp := adm.postForm(self, url.Values{"role": {"reviewer"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("demoting one of two admins: %d", resp.StatusCode)
	}
	// The role is gone at once, for the session already open.
	if resp := adm.get("/admin/users"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a demoted admin's session still reaches /admin/users: %d", resp.StatusCode)
	}
	log, _ := site.db.AuditLog(context.Background(), 0, 5)
	if len(log) < 2 || log[0].Action != "user.roles" || log[0].FromState != "admin" || log[0].ToState != "reviewer" || log[0].ActorID != adm.User.ID {
		t.Errorf("audit log = %+v", log)
	}
}

func TestDisableUser(t *testing.T) {
	site := newTestSite(t)
	adm := signIn(t, site, model.RoleAdmin)
	victim := signIn(t, site, model.RoleContributor)
	if resp := adm.postForm(fmt.Sprintf("/admin/users/%d", victim.User.ID), url.Values{"role": {"contributor"}, "disabled": {"on"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if resp := victim.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled account's session works: %d", resp.StatusCode)
	}
	if resp := site.anonymous().postForm("/signin", signinForm(victim.User.Email, testPassword)); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled account signs in: %d", resp.StatusCode)
	}
}

func TestAdminSources(t *testing.T) {
	site := newTestSite(t)
	adm := signIn(t, site, model.RoleAdmin)
	good := url.Values{"key": {"AHA"}, "name": {"American Heart Association"}, "home_url": {"https://www.heart.org/"}, "kind": {"nonprofit"}}
	if resp := adm.postForm("/admin/sources", good); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	if resp := adm.postForm("/admin/sources", good); resp.StatusCode != http.StatusConflict {
		t.Errorf("the same key again: %d, want 409", resp.StatusCode)
	}
	bad := []url.Values{
		{"key": {"contributors"}, "name": {"x"}, "kind": {"nonprofit"}},
		{"key": {"X Y"}, "name": {"x"}, "kind": {"nonprofit"}},
		{"key": {"OK"}, "name": {""}, "kind": {"nonprofit"}},
		{"key": {"OK"}, "name": {"x"}, "kind": {"academic"}},
		{"key": {"OK"}, "name": {"x"}, "kind": {"nonprofit"}, "home_url": {"javascript:alert(1)"}},
	}
	for _, form := range bad {
		if resp := adm.postForm("/admin/sources", form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("create %v: %d, want 400", form, resp.StatusCode)
		}
	}
	srcs, _ := site.db.Sources(context.Background())
	if len(srcs) != 1 || srcs[0].Kind != model.KindNonprofit || srcs[0].ShortName != "American Heart Association" {
		t.Errorf("sources = %+v", srcs)
	}
	if page := readBody(t, adm.get("/admin/audit")); !strings.Contains(page, "source.create") {
		t.Error("the audit page does not show the creation")
	}
}

func TestTokensPage(t *testing.T) {
	site := newTestSite(t)
	org := signInOrg(t, site, "NKF")
	resp := org.postForm("/account/tokens", url.Values{"name": {"Our CMS"}})
	body := readBody(t, resp)
	tok := regexp.MustCompile(`value="(hqa_[A-Za-z0-9_-]{43})"`).FindStringSubmatch(body)
	if resp.StatusCode != http.StatusCreated || tok == nil {
		t.Fatalf("create token: %d, shown %v", resp.StatusCode, tok != nil)
	}
	if page := readBody(t, org.get("/account/tokens")); strings.Contains(page, tok[1]) || !strings.Contains(page, "Our CMS") {
		t.Error("the token list shows the token again, or not its name")
	}
	list, _ := site.db.APITokens(context.Background(), org.User.ID)
	var id int64
	for _, x := range list {
		if x.Name == "Our CMS" {
			id = x.ID
		}
	}
	stranger := signInOrg(t, site, "NKF")
	if resp := stranger.postForm(fmt.Sprintf("/account/tokens/%d/revoke", id), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("revoking another account's token: %d, want 404", resp.StatusCode)
	}
	if resp := org.postForm(fmt.Sprintf("/account/tokens/%d/revoke", id), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: %d", resp.StatusCode)
	}
	if resp := org.postForm("/account/tokens", url.Values{"name": {""}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("token without a name: %d", resp.StatusCode)
	}
}

func TestProfile(t *testing.T) {
	site := newTestSite(t)
	a := signIn(t, site, model.RoleContributor)
	resp := a.postForm("/account/profile", url.Values{"name": {"Dr <b>Jane</b>"}, "credentials": {"MD, FAASM"}, "bio": {"Sleep.\nMore."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	page := readBody(t, a.get("/account?done=profile"))
	if strings.Contains(page, "<b>Jane</b>") || !strings.Contains(page, "Dr &lt;b&gt;Jane&lt;/b&gt;") || !strings.Contains(page, "Your profile is saved.") {
		t.Error("the name is not escaped, or the notice is missing")
	}
	if resp := a.postForm("/account/profile", url.Values{"name": {"ok"}, "bio": {strings.Repeat("b", 2001)}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("overlong bio: %d", resp.StatusCode)
	}
}

// TestResetLink: an admin makes a reset link; using it sets a new
// password, ends every session of the account and signs the browser in.
func TestResetLink(t *testing.T) {
	site := newTestSite(t)
	adm := signIn(t, site, model.RoleAdmin)
	forgetful := signIn(t, site, model.RoleContributor)
	resp := adm.postForm(fmt.Sprintf("/admin/users/%d/reset", forgetful.User.ID), nil)
	body := readBody(t, resp)
	m := regexp.MustCompile(`id="reset-link" class="secret" value="https://healthqa\.test(/invite/[A-Za-z0-9_-]{43})"`).FindStringSubmatch(body)
	if resp.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("reset link: %d, shown %v", resp.StatusCode, m != nil)
	}
	guest := site.anonymous()
	page := readBody(t, guest.get(m[1]))
	if !strings.Contains(page, "Choose a new password") || strings.Contains(page, `name="name"`) {
		t.Error("the reset page is not the password form")
	}
	guest.CSRF = formCSRF(t, page)
	if resp := guest.postForm(m[1], url.Values{"password": {"qwerty123456"}, "again": {"qwerty123456"}}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("common password: %d", resp.StatusCode)
	}
	const next = "my new remembered password"
	if resp := guest.postForm(m[1], url.Values{"password": {next}, "again": {next}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	if resp := guest.get("/account"); resp.StatusCode != 200 {
		t.Errorf("not signed in after the reset: %d", resp.StatusCode)
	}
	if resp := forgetful.get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("an old session survived the reset: %d", resp.StatusCode)
	}
	if resp := site.anonymous().postForm("/signin", signinForm(forgetful.User.Email, next)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the new password: %d", resp.StatusCode)
	}
	if resp := site.anonymous().get(m[1]); resp.StatusCode != http.StatusNotFound {
		t.Errorf("used reset link: %d, want 404", resp.StatusCode)
	}
}
