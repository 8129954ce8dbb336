package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/store"
)

// accountRoutes registers the account pages (issue 9). Every one goes
// through route, so the access rule is decided in this table only.
func (s *Server) accountRoutes() {
	s.accountPages = parseAccountTemplates(s.assets.url("account.css"))
	s.route("GET /signin", public, http.HandlerFunc(s.signinPage))
	s.route("POST /signin", public, http.HandlerFunc(s.signin))
	s.route("POST /signout", signedIn, http.HandlerFunc(s.signout))
	s.route("GET /account", signedIn, http.HandlerFunc(s.accountPage))
	s.route("POST /account/profile", signedIn, http.HandlerFunc(s.saveProfile))
	s.route("POST /account/password", signedIn, http.HandlerFunc(s.changePassword))
	s.route("POST /account/sessions/end", signedIn, http.HandlerFunc(s.signOutOthers))
	s.route("GET /invite/{token}", public, http.HandlerFunc(s.invitePage))
	s.route("POST /invite/{token}", public, http.HandlerFunc(s.acceptInvite))
	s.route("GET /account/tokens", orgAccount, http.HandlerFunc(s.tokensPage))
	s.route("POST /account/tokens", orgAccount, http.HandlerFunc(s.createToken))
	s.route("POST /account/tokens/{id}/revoke", orgAccount, http.HandlerFunc(s.revokeToken))
	s.route("GET /admin/users", admin, http.HandlerFunc(s.adminUsers))
	s.route("POST /admin/invites", admin, http.HandlerFunc(s.adminInvite))
	s.route("GET /admin/users/{id}", admin, http.HandlerFunc(s.adminUser))
	s.route("POST /admin/users/{id}", admin, http.HandlerFunc(s.adminSaveUser))
	s.route("POST /admin/users/{id}/reset", admin, http.HandlerFunc(s.adminResetLink))
	s.route("POST /admin/users/{id}/sessions/end", admin, http.HandlerFunc(s.adminEndSessions))
	s.route("GET /admin/sources", admin, http.HandlerFunc(s.adminSources))
	s.route("POST /admin/sources", admin, http.HandlerFunc(s.adminCreateSource))
	s.route("GET /admin/audit", admin, http.HandlerFunc(s.adminAudit))
}

// accountTemplates are the pages of this file's routes, parsed with the
// layout and account_parts.html (the signed-in bar, form messages).
var accountTemplates = []string{"signin", "account", "invite", "tokens", "admin_users", "admin_user", "admin_sources", "admin_audit"}

