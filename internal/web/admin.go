package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// usersPage is how many accounts the admin list shows at once.
const usersPage = 100

type adminUsersView struct {
	chrome
	Users   []store.User
	Next    int64 // the after= of the next page; 0 when none
	Sources []model.Source
	Roles   []model.Role
	// InviteLink is the link just made, shown this once: there is no
	// mail server, the admin passes it on.
	InviteLink  string
	InviteEmail string
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.showUsers(w, r, http.StatusOK, adminUsersView{})
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, status int, view adminUsersView) {
	v := viewer(r)
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	users, err := s.accounts.Users(r.Context(), max(after, 0), usersPage+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(users) > usersPage {
		users = users[:usersPage]
		view.Next = users[len(users)-1].ID
	}
	if view.Sources, err = s.store.Sources(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	view.Viewer, view.CSRF, view.Users, view.Roles = v, v.CSRFToken, users, model.Roles
	s.privatePage(w, r, status, "Accounts", "admin_users", view)
}

// formRoles reads the role checkboxes; an unknown role is a form error.
func formRoles(r *http.Request) ([]model.Role, error) {
	var roles []model.Role
	for _, v := range r.PostForm["role"] {
		role, ok := account.ParseRole(v)
		if !ok {
			return nil, formError{"unknown role " + strconv.Quote(v)}
		}
		roles = append(roles, role)
	}
	return account.SortRoles(roles), nil
}

func (s *Server) adminInvite(w http.ResponseWriter, r *http.Request) {
	inv, tok, err := s.newInvite(r)
	if msg, ok := asFormError(err); ok {
		s.showUsers(w, r, http.StatusBadRequest, adminUsersView{chrome: chrome{Error: msg}})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "invite.create", "invite", inv.Email, "", rolesText(inv.Roles), inv.SourceKey); err != nil {
		s.fail(w, r, err)
		return
	}
	s.showUsers(w, r, http.StatusCreated, adminUsersView{InviteLink: s.baseURL(r) + "/invite/" + tok, InviteEmail: inv.Email})
}

func (s *Server) newInvite(r *http.Request) (store.Invite, string, error) {
	ctx := r.Context()
	email, err := account.NormalizeEmail(r.PostFormValue("email"))
	if err != nil {
		return store.Invite{}, "", formError{err.Error()}
	}
	roles, err := formRoles(r)
	if err != nil {
		return store.Invite{}, "", err
	}
	if _, err := s.accounts.UserByEmail(ctx, email); err == nil {
		return store.Invite{}, "", formError{"An account with this email address exists already."}
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Invite{}, "", err
	}
	src := r.PostFormValue("source")
	if src != "" {
		sources, err := s.store.Sources(ctx)
		if err != nil {
			return store.Invite{}, "", err
		}
		if !slices.ContainsFunc(sources, func(x model.Source) bool { return x.Key == src && x.Key != model.ContributorsSource }) {
			return store.Invite{}, "", formError{"Choose an organization from the list, or none."}
		}
	}
	tok, hash := account.NewToken("")
	now := s.now()
	inv := store.Invite{TokenHash: hash, Email: email, Roles: roles, SourceKey: src, CreatedBy: viewer(r).UserID,
		CreatedAt: now, ExpiresAt: now.Add(account.InviteLifetime)}
	return inv, tok, s.accounts.CreateInvite(ctx, inv)
}

type adminUserView struct {
	chrome
	User  store.User
	Roles []model.Role
	// ResetLink is a password reset link just made, shown this once.
	ResetLink string
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) {
	s.showUser(w, r, http.StatusOK, chrome{Notice: notice(r)})
}

func (s *Server) showUser(w http.ResponseWriter, r *http.Request, status int, c chrome) {
	s.showUserWith(w, r, status, adminUserView{chrome: c})
}

func (s *Server) showUserWith(w http.ResponseWriter, r *http.Request, status int, view adminUserView) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.accounts.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := viewer(r)
	view.Viewer, view.CSRF, view.User, view.Roles = v, v.CSRFToken, u, model.Roles
	s.privatePage(w, r, status, "Account: "+u.Name, "admin_user", view)
}

// adminResetLink makes a one-time link for the account to choose a new
// password (there is no email: the admin passes it on). Using it ends
// every session of the account.
func (s *Server) adminResetLink(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.accounts.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tok, hash := account.NewToken("")
	now := s.now()
	inv := store.Invite{TokenHash: hash, Reset: true, Email: u.Email, Roles: []model.Role{}, CreatedBy: viewer(r).UserID,
		CreatedAt: now, ExpiresAt: now.Add(account.InviteLifetime)}
	if err := s.accounts.CreateInvite(r.Context(), inv); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "user.reset_link", "user", strconv.FormatInt(id, 10), "", "", ""); err != nil {
		s.fail(w, r, err)
		return
	}
	s.showUserWith(w, r, http.StatusCreated, adminUserView{ResetLink: s.baseURL(r) + "/invite/" + tok})
}

// adminSaveUser sets roles and the disabled flag. The store refuses a
// change that leaves no enabled admin (ErrLastAdmin), in the same
// transaction, so two admins demoting each other cannot both succeed.
func (s *Server) adminSaveUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.accounts.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	roles, err := formRoles(r)
	if err != nil {
		s.showUser(w, r, http.StatusBadRequest, chrome{Error: err.Error()})
		return
	}
	disabled := r.PostFormValue("disabled") == "on"
	idText := strconv.FormatInt(id, 10)
	if !slices.Equal(roles, u.Roles) {
		if err := s.accounts.SetRoles(r.Context(), id, roles); err != nil {
			s.userChangeFailed(w, r, err)
			return
		}
		if err := s.audit(r, "user.roles", "user", idText, rolesText(u.Roles), rolesText(roles), ""); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if disabled != u.Disabled {
		if err := s.accounts.SetDisabled(r.Context(), id, disabled); err != nil {
			s.userChangeFailed(w, r, err)
			return
		}
		from, to := "enabled", "disabled"
		if !disabled {
			from, to = to, from
		}
		if err := s.audit(r, "user."+to[:len(to)-1], "user", idText, from, to, ""); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	seeOther(w, r, "/admin/users/"+idText+"?done=roles")
}

func (s *Server) userChangeFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrLastAdmin) {
		s.showUser(w, r, http.StatusConflict, chrome{Error: "This is the last enabled admin account: make another account admin first."})
		return
	}
	s.fail(w, r, err)
}

// adminEndSessions signs an account out everywhere (ASVS 7.4.5).
func (s *Server) adminEndSessions(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		_, err = s.accounts.User(r.Context(), id)
	}
	if err == nil {
		err = s.accounts.DeleteUserSessions(r.Context(), id)
	}
	if err == nil {
		err = s.audit(r, "user.sessions_end", "user", strconv.FormatInt(id, 10), "", "", "by an admin")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/admin/users/"+strconv.FormatInt(id, 10)+"?done=ended")
}
