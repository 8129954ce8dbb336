package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The callers of the access matrix, in the order of a row's want.
const (
	asAnonymous = iota
	asContributor
	asReviewer
	asAdmin
	asOrgToken // an organization's API token, sent as Authorization: Bearer, no cookie
	callers
)

var callerNames = [callers]string{"anonymous", "contributor", "reviewer", "admin", "organization token"}

// accessRow is the expected status of one route for each caller. POSTs
// are sent with the caller's anti-forgery token (none for the token) and
// an empty form, so a caller let through usually gets the handler's 400.
// 303 for a page is the redirect to /signin.
type accessRow struct {
	pattern string // as registered with route
	target  string // a concrete path; {id} 999999 is nobody, {token} is a well-formed unknown one
	want    [callers]int
}

// accessMatrix has one row per route registered through route. A route
// without a row, or a row without a route, fails TestAccessMatrix: add
// your route's row here.
var accessMatrix = []accessRow{
	{"GET /signin", "/signin", [callers]int{200, 303, 303, 303, 200}},
	{"POST /signin", "/signin", [callers]int{401, 401, 401, 401, 403}},
	{"POST /signout", "/signout", [callers]int{303, 303, 303, 303, 303}},
	{"GET /account", "/account", [callers]int{303, 200, 200, 200, 303}},
	{"POST /account/profile", "/account/profile", [callers]int{303, 400, 400, 400, 303}},
	{"POST /account/password", "/account/password", [callers]int{303, 400, 400, 400, 303}},
	{"POST /account/sessions/end", "/account/sessions/end", [callers]int{303, 303, 303, 303, 303}},
	{"GET /invite/{token}", "/invite/" + unknownToken, [callers]int{404, 404, 404, 404, 404}},
	{"POST /invite/{token}", "/invite/" + unknownToken, [callers]int{404, 404, 404, 404, 403}},
	{"GET /account/tokens", "/account/tokens", [callers]int{303, 403, 403, 403, 303}},
	{"POST /account/tokens", "/account/tokens", [callers]int{303, 403, 403, 403, 303}},
	{"POST /account/tokens/{id}/revoke", "/account/tokens/999999/revoke", [callers]int{303, 403, 403, 403, 303}},
	{"GET /admin/users", "/admin/users", [callers]int{303, 403, 403, 200, 303}},
	{"POST /admin/invites", "/admin/invites", [callers]int{303, 403, 403, 400, 303}},
	{"GET /admin/users/{id}", "/admin/users/{victim}", [callers]int{303, 403, 403, 200, 303}},
	{"POST /admin/users/{id}", "/admin/users/{victim}", [callers]int{303, 403, 403, 303, 303}},
	{"POST /admin/users/{id}/reset", "/admin/users/999999/reset", [callers]int{303, 403, 403, 404, 303}},
	{"POST /admin/users/{id}/sessions/end", "/admin/users/{victim}/sessions/end", [callers]int{303, 403, 403, 303, 303}},
	{"GET /admin/sources", "/admin/sources", [callers]int{303, 403, 403, 200, 303}},
	{"POST /admin/sources", "/admin/sources", [callers]int{303, 403, 403, 400, 303}},
	{"GET /admin/audit", "/admin/audit", [callers]int{303, 403, 403, 200, 303}},
	// feedback: the anonymous form (an empty one is 400) and the counts.
	{"POST /feedback/{key}", "/feedback/no-such-answer", [callers]int{400, 400, 400, 400, 400}},
	{"GET /review/feedback", "/review/feedback", [callers]int{303, 403, 200, 200, 303}},
	// published (issue 9): the reviewers' stale queue.
	{"GET /review/stale", "/review/stale", [callers]int{303, 403, 200, 403, 303}},
	// Editorial (contribute.go, review.go, contributions_api.go). Another
	// account's submission is 404 to a contributor, as an unknown one is.
	{"GET /contribute", "/contribute", [callers]int{303, 200, 403, 403, 303}},
	{"GET /contribute/answer", "/contribute/answer", [callers]int{303, 200, 403, 403, 303}},
	{"GET /contribute/propose", "/contribute/propose", [callers]int{303, 200, 403, 403, 303}},
	{"POST /contribute/submissions", "/contribute/submissions", [callers]int{303, 400, 403, 403, 303}},
	{"GET /contribute/submissions/{id}", "/contribute/submissions/999999", [callers]int{303, 404, 403, 403, 303}},
	{"POST /contribute/submissions/{id}", "/contribute/submissions/999999", [callers]int{303, 404, 403, 403, 303}},
	{"POST /contribute/submissions/{id}/submit", "/contribute/submissions/999999/submit", [callers]int{303, 404, 403, 403, 303}},
	{"GET /review", "/review", [callers]int{303, 403, 200, 403, 303}},
	{"GET /review/submissions/{id}", "/review/submissions/999999", [callers]int{303, 403, 404, 403, 303}},
	{"POST /review/submissions/{id}/decision", "/review/submissions/999999/decision", [callers]int{303, 403, 400, 403, 303}},
	{"POST /review/submissions/{id}/unpublish", "/review/submissions/999999/unpublish", [callers]int{303, 403, 404, 403, 303}},
	{"POST /api/v1/contributions", "/api/v1/contributions", [callers]int{401, 400, 403, 403, 400}},
	{"GET /api/v1/contributions/{id}", "/api/v1/contributions/999999", [callers]int{401, 404, 403, 403, 404}},
	{"PUT /api/v1/contributions/{id}", "/api/v1/contributions/999999", [callers]int{401, 404, 403, 403, 404}},
	{"POST /api/v1/contributions/{id}/submit", "/api/v1/contributions/999999/submit", [callers]int{401, 404, 403, 403, 404}},
}

