package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The reviewers' queue of stale answers, /review/stale: published
// contributor answers whose last review is older than Options.StaleAfter,
// oldest review first. Imported answers were never reviewed here, so
// they have no review to age: the page counts them and lists none (a
// queue of 47,000 would bury the answers a reviewer here vouched for).
// Signed-in reviewers only (the access layer), never cached.

// staleLimit bounds one page of the queue.
const staleLimit = 200

type staleView struct {
	chrome
	StaleAfter string
	Before     time.Time
	Answers    []publishedLink
	Total      int
	Imported   int
}

// BeforeDate is the cut-off day.
func (v staleView) BeforeDate() string { return longDate(v.Before) }

func (s *Server) staleQueue(w http.ResponseWriter, r *http.Request) {
	if s.published == nil {
		s.notFound(w, r)
		return
	}
	before := s.now().Add(-s.opts.StaleAfter)
	q, err := s.published.StaleAnswers(r.Context(), before, staleLimit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vw := viewer(r)
	v := staleView{chrome: chrome{Viewer: vw, CSRF: vw.CSRFToken}, StaleAfter: FormatStaleAfter(s.opts.StaleAfter),
		Before: before, Answers: publishedLinks(q.Answers), Total: q.Total, Imported: q.Imported}
	s.privatePage(w, r, http.StatusOK, "Answers due for review", "stale", v)
}

// publishedRoutes registers the reviewers' stale queue, a page drawn
// like the account pages (their bar and styles): its template is a
// clone of one of theirs with its own content.
func (s *Server) publishedRoutes() {
	t := template.Must(template.Must(s.accountPages["signin"].Clone()).ParseFS(templateFS, "templates/stale.html"))
	s.accountPages["stale"] = t
	s.route("GET /review/stale", reviewer, http.HandlerFunc(s.staleQueue))
}

// ParseStaleAfter reads serve's --stale-after: a whole number of days
// ("730d") or a Go duration ("17520h"); at least one day.
func ParseStaleAfter(v string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n > 100*366 {
			return 0, fmt.Errorf("stale period %q: want days such as 730d, or a duration such as 17520h", v)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, fmt.Errorf("stale period %q: want days such as 730d, or a duration such as 17520h", v)
		}
	}
	if d < 24*time.Hour {
		return 0, fmt.Errorf("stale period %q: at least one day", v)
	}
	return d, nil
}

// FormatStaleAfter writes a period in days when it is whole days.
func FormatStaleAfter(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	}
	return d.String()
}