func parseAccountTemplates(css string) map[string]*template.Template {
	funcs := template.FuncMap{
		"accountCSS": func() string { return css },
		"plural":     plural,
		"date":       func(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 UTC") },
	}
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/account_parts.html"))
	out := map[string]*template.Template{}
	for _, name := range accountTemplates {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return out
}

// chrome is what every account page's view carries: who is signed in
// and the token its forms send back.
type chrome struct {
	Viewer *account.Viewer
	CSRF   string
	Notice string // a message after a successful action
	Error  string // what went wrong with the form
}

// privatePage renders an account page: never cached (the guard set
// Cache-Control), never indexed.
func (s *Server) privatePage(w http.ResponseWriter, r *http.Request, status int, title, name string, view any) {
	p := &page{Title: title, Robots: "noindex", Path: r.URL.Path, View: view, template: name}
	p.Canonical = s.baseURL(r) + p.Path
	p.CSS = s.assets.url("style.css")
	p.JS = s.assets.url("suggest.js")
	var buf bytes.Buffer
	if err := s.accountPages[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// seeOther ends a successful POST (post/redirect/get).
func seeOther(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// audit appends to the audit log; a failure is logged, and fails the
// request: an action that cannot be recorded should be noticed.
func (s *Server) audit(r *http.Request, action, entity, id, from, to, detail string) error {
	err := s.accounts.AppendAudit(r.Context(), store.AuditEntry{At: s.now(), ActorID: viewer(r).ActorID(),
		Action: action, Entity: entity, EntityID: id, FromState: from, ToState: to, Detail: detail})
	if err != nil {
		s.log.ErrorContext(r.Context(), "audit log", "action", action, "err", err)
	}
	return err
}

type signinView struct {
	chrome
	Email, Next string
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	if s.accounts == nil {
		s.notFound(w, r)
		return
	}
	next := safeNext(r.URL.Query().Get("next"), "")
	if viewer(r) != nil {
		seeOther(w, r, safeNext(next, "/account"))
		return
	}
	s.privatePage(w, r, http.StatusOK, "Sign in", "signin", signinView{chrome: chrome{CSRF: s.formToken(w, r)}, Next: next})
}

// signinFailed is the one message for an unknown account, a disabled
// one, one without a password and a wrong password: nothing tells them
// apart, in words, status or time.
const signinFailed = "The email address or the password is not right."

// signinLocked is the one message once either counter is locked; it
// does not say which, nor whether the account exists.
const signinLocked = "Too many failed sign-ins. Wait 15 minutes and try again, or ask an admin to help."

// maxPasswordBytes bounds what a sign-in hashes; CheckPassword's limit
// in characters is lower.
const maxPasswordBytes = 4 * account.MaxPasswordRunes

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	if s.accounts == nil {
		s.notFound(w, r)
		return
	}
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	view := signinView{chrome: chrome{CSRF: s.formToken(w, r)}, Next: safeNext(r.PostFormValue("next"), "")}
	norm, emailErr := account.NormalizeEmail(email)
	if emailErr == nil {
		view.Email = norm
	}
	now := s.now()
	ctx := r.Context()
	clientKey, accountKey := account.ClientKey(s.clientRemoteAddr(r)), account.AccountKey(norm)
	locked, err := s.signinLocked(r, now, clientKey, accountKey)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if locked {
		view.Error = signinLocked
		s.privatePage(w, r, http.StatusTooManyRequests, "Sign in", "signin", view)
		return
	}
	u, err := s.accounts.UserByEmail(ctx, norm)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.fail(w, r, err)
		return
	}
	ok := false
	if err == nil && emailErr == nil && !u.Disabled && u.PasswordHash != "" && len(password) <= maxPasswordBytes {
		ok = account.Verify(password, u.PasswordHash)
	} else {
		account.VerifyDummy(password[:min(len(password), maxPasswordBytes)])
	}
	if !ok {
		if err := s.recordSigninFailure(r, now, clientKey, accountKey, u); err != nil {
			s.fail(w, r, err)
			return
		}
		view.Error = signinFailed
		s.privatePage(w, r, http.StatusUnauthorized, "Sign in", "signin", view)
		return
	}
	if err := s.signedIn(w, r, u, password, accountKey); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, safeNext(view.Next, "/account"))
}

func (s *Server) signinLocked(r *http.Request, now time.Time, keys ...string) (bool, error) {
	for _, k := range keys {
		t, err := s.accounts.Throttle(r.Context(), k)
		if err != nil {
			return false, err
		}
		if account.Locked(t, now) {
			return true, nil
		}
	}
	return false, nil
}

// recordSigninFailure counts the failure under both keys, whether or
// not the account exists, so that a lock says nothing of existence.
func (s *Server) recordSigninFailure(r *http.Request, now time.Time, clientKey, accountKey string, u store.User) error {
	if _, err := s.accounts.RecordFailure(r.Context(), clientKey, now, s.opts.Throttle.ClientRule()); err != nil {
		return err
	}
	t, err := s.accounts.RecordFailure(r.Context(), accountKey, now, s.opts.Throttle.AccountRule())
	if err != nil || u.ID == 0 {
		return err
	}
	detail := "wrong password"
	switch {
	case u.Disabled:
		detail = "account disabled"
	case u.PasswordHash == "":
		detail = "no password set"
	}
	if account.Locked(t, now) {
		detail += fmt.Sprintf("; locked until %s", t.LockedUntil.Format(time.RFC3339))
	}
	return s.accounts.AppendAudit(r.Context(), store.AuditEntry{At: now, ActorID: 0, Action: "signin.fail",
		Entity: "user", EntityID: strconv.FormatInt(u.ID, 10), Detail: detail})
}

// signedIn finishes a successful sign-in: counters cleared, the hash
// upgraded if its parameters are old, a new session, the audit entry.
func (s *Server) signedIn(w http.ResponseWriter, r *http.Request, u store.User, password, accountKey string) error {
	ctx := r.Context()
	if err := s.accounts.ClearThrottle(ctx, accountKey); err != nil {
		return err
	}
	if account.NeedsRehash(u.PasswordHash) {
		if h, err := account.Hash(password); err == nil {
			// keep nil ends no session that matters: the new one is made below.
			if err := s.accounts.SetPassword(ctx, u.ID, h, nil, s.now()); err != nil {
				return err
			}
		}
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	return s.accounts.AppendAudit(ctx, store.AuditEntry{At: s.now(), ActorID: u.ID, Action: "signin",
		Entity: "user", EntityID: strconv.FormatInt(u.ID, 10)})
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	if err := s.endSession(w, r, v); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "signout", "user", strconv.FormatInt(v.UserID, 10), "", "", ""); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/")
}
