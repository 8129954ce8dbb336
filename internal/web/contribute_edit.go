package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"healthqa/internal/editorial"
	"healthqa/internal/store"
)

// editView is a contributor's page of one submission: its state, the
// reviewers' words, the newest revision rendered, and the form to revise
// and submit it.
type editView struct {
	chrome
	Sub       store.Submission
	Newest    store.Revision
	HTML      template.HTML // the newest revision, rendered
	Reviews   []store.EditorialReview
	Markdown  string // the text in the editing box
	Base      int    // the revision the form saves onto
	CanSave   bool
	CanSubmit bool
	// Refused is the contributor's own text from a save that was refused
	// because the draft was saved elsewhere: shown back, never lost.
	Refused string
}

// ownSubmission loads the submission of the path if the viewer may work
// on it; otherwise it answers 404 (a contributor has no business knowing
// which other submissions exist) and returns false.
func (s *Server) ownSubmission(w http.ResponseWriter, r *http.Request) (store.Submission, bool) {
	id := submissionID(r)
	sub, err := s.editorial.Submission(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !sub.Item().Owns(actorOf(viewer(r)))) {
		s.notFound(w, r)
		return sub, false
	}
	if err != nil {
		s.fail(w, r, err)
		return sub, false
	}
	return sub, true
}

func (s *Server) contributeEdit(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.ownSubmission(w, r)
	if !ok {
		return
	}
	s.showEdit(w, r, http.StatusOK, sub, editorialNotices[r.URL.Query().Get("done")], "", "")
}

// showEdit renders the edit page; refused is a refused save's text.
func (s *Server) showEdit(w http.ResponseWriter, r *http.Request, status int, sub store.Submission, notice, errMsg, refused string) {
	v := viewer(r)
	revs, err := s.editorial.Revisions(r.Context(), sub.ID)
	if err != nil || len(revs) == 0 {
		s.fail(w, r, fmt.Errorf("revisions of %d: %v", sub.ID, err))
		return
	}
	reviews, err := s.editorial.Reviews(r.Context(), sub.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	newest := revs[len(revs)-1]
	actor := actorOf(v)
	_, saveErr := editorial.Next(sub.Item(), actor, editorial.Save)
	_, submitErr := editorial.Next(sub.Item(), actor, editorial.Submit)
	view := editView{chrome: chrome{Viewer: v, CSRF: v.CSRFToken, Notice: notice, Error: errMsg}, Sub: sub,
		Newest: newest, HTML: answerHTML(newest.HTML), Reviews: reviews, Markdown: newest.Markdown, Base: sub.Revision,
		CanSave: saveErr == nil, CanSubmit: submitErr == nil, Refused: refused}
	s.privatePage(w, r, status, "Your answer: "+sub.QuestionTitle, "contribute_edit", view)
}

func (s *Server) contributeSave(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.ownSubmission(w, r)
	if !ok {
		return
	}
	if err := readForm(r); err != nil {
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too long", "The form was too large to read.")
		return
	}
	markdown := r.PostForm.Get("markdown")
	base, _ := strconv.Atoi(r.PostForm.Get("base"))
	text, err := editorial.Render(markdown)
	if err == nil {
		_, err = s.editorial.SaveRevision(r.Context(), store.SaveRevision{Actor: actorOf(viewer(r)), ID: sub.ID,
			Base: base, Text: text, Now: s.now()})
		if err == nil {
			seeOther(w, r, fmt.Sprintf("/contribute/submissions/%d?done=saved", sub.ID))
			return
		}
	}
	status, msg := editorialError(err)
	if status == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	var ce *store.ConflictError
	if errors.As(err, &ce) {
		msg = fmt.Sprintf("This draft was saved elsewhere at %s (revision %d); your text was not saved. It is kept below: copy it into the editor, which now holds the newest revision.",
			ce.Current.UpdatedAt.UTC().Format("2 January 2006, 15:04:05 UTC"), ce.Current.Revision)
		s.showEdit(w, r, status, ce.Current, "", msg, markdown)
		return
	}
	// Not saved for another reason (empty, too long, not allowed now):
	// the text stays in the editor.
	cur, lerr := s.editorial.Submission(r.Context(), sub.ID)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	s.showEdit(w, r, status, cur, "", msg, markdown)
}

func (s *Server) contributeSubmit(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.ownSubmission(w, r)
	if !ok {
		return
	}
	seen, _ := strconv.Atoi(r.PostFormValue("revision"))
	if seen <= 0 {
		seen = -1 // a form without its revision cannot match
	}
	cur, err := s.editorial.Step(r.Context(), store.Step{Actor: actorOf(viewer(r)), ID: sub.ID,
		Action: editorial.Submit, SeenRevision: seen, Now: s.now()})
	if err == nil {
		seeOther(w, r, fmt.Sprintf("/contribute/submissions/%d?done=submitted", cur.ID))
		return
	}
	status, msg := editorialError(err)
	if status == http.StatusInternalServerError {
		s.fail(w, r, err)
		return
	}
	now, lerr := s.editorial.Submission(r.Context(), sub.ID)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	s.showEdit(w, r, status, now, "", msg, "")
}
