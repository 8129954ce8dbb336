package account

import (
	"slices"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Viewer is who a request acts as: a signed-in browser or an
// organization's API token. Anonymous readers have none (nil); every
// method works on nil.
type Viewer struct {
	UserID    int64
	Name      string
	Slug      string
	Email     string
	Roles     []model.Role
	SourceKey string // the organization the account speaks for; "" for a person
	ViaToken  bool   // authenticated by an API token, not a session
	TokenID   int64  // the token's id when ViaToken
	// CSRFToken is the session's anti-forgery token, for forms; empty
	// for API tokens, which are not sent by browsers on their own.
	CSRFToken string
	// SessionHash identifies the session (the SHA-256 of its id), so that
	// a password change can keep it while ending the others.
	SessionHash []byte
}

// NewViewer is the viewer of u's session or API token.
func NewViewer(u store.User) *Viewer {
	return &Viewer{UserID: u.ID, Name: u.Name, Slug: u.Slug, Email: u.Email,
		Roles: slices.Clone(u.Roles), SourceKey: u.SourceKey}
}

// Has reports whether the viewer holds role; false for nil.
func (v *Viewer) Has(role model.Role) bool {
	return v != nil && slices.Contains(v.Roles, role)
}

// SignedIn reports whether v is a signed-in account (nil is not).
func (v *Viewer) SignedIn() bool { return v != nil }

// Organization reports whether the account speaks for a source.
func (v *Viewer) Organization() bool { return v != nil && v.SourceKey != "" }

// ActorID is the audit log's actor: the account, or 0 for nobody.
func (v *Viewer) ActorID() int64 {
	if v == nil {
		return 0
	}
	return v.UserID
}

// ParseRole turns a form or flag value into a Role.
func ParseRole(s string) (model.Role, bool) {
	r := model.Role(s)
	return r, slices.Contains(model.Roles, r)
}

// SortRoles puts roles in model.Roles order without repeats.
func SortRoles(roles []model.Role) []model.Role {
	out := []model.Role{}
	for _, r := range model.Roles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return out
}