const unknownToken = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

// TestAccessMatrix sends every registered route a request as each
// caller, each from a session of its own (a POST /signout ends one).
func TestAccessMatrix(t *testing.T) {
	site := newTestSite(t)
	rows := map[string]accessRow{}
	for _, row := range accessMatrix {
		rows[row.pattern] = row
	}
	registered := map[string]bool{}
	for _, rt := range site.srv.routeTable {
		registered[rt.pattern] = true
		if _, ok := rows[rt.pattern]; !ok {
			t.Errorf("route %q (%s) has no row in accessMatrix: add one", rt.pattern, rt.rule)
		}
	}
	for _, row := range accessMatrix {
		if !registered[row.pattern] {
			t.Errorf("accessMatrix row %q names no registered route", row.pattern)
		}
	}
	// The users each caller acts as; victim is the account the admin
	// rows look at, without roles so that an empty form changes nothing.
	admin := site.createUser("Matrix Admin", "", model.RoleAdmin)
	users := [callers]store.User{
		asContributor: site.createUser("Matrix Contributor", "", model.RoleContributor),
		asReviewer:    site.createUser("Matrix Reviewer", "", model.RoleReviewer),
		asAdmin:       admin,
	}
	org := signInOrg(t, site, "MatrixOrg").tokenOnly()
	victim := site.createUser("Matrix Victim", "")
	for _, row := range accessMatrix {
		target := replaceVictim(row.target, victim.ID)
		for who := range callers {
			var a *agent
			switch who {
			case asAnonymous:
				a = site.anonymous()
			case asOrgToken:
				a = org
			default:
				a = site.signInAs(users[who])
			}
			m := method(row.pattern)
			var resp *http.Response
			switch m {
			case http.MethodGet:
				resp = a.get(target)
			case http.MethodPut: // the form's token goes as the header an API client sends
				req, _ := http.NewRequest(m, site.ts.URL+target, nil)
				if a.CSRF != "" {
					req.Header.Set("X-CSRF-Token", a.CSRF)
				}
				resp = a.do(req)
			default:
				resp = a.postForm(target, nil)
			}
			body := readBody(t, resp)
			if resp.StatusCode != row.want[who] {
				t.Errorf("%s %s as %s: status %d, want %d\n%.200s", m, target, callerNames[who], resp.StatusCode, row.want[who], body)
			}
			if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("%s %s as %s: Cache-Control %q, want no-store", m, target, callerNames[who], cc)
			}
		}
	}
	// Nothing a caller did through the matrix changed the victim.
	if v, err := site.db.User(context.Background(), victim.ID); err != nil || len(v.Roles) != 0 || v.Disabled {
		t.Errorf("victim changed: %+v, %v", v, err)
	}
}

// method is the method of a pattern such as "GET /account".
func method(pattern string) string {
	for i, c := range pattern {
		if c == ' ' {
			return pattern[:i]
		}
	}
	return ""
}

func replaceVictim(target string, id int64) string {
	const ph = "{victim}"
	for i := 0; i+len(ph) <= len(target); i++ {
		if target[i:i+len(ph)] == ph {
			return target[:i] + fmt.Sprint(id) + target[i+len(ph):]
		}
	}
	return target
}

// TestAccessRules: what each rule lets each kind of session do; API
// tokens are in TestAPIToken.
func TestAccessRules(t *testing.T) {
	tests := []struct {
		rule access
		want [4]bool // anonymous, contributor, reviewer, admin (sessions)
	}{
		{public, [4]bool{true, true, true, true}},
		{signedIn, [4]bool{false, true, true, true}},
		{contributor, [4]bool{false, true, false, false}},
		{reviewer, [4]bool{false, false, true, false}},
		{admin, [4]bool{false, false, false, true}},
		{sourceToken, [4]bool{false, true, false, false}},
		{orgAccount, [4]bool{false, false, false, false}},
		{reviewerOrAdmin, [4]bool{false, false, true, true}},
		{publicUntokened, [4]bool{true, true, true, true}},
	}
	viewers := [4]*account.Viewer{nil, {Roles: []model.Role{model.RoleContributor}},
		{Roles: []model.Role{model.RoleReviewer}}, {Roles: []model.Role{model.RoleAdmin}}}
	for _, tc := range tests {
		for i, v := range viewers {
			if got := tc.rule.allows(v); got != tc.want[i] {
				t.Errorf("%s allows %v = %v, want %v", tc.rule, v, got, tc.want[i])
			}
		}
	}
}
