package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"time"

	"healthqa/internal/account"
	"healthqa/internal/store"
)

// Cookie names. __Host- makes browsers refuse the cookie unless it is
// Secure, has Path=/ and no Domain, so that no other host and no
// plain-http page can set or overwrite it. Browsers accept Secure
// cookies over https, and over http only from localhost (Chromium and
// Firefox treat it as a secure context): run plain-http tests against
// localhost, or over TLS as the package tests do (httptest.NewTLSServer).
const (
	sessionCookie = "__Host-session"
	// anonCSRFCookie carries the double-submit token of visitors not
	// signed in (sign-in, invitation, feedback forms).
	anonCSRFCookie = "__Host-csrf"
)

// now is the server's clock; tests inject one through Options.Now.
func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

func (s *Server) timeouts() store.SessionTimeouts {
	t := s.opts.Sessions
	if t.Idle <= 0 {
		t.Idle = account.SessionTimeouts.Idle
	}
	if t.Absolute <= 0 {
		t.Absolute = account.SessionTimeouts.Absolute
	}
	return t
}

// sessionViewer finds the signed-in account of the session cookie; a
// cookie naming no live session is dropped.
func (s *Server) sessionViewer(w http.ResponseWriter, r *http.Request) (*account.Viewer, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !account.WellFormed(c.Value, "") {
		return nil, nil
	}
	hash := account.HashToken(c.Value)
	sess, u, err := s.accounts.SessionUser(r.Context(), hash, s.now(), s.timeouts())
	if errors.Is(err, store.ErrNotFound) {
		clearCookie(w, sessionCookie)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := account.NewViewer(u)
	v.CSRFToken, v.SessionHash = sess.CSRFToken, hash
	return v, nil
}

// startSession signs u in: a new session id every time (never one the
// browser brought, against session fixation), the old session if any
// deleted.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u store.User) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.accounts.DeleteSession(r.Context(), account.HashToken(c.Value)); err != nil {
			return err
		}
	}
	id, hash := account.NewToken("")
	csrf, _ := account.NewToken("")
	if err := s.accounts.CreateSession(r.Context(), store.Session{IDHash: hash, UserID: u.ID, CSRFToken: csrf, CreatedAt: s.now()}); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return nil
}

// endSession signs the viewer's browser out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request, v *account.Viewer) error {
	clearCookie(w, sessionCookie)
	if v == nil || v.SessionHash == nil {
		return nil
	}
	return s.accounts.DeleteSession(r.Context(), v.SessionHash)
}

func clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// maxCSRFBytes bounds the token read from a form or header.
const maxCSRFBytes = 64

// sentCSRF is the token the request carries: the X-CSRF-Token header
// (scripts, the API) or the csrf form field.
func sentCSRF(r *http.Request) string {
	if h := r.Header.Get("X-CSRF-Token"); h != "" {
		return h
	}
	return r.PostFormValue("csrf")
}

// csrfOK is the second layer against forged requests, behind
// http.CrossOriginProtection: an API token needs none (browsers never
// send one on their own); a session must send its own token; a visitor
// not signed in must send back the double-submit cookie's value.
//
// On public routes a signed-in browser may also send the double-submit
// token: a sign-in form left open in a second tab still works after the
// first tab signed in.
func (s *Server) csrfOK(r *http.Request, v *account.Viewer, public bool) bool {
	if v != nil && v.ViaToken {
		return true
	}
	got := sentCSRF(r)
	if len(got) > maxCSRFBytes {
		return false
	}
	if v != nil && tokenEqual(got, v.CSRFToken) {
		return true
	}
	if v != nil && !public {
		return false
	}
	c, err := r.Cookie(anonCSRFCookie)
	return err == nil && tokenEqual(got, c.Value)
}

func tokenEqual(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// formToken is the token forms on this response must carry: the
// session's, or for visitors not signed in the double-submit cookie's,
// set now if the browser has none.
func (s *Server) formToken(w http.ResponseWriter, r *http.Request) string {
	if v := viewer(r); v != nil {
		return v.CSRFToken
	}
	if c, err := r.Cookie(anonCSRFCookie); err == nil && account.WellFormed(c.Value, "") {
		return c.Value
	}
	tok, _ := account.NewToken("")
	http.SetCookie(w, &http.Cookie{Name: anonCSRFCookie, Value: tok, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return tok
}
