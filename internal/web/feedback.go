package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"healthqa/internal/store"
	"healthqa/internal/textcontrol"
)

// Readers' feedback: "Was this answer helpful?" under every answer, a
// plain form that works without JavaScript and without an account. The
// question page is cached and the same for everyone, so the form is
// static; what is per browser (the voter cookie) is only in the POST and
// its answer, which is never cached. See docs/FEEDBACK.md.

// The feedback pages' templates join the list here rather than in the
// shared one of pages.go, which parallel work edits too.
func init() { pageTemplates = append(pageTemplates, "feedback_thanks", "feedback_review") }

// voterCookie names the browser's voter id. __Host- makes the browser
// refuse it unless it is Secure, has Path=/ and no Domain, so no other
// site or subdomain can plant or read it. Browsers keep Secure cookies
// only from https pages or from http://localhost (a secure context), so
// the browser tests serve on localhost.
const voterCookie = "__Host-healthqa-voter"

// Bounds of one vote: the form body, the reason.
const (
	maxFeedbackBody = 4 << 10
	voterTokenBytes = 32
	voterCookieAge  = 365 * 24 * time.Hour
)

// The feedback rate limit per client address: a burst of 20 votes, then
// one every 6 seconds (10 a minute). The buckets are in the database,
// shared by every node (store.Feedback.TakeVoteToken).
const (
	feedbackBurst = 20
	feedbackEvery = 6 * time.Second
)

var voteRule = store.TokenBucket{Burst: feedbackBurst, Every: feedbackEvery}

// feedbackAction is the address a feedback form posts to: the answer key
// escaped as one path segment, whatever it holds.
func feedbackAction(answerKey string) string {
	return "/feedback/" + url.PathEscape(answerKey)
}

// feedbackRoutes registers the form's POST and the reviewers' counts.
// The form is inside cached pages, the same for every reader, so it can
// carry no per-reader token: publicUntokened applies the access layer's
// cross-origin check (http.CrossOriginProtection: a browser's cross-site
// POST is refused by Sec-Fetch-Site or Origin) and no token; see
// docs/FEEDBACK.md for why that is enough.
func (s *Server) feedbackRoutes() {
	s.route("POST /feedback/{key}", publicUntokened, http.HandlerFunc(s.feedback))
	s.route("GET /review/feedback", reviewerOrAdmin, http.HandlerFunc(s.feedbackReview))
}

func (s *Server) feedback(w http.ResponseWriter, r *http.Request) {
	if s.opts.Feedback == nil {
		s.errorPage(w, r, http.StatusServiceUnavailable, "Feedback is off", "This site does not collect feedback.")
		return
	}
	ok, wait, err := s.takeVoteToken(r.Context(), clientKey(s.clientRemoteAddr(r)), time.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds(wait)))
		s.errorPage(w, r, http.StatusTooManyRequests, "Too many votes", "You have sent a lot of feedback in a short time. Please wait a minute and try again.")
		return
	}
	key := r.PathValue("key")
	helpful, reason, err := readVote(w, r)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too long", "The feedback form sent too much text.")
			return
		}
		s.badRequest(w, r, err.Error())
		return
	}
	token, fresh := voterToken(r)
	slug, err := s.opts.Feedback.RecordFeedback(r.Context(), store.FeedbackVote{
		AnswerKey: key, VoterHash: voterHash(token, key), Helpful: helpful, Reason: reason, At: time.Now(),
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if fresh {
		http.SetCookie(w, &http.Cookie{Name: voterCookie, Value: token, Path: "/", MaxAge: int(voterCookieAge.Seconds()),
			Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	s.feedbackThanks(w, r, slug, key, helpful)
}

// takeVoteToken asks the shared bucket for a token, unless this node
// knows it is empty (refusals).
func (s *Server) takeVoteToken(ctx context.Context, client string, now time.Time) (bool, time.Duration, error) {
	if no, wait := s.voteRefusals.refused(client, now); no {
		return false, wait, nil
	}
	ok, wait, err := s.opts.Feedback.TakeVoteToken(ctx, client, now, voteRule)
	if err == nil && !ok {
		s.voteRefusals.refuse(client, now, wait)
	}
	return ok, wait, err
}

// readVote reads the form: helpful is "yes" or "no"; reason is optional,
// at most store.MaxFeedbackReason characters once trimmed, with control
// and bidi characters dropped.
func readVote(w http.ResponseWriter, r *http.Request) (helpful bool, reason string, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBody)
	if err := r.ParseForm(); err != nil {
		return false, "", err
	}
	switch r.PostForm.Get("helpful") {
	case "yes":
		helpful = true
	case "no":
	default:
		return false, "", errors.New("say whether the answer was helpful: yes or no")
	}
	reason = strings.TrimSpace(r.PostForm.Get("reason"))
	if !utf8.ValidString(reason) {
		return false, "", errors.New("the reason is not valid text (UTF-8)")
	}
	reason = textcontrol.Strip(reason)
	if n := utf8.RuneCountInString(reason); n > store.MaxFeedbackReason {
		return false, "", errors.New("the reason is " + strconv.Itoa(n) + " characters long; at most " + strconv.Itoa(store.MaxFeedbackReason) + " are kept")
	}
	return helpful, reason, nil
}

// voterToken is the browser's voter id from its cookie, or a new random
// one (fresh) when it sent none or a malformed one.
func voterToken(r *http.Request) (token string, fresh bool) {
	if c, err := r.Cookie(voterCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil && len(b) == voterTokenBytes {
			return c.Value, false
		}
	}
	return base64.RawURLEncoding.EncodeToString(randomBytes(voterTokenBytes)), true
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return b
}

// voterHash is what the database keeps of a voter: a hash of the token
// and the answer key, so a copy of the database holds no cookie and
// cannot tell that two answers' votes came from one browser.
func voterHash(token, answerKey string) []byte {
	h := sha256.New()
	h.Write([]byte("healthqa feedback voter\x00"))
	h.Write([]byte(token))
	h.Write([]byte{0})
	h.Write([]byte(answerKey))
	return h.Sum(nil)
}

type feedbackThanksView struct {
	Helpful  bool
	Back     string // the answer on its question page
	Question string
}

// feedbackThanks answers a recorded vote: a small page, never cached,
// that links back to the answer.
func (s *Server) feedbackThanks(w http.ResponseWriter, r *http.Request, slug, key string, helpful bool) {
	v := feedbackThanksView{Helpful: helpful, Back: "/q/" + url.PathEscape(slug) + "#" + url.PathEscape("answer-"+key)}
	if q, _, err := s.store.Question(r.Context(), slug); err == nil {
		v.Question = q.Title
	}
	p := &page{Title: "Thank you for your feedback", Robots: "noindex", View: v, template: "feedback_thanks"}
	var buf bytes.Buffer
	if err := s.render(&buf, r, p); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
