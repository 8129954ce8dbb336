package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"healthqa/internal/account"
	"healthqa/internal/store"
)

type tokensView struct {
	chrome
	Tokens []store.APIToken
	// New is the token just created, shown this once: only its hash is kept.
	New string
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) {
	s.showTokens(w, r, http.StatusOK, tokensView{chrome: chrome{Notice: notice(r)}})
}

func (s *Server) showTokens(w http.ResponseWriter, r *http.Request, status int, view tokensView) {
	v := viewer(r)
	list, err := s.accounts.APITokens(r.Context(), v.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view.Viewer, view.CSRF, view.Tokens = v, v.CSRFToken, list
	s.privatePage(w, r, status, "API tokens", "tokens", view)
}

// maxTokens bounds the valid tokens of one account.
const maxTokens = 20

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	if err := account.CheckLine("name", name, account.MaxTokenNameRunes); err != nil || name == "" {
		s.showTokens(w, r, http.StatusBadRequest, tokensView{chrome: chrome{Error: "Give the token a name of at most 80 characters, such as the system that will use it."}})
		return
	}
	list, err := s.accounts.APITokens(r.Context(), v.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	valid := 0
	for _, t := range list {
		if t.RevokedAt.IsZero() {
			valid++
		}
	}
	if valid >= maxTokens {
		s.showTokens(w, r, http.StatusBadRequest, tokensView{chrome: chrome{Error: "This account has 20 valid tokens: revoke one first."}})
		return
	}
	tok, hash := account.NewToken(account.APITokenPrefix)
	id, err := s.accounts.CreateAPIToken(r.Context(), store.APIToken{Hash: hash, UserID: v.UserID, SourceKey: v.SourceKey, Name: name, CreatedAt: s.now()})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "token.create", "token", strconv.FormatInt(id, 10), "", "valid", name); err != nil {
		s.fail(w, r, err)
		return
	}
	s.showTokens(w, r, http.StatusCreated, tokensView{New: tok})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	id, err := pathID(r, "id")
	if err == nil {
		err = s.accounts.RevokeAPIToken(r.Context(), v.UserID, id, s.now())
	}
	if errors.Is(err, store.ErrNotFound) {
		s.showTokens(w, r, http.StatusNotFound, tokensView{chrome: chrome{Error: "No such valid token."}})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "token.revoke", "token", strconv.FormatInt(id, 10), "valid", "revoked", ""); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/account/tokens?done=revoked")
}
