package web

import (
	"errors"
	"net/http"
	"strconv"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

type inviteView struct {
	chrome
	Invite store.Invite
	Token  string
	Name   string
}

// inviteFor finds the invitation of the path's token; a malformed,
// unknown, used or expired one is the same 404.
func (s *Server) inviteFor(r *http.Request) (store.Invite, string, error) {
	tok := r.PathValue("token")
	if s.accounts == nil || !account.WellFormed(tok, "") {
		return store.Invite{}, "", store.ErrNotFound
	}
	inv, err := s.accounts.Invite(r.Context(), account.HashToken(tok), s.now())
	return inv, tok, err
}

func (s *Server) invitePage(w http.ResponseWriter, r *http.Request) {
	inv, tok, err := s.inviteFor(r)
	if err != nil {
		s.inviteGone(w, r, err)
		return
	}
	s.privatePage(w, r, http.StatusOK, inviteTitle(inv), "invite",
		inviteView{chrome: chrome{CSRF: s.formToken(w, r), Viewer: viewer(r)}, Invite: inv, Token: tok})
}

func inviteTitle(inv store.Invite) string {
	if inv.Reset {
		return "Choose a new password"
	}
	return "Accept your invitation"
}

func (s *Server) inviteGone(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(w, r, http.StatusNotFound, "Invitation not valid",
			"This invitation is unknown, already used or expired. Ask an admin for a new one.")
		return
	}
	s.fail(w, r, err)
}

// acceptInvite creates the account, with the invitation's email and
// roles, and signs it in.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) {
	inv, tok, err := s.inviteFor(r)
	if err != nil {
		s.inviteGone(w, r, err)
		return
	}
	view := inviteView{chrome: chrome{CSRF: s.formToken(w, r), Viewer: viewer(r)}, Invite: inv, Token: tok, Name: r.PostFormValue("name")}
	if inv.Reset {
		s.resetPassword(w, r, view)
		return
	}
	p, err := account.CleanProfile(model.Person{Name: view.Name})
	password, again := r.PostFormValue("password"), r.PostFormValue("again")
	switch {
	case err != nil:
	case password != again:
		err = errors.New("the two passwords differ")
	default:
		err = account.CheckPassword(password, inv.Email, p.Name)
	}
	if err != nil {
		view.Error = err.Error()
		s.privatePage(w, r, http.StatusBadRequest, "Accept your invitation", "invite", view)
		return
	}
	h, err := account.Hash(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.accounts.AcceptInvite(r.Context(), account.HashToken(tok), s.now(),
		store.User{Person: model.Person{Name: p.Name, Slug: account.Slug(p.Name)}, PasswordHash: h})
	if errors.Is(err, store.ErrExists) {
		view.Error = "An account with this email address exists already: sign in instead."
		s.privatePage(w, r, http.StatusConflict, "Accept your invitation", "invite", view)
		return
	}
	if err != nil {
		s.inviteGone(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.accounts.AppendAudit(r.Context(), store.AuditEntry{At: s.now(), ActorID: u.ID, Action: "invite.accept",
		Entity: "user", EntityID: strconv.FormatInt(u.ID, 10), ToState: rolesText(u.Roles), Detail: u.Email})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=welcome")
}

// rolesText is roles for the audit log: "contributor,reviewer".
func rolesText(roles []model.Role) string {
	out := ""
	for i, r := range roles {
		if i > 0 {
			out += ","
		}
		out += string(r)
	}
	return out
}

// resetPassword uses a reset link an admin made: a new password, every
// session of the account ended, and this browser signed in afresh.
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request, view inviteView) {
	ctx := r.Context()
	password, again := r.PostFormValue("password"), r.PostFormValue("again")
	u, err := s.accounts.UserByEmail(ctx, view.Invite.Email)
	if err != nil {
		s.inviteGone(w, r, err)
		return
	}
	if password != again {
		err = errors.New("the two passwords differ")
	} else {
		err = account.CheckPassword(password, u.Email, u.Name)
	}
	if err != nil {
		view.Error = err.Error()
		s.privatePage(w, r, http.StatusBadRequest, inviteTitle(view.Invite), "invite", view)
		return
	}
	h, err := account.Hash(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u, err = s.accounts.ResetPassword(ctx, account.HashToken(view.Token), s.now(), h); err != nil {
		s.inviteGone(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.accounts.AppendAudit(ctx, store.AuditEntry{At: s.now(), ActorID: u.ID, Action: "user.password_reset",
		Entity: "user", EntityID: strconv.FormatInt(u.ID, 10), Detail: "reset link used; every session ended"})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=password")
}
