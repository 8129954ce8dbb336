package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// access is the rule a route is registered with: who may use it. It is
// decided here, once per route, and nowhere else.
type access int

const (
	// public: anyone. Unsafe requests still need the anti-forgery
	// token: the session's, or for anonymous visitors the double-submit
	// cookie's.
	public access = iota
	// signedIn: any enabled account, whatever its roles.
	signedIn
	contributor
	reviewer
	admin
	// sourceToken: an organization's API token (Authorization: Bearer,
	// on /api/ routes only) or a signed-in contributor.
	sourceToken
	// orgAccount: a signed-in account that speaks for a source (its
	// API tokens page).
	orgAccount
	// reviewerOrAdmin: the reviewer or the admin role (readers'
	// feedback counts, issue 9 item 6).
	reviewerOrAdmin
	// publicUntokened: anyone, and unsafe requests need no token: for a
	// form inside a cached public page (readers' feedback), which cannot
	// carry a per-reader token. The cross-origin check still applies, and
	// the handler must bound and rate-limit what it accepts.
	publicUntokened
)

func (a access) String() string {
	return [...]string{"public", "signedIn", "contributor", "reviewer", "admin", "sourceToken", "orgAccount", "reviewerOrAdmin", "publicUntokened"}[a]
}

// allows reports whether v may use a route of rule a.
func (a access) allows(v *account.Viewer) bool {
	switch a {
	case public, publicUntokened:
		return true
	case signedIn:
		return v != nil && !v.ViaToken
	case contributor:
		return v.Has(model.RoleContributor) && !v.ViaToken
	case reviewer:
		return v.Has(model.RoleReviewer) && !v.ViaToken
	case admin:
		return v.Has(model.RoleAdmin) && !v.ViaToken
	case sourceToken:
		// A token's account must still be a contributor: an admin takes
		// the role away to stop an organization's pushes at once.
		return v.Has(model.RoleContributor)
	case reviewerOrAdmin:
		return (v.Has(model.RoleReviewer) || v.Has(model.RoleAdmin)) && !v.ViaToken
	case orgAccount:
		return v.Organization() && !v.ViaToken
	}
	return false
}

// routeEntry is one registered route, for the access-matrix test.
type routeEntry struct {
	pattern string
	rule    access
}

// route registers h under pattern ("GET /admin/users") behind rule.
// Every non-public route goes through here; access_test.go fails for a
// route it has no row for.
func (s *Server) route(pattern string, rule access, h http.Handler) {
	s.routeTable = append(s.routeTable, routeEntry{pattern, rule})
	s.mux.Handle(pattern, s.guard(rule, h))
}

type viewerKey struct{}

// viewer is who the request acts as; nil for anonymous. Only routes
// registered through route have one.
func viewer(r *http.Request) *account.Viewer {
	v, _ := r.Context().Value(viewerKey{}).(*account.Viewer)
	return v
}

// guard finds the viewer, applies rule and the anti-forgery token, and
// marks the response private.
func (s *Server) guard(rule access, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nothing behind a guard is cached anywhere: it may depend on
		// who asks.
		w.Header().Set("Cache-Control", "no-store, private")
		w.Header().Add("Vary", "Cookie, Authorization")
		// First layer against forged requests: Go's check of
		// Sec-Fetch-Site, else Origin against Host, for unsafe methods;
		// programs send neither and pass, and the token layer decides.
		// Every state-changing route is registered here (the rest of the
		// site only reads), so this covers them all.
		if err := s.cop.Check(r); err != nil {
			s.forgery(w, r)
			return
		}
		v, err := s.identify(w, r, rule == sourceToken && isAPI(r))
		if errors.Is(err, errBadToken) {
			s.unauthorized(w, r)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if !rule.allows(v) {
			if v == nil {
				s.unauthorized(w, r)
			} else {
				// Logged (not audited: a crawler of admin pages would
				// flood the audit log).
				s.log.WarnContext(r.Context(), "access refused", "method", r.Method, "path", r.URL.Path, "user", v.UserID, "rule", rule.String())
				s.forbidden(w, r)
			}
			return
		}
		if unsafeMethod(r.Method) && rule != publicUntokened && !s.csrfOK(r, v, rule == public) {
			s.forgery(w, r)
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

// newCrossOriginProtection trusts the base URL's origin besides the
// request's own Host: behind a proxy that rewrites Host, a browser
// without Sec-Fetch-Site still passes when its Origin is the public one.
func newCrossOriginProtection(baseURL string) *http.CrossOriginProtection {
	cop := http.NewCrossOriginProtection()
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		cop.AddTrustedOrigin(u.Scheme + "://" + u.Host) // refused only for a malformed origin; then Host alone decides
	}
	return cop
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// identify finds the viewer: by API token when tokens are accepted and
// one is sent, else by session cookie. A bad token is an error the
// client must see (401), not a silent fall back to anonymous.
func (s *Server) identify(w http.ResponseWriter, r *http.Request, tokens bool) (*account.Viewer, error) {
	if s.accounts == nil {
		return nil, nil
	}
	if tokens {
		if auth := r.Header.Get("Authorization"); auth != "" {
			return s.tokenViewer(r, auth)
		}
	}
	return s.sessionViewer(w, r)
}

// errBadToken: an Authorization header with no valid token.
var errBadToken = errors.New("invalid API token")

func (s *Server) tokenViewer(r *http.Request, auth string) (*account.Viewer, error) {
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || !account.WellFormed(tok, account.APITokenPrefix) {
		return nil, errBadToken
	}
	t, u, err := s.accounts.APITokenUser(r.Context(), account.HashToken(tok), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, err
	}
	v := account.NewViewer(u)
	v.ViaToken, v.TokenID, v.SourceKey = true, t.ID, t.SourceKey
	return v, nil
}

// unauthorized: pages send the browser to sign in and come back; the
// API answers 401 with a problem.
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="healthqa"`)
		problem(w, r, http.StatusUnauthorized, "unauthorized", "sign in, or send an organization's API token as Authorization: Bearer")
		return
	}
	target := "/signin"
	if r.Method == http.MethodGet {
		target += "?next=" + urlQueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	if isAPI(r) {
		problem(w, r, http.StatusForbidden, "forbidden", "this account may not do this")
		return
	}
	s.errorPage(w, r, http.StatusForbidden, "Not allowed", "Your account does not have the role this page needs. An admin can grant it.")
}

// forgery answers a state-changing request without a valid anti-forgery
// token or from another site.
func (s *Server) forgery(w http.ResponseWriter, r *http.Request) {
	s.log.WarnContext(r.Context(), "forged or expired request refused", "method", r.Method, "path", r.URL.Path,
		"sec-fetch-site", r.Header.Get("Sec-Fetch-Site"), "origin", r.Header.Get("Origin"))
	if isAPI(r) {
		problem(w, r, http.StatusForbidden, "forbidden", "cross-site request or missing X-CSRF-Token")
		return
	}
	s.errorPage(w, r, http.StatusForbidden, "Form expired", "The form was sent from another site or has expired. Go back, reload the page and try again.")
}

// safeNext is next if it is a path on this site, else fallback: a
// sign-in link must not send anyone elsewhere.
func safeNext(next, fallback string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return fallback
	}
	if strings.HasPrefix(next, "/signin") || strings.HasPrefix(next, "/signout") {
		return fallback
	}
	return next
}
