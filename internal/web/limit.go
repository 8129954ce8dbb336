package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound the work in flight. Requests that need work (an ask, a
// page or API response not in the cache) take a slot of their class; a
// few may wait a short while for one, and the rest are answered 503 with
// Retry-After at once. A cache hit takes no slot, so cached pages keep
// flowing while asks are shed. Zero fields take their defaults
// (DefaultLimits).
type Limits struct {
	// AskInflight bounds asks, suggestions and searches running at once.
	// They are CPU work: half the cores, so that a flood of asks leaves
	// the other half to pages and to shedding the excess.
	AskInflight int
	// RenderInflight bounds other cache misses (pages and API views read
	// from the database) running at once.
	RenderInflight int
	// Queue is how many requests of each class may wait for a slot;
	// negative means none.
	Queue int
	// QueueWait is the longest a request waits for a slot before 503.
	QueueWait time.Duration
}

// DefaultLimits derives the limits from the cores Go may use.
func DefaultLimits() Limits {
	n := runtime.GOMAXPROCS(0)
	return Limits{AskInflight: max(1, n/2), RenderInflight: 2 * n, Queue: 4 * n, QueueWait: 250 * time.Millisecond}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.AskInflight <= 0 {
		l.AskInflight = d.AskInflight
	}
	if l.RenderInflight <= 0 {
		l.RenderInflight = d.RenderInflight
	}
	if l.Queue < 0 {
		l.Queue = 0
	} else if l.Queue == 0 {
		l.Queue = d.Queue
	}
	if l.QueueWait <= 0 {
		l.QueueWait = d.QueueWait
	}
	return l
}

// admission is a semaphore with a bounded wait: at most cap(slots)
// holders, at most cap(queue) waiters, none waiting longer than wait.
type admission struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
	share *shareMeter // nil: the slot count alone bounds the class
	// refused counts errBusy answers, for the metrics.
	refused atomic.Uint64
}

func newAdmission(inflight, queue int, wait time.Duration) *admission {
	return &admission{slots: make(chan struct{}, inflight), queue: make(chan struct{}, queue), wait: wait}
}

// errBusy is the answer when no slot frees in time: try again shortly.
var errBusy = unavailable{retryAfter: time.Second, reason: "The server is busy answering other questions. Please try again in a moment."}

// acquire takes a slot, waiting at most a.wait in a queue of bounded
// length; the caller must call release once done. errBusy when the
// queue is full or the wait runs out.
func (a *admission) acquire(ctx context.Context) error {
	err := a.take(ctx)
	if err == errBusy {
		a.refused.Add(1)
	}
	return err
}

func (a *admission) take(ctx context.Context) error {
	if a.share.full() {
		return errBusy
	}
	select {
	case a.slots <- struct{}{}:
		a.share.hold(1)
		return nil
	default:
	}
	select {
	case a.queue <- struct{}{}:
	default:
		return errBusy
	}
	defer func() { <-a.queue }()
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		a.share.hold(1)
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *admission) release() {
	a.share.hold(-1)
	<-a.slots
}

// unavailable is a 503: the work could not be taken on now, and the
// client may retry after retryAfter.
type unavailable struct {
	retryAfter time.Duration
	reason     string
}

func (e unavailable) Error() string { return "unavailable: " + e.reason }

// serviceUnavailable answers 503 with Retry-After in whole seconds, as a
// problem document for the API and the error page elsewhere; never
// cached, since the next try may well succeed.
func (s *Server) serviceUnavailable(w http.ResponseWriter, r *http.Request, e unavailable) {
	secs := int((e.retryAfter + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
	// Closing the connection makes a client that is being refused open a
	// new one before it asks again: backpressure on a flood that answers
	// alone would only speed up, leaving more of the CPU to cache hits.
	w.Header().Set("Connection", "close")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		problem(w, r, http.StatusServiceUnavailable, "service unavailable", e.reason)
		return
	}
	body := s.shedPages.get(s.baseURL(r), e.reason, func() []byte {
		var buf bytes.Buffer
		p := &page{Title: shedTitle, Robots: "noindex", View: errorView{Status: http.StatusServiceUnavailable, Title: shedTitle, Message: e.reason}, template: "error"}
		if err := s.render(&buf, r, p); err != nil {
			s.log.ErrorContext(r.Context(), "rendering the 503 page", "err", err)
			return []byte(e.reason)
		}
		return buf.Bytes()
	})
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

const shedTitle = "Please try again in a moment"

// shedPages keeps the rendered 503 page by reason: under a flood most
// answers are 503s, and shedding must cost far less than the work it
// refuses. The page names its host in the canonical link, so an entry
// is for one host; a request from another renders and replaces it.
type shedPages struct {
	mu    sync.Mutex
	pages map[string]shedEntry // by reason
}

type shedEntry struct {
	base string
	body []byte
}

func (c *shedPages) get(base, reason string, render func() []byte) []byte {
	c.mu.Lock()
	e, ok := c.pages[reason]
	c.mu.Unlock()
	if ok && e.base == base {
		return e.body
	}
	body := render()
	c.mu.Lock()
	if c.pages == nil {
		c.pages = map[string]shedEntry{}
	}
	c.pages[reason] = shedEntry{base, body}
	c.mu.Unlock()
	return body
}

func (l Limits) String() string {
	return fmt.Sprintf("ask %d, render %d in flight; queue %d for %v", l.AskInflight, l.RenderInflight, l.Queue, l.QueueWait)
}
