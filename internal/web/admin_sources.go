package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// sourceKinds are the kinds an admin may give a new source.
var sourceKinds = []model.SourceKind{model.KindGovernment, model.KindNonprofit, model.KindSociety, model.KindCommercial}

type adminSourcesView struct {
	chrome
	Sources []model.Source
	Kinds   []model.SourceKind
	Form    model.Source
}

func (s *Server) adminSources(w http.ResponseWriter, r *http.Request) {
	s.showSources(w, r, http.StatusOK, adminSourcesView{chrome: chrome{Notice: notice(r)}})
}

func (s *Server) showSources(w http.ResponseWriter, r *http.Request, status int, view adminSourcesView) {
	v := viewer(r)
	list, err := s.store.Sources(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view.Viewer, view.CSRF, view.Sources, view.Kinds = v, v.CSRFToken, list, sourceKinds
	s.privatePage(w, r, status, "Sources", "admin_sources", view)
}

// sourceKey is what a new source's key may be: it appears in addresses
// (/sources/{key}) and in answer keys.
var sourceKey = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{1,39}$`)

func (s *Server) adminCreateSource(w http.ResponseWriter, r *http.Request) {
	src := model.Source{
		Key: strings.TrimSpace(r.PostFormValue("key")), Name: strings.TrimSpace(r.PostFormValue("name")),
		ShortName: strings.TrimSpace(r.PostFormValue("short_name")), HomeURL: strings.TrimSpace(r.PostFormValue("home_url")),
		Description: strings.TrimSpace(r.PostFormValue("description")), Kind: model.SourceKind(r.PostFormValue("kind")),
	}
	if err := checkSource(src); err != nil {
		s.showSources(w, r, http.StatusBadRequest, adminSourcesView{chrome: chrome{Error: err.Error()}, Form: src})
		return
	}
	if src.ShortName == "" {
		src.ShortName = src.Name
	}
	err := s.accounts.CreateSource(r.Context(), src)
	if errors.Is(err, store.ErrExists) {
		s.showSources(w, r, http.StatusConflict, adminSourcesView{chrome: chrome{Error: "A source with this key exists already; imported sources are never changed here."}, Form: src})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.audit(r, "source.create", "source", src.Key, "", string(src.Kind), src.Name); err != nil {
		s.fail(w, r, err)
		return
	}
	seeOther(w, r, "/admin/sources?done=source")
}

func checkSource(src model.Source) error {
	if !sourceKey.MatchString(src.Key) || strings.EqualFold(src.Key, model.ContributorsSource) {
		return errors.New("the key must be 2 to 40 letters, digits or hyphens, starting with a letter (\"contributors\" is taken)")
	}
	checks := []struct {
		label, v string
		max      int
	}{{"name", src.Name, 200}, {"short name", src.ShortName, 60}, {"address", src.HomeURL, 500}, {"description", src.Description, 1000}}
	for _, c := range checks {
		if err := account.CheckLine(c.label, c.v, c.max); err != nil {
			return err
		}
	}
	if src.Name == "" {
		return errors.New("enter the organization's name")
	}
	if src.HomeURL != "" {
		u, err := url.Parse(src.HomeURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
			return errors.New("the address must be an http or https address, such as https://www.example.org/")
		}
	}
	for _, k := range sourceKinds {
		if src.Kind == k {
			return nil
		}
	}
	return errors.New("choose the kind of organization")
}

// auditPage is how many audit entries a page shows.
const auditPage = 50

type adminAuditView struct {
	chrome
	Entries []store.AuditEntry
	Older   int64 // before= of the next page; 0 when none
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	entries, err := s.accounts.AuditLog(r.Context(), max(before, 0), auditPage+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view := adminAuditView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken}, Entries: entries}
	if len(entries) > auditPage {
		view.Entries = entries[:auditPage]
		view.Older = view.Entries[auditPage-1].ID
	}
	s.privatePage(w, r, http.StatusOK, "Audit log", "admin_audit", view)
}
