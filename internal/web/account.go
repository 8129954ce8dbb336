package web

import (
	"errors"
	"net/http"
	"strconv"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

type accountView struct {
	chrome
	User store.User
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	s.showAccount(w, r, http.StatusOK, chrome{Notice: notice(r)})
}

// notices are the messages a redirect after a POST may ask for, by key,
// so that no text from the address reaches the page.
var notices = map[string]string{
	"profile":  "Your profile is saved.",
	"password": "Your password is changed. Every other session of your account has ended.",
	"welcome":  "Welcome. Your account is ready.",
	"revoked":  "The token is revoked.",
	"roles":    "The account is saved.",
	"source":   "The source is created.",
	"sessions": "Every other session of your account has ended.",
	"ended":    "Every session of this account has ended.",
}

func notice(r *http.Request) string { return notices[r.URL.Query().Get("done")] }

func (s *Server) showAccount(w http.ResponseWriter, r *http.Request, status int, c chrome) {
	v := viewer(r)
	u, err := s.accounts.User(r.Context(), v.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c.Viewer, c.CSRF = v, v.CSRFToken
	s.privatePage(w, r, status, "Your account", "account", accountView{chrome: c, User: u})
}

func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	p, err := account.CleanProfile(model.Person{
		Name: r.PostFormValue("name"), Credentials: r.PostFormValue("credentials"), Specialty: r.PostFormValue("specialty"),
		Affiliation: r.PostFormValue("affiliation"), Bio: r.PostFormValue("bio"),
	})
	if err != nil {
		s.showAccount(w, r, http.StatusBadRequest, chrome{Error: err.Error()})
		return
	}
	if err := s.accounts.UpdateProfile(r.Context(), v.UserID, p); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "user.profile", "user", strconv.FormatInt(v.UserID, 10), "", "", ""); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=profile")
}

// changePassword needs the current password (ASVS 6.2.3), and ends
// every other session of the account (7.4.3).
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	ctx := r.Context()
	u, err := s.accounts.User(ctx, v.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	current, next, again := r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("again")
	if len(current) > maxPasswordBytes || !account.Verify(current, u.PasswordHash) {
		s.showAccount(w, r, http.StatusBadRequest, chrome{Error: "The current password is not right."})
		return
	}
	if next != again {
		s.showAccount(w, r, http.StatusBadRequest, chrome{Error: "The two new passwords differ."})
		return
	}
	if err := account.CheckPassword(next, u.Email, u.Name); err != nil {
		s.showAccount(w, r, http.StatusBadRequest, chrome{Error: err.Error()})
		return
	}
	h, err := account.Hash(next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.accounts.SetPassword(ctx, u.ID, h, v.SessionHash, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "user.password", "user", strconv.FormatInt(u.ID, 10), "", "", "other sessions ended"); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=password")
}

// pathID reads a positive integer path parameter.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, store.ErrNotFound
	}
	return id, nil
}

// formError is a form mistake to show on the page again, as opposed to
// a failure of the server.
type formError struct{ msg string }

func (e formError) Error() string { return e.msg }

func asFormError(err error) (string, bool) {
	var fe formError
	if errors.As(err, &fe) {
		return fe.msg, true
	}
	return "", false
}

// signOutOthers ends every session of the account, this one included,
// and signs this browser in afresh (ASVS 7.5.2: a user can end sessions
// elsewhere, say on a lost device).
func (s *Server) signOutOthers(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	u, err := s.accounts.User(r.Context(), v.UserID)
	if err == nil {
		err = s.accounts.DeleteUserSessions(r.Context(), v.UserID)
	}
	if err == nil {
		err = s.startSession(w, r, u)
	}
	if err == nil {
		err = s.audit(r, "user.sessions_end", "user", strconv.FormatInt(v.UserID, 10), "", "", "by the user, from /account")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/account?done=sessions")
}
