// Package progress reports how far long-running work has got: a bar
// redrawn in place on a terminal, and occasional plain lines anywhere else
// (pipes, CI logs, files), where a redrawn bar would be noise.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Bytes is the unit that makes a Bar show counts as sizes ("3.2 MB").
const Bytes = "bytes"

// DefaultInterval is the least time between two plain progress lines.
const DefaultInterval = 2 * time.Second

const (
	// redrawInterval caps terminal redraws at ~10/s: faster is invisible
	// and costs syscalls in tight loops.
	redrawInterval = time.Second / 10
	defaultWidth   = 30
)

// An Option tunes a Bar made by New.
type Option func(*Bar)

// WithClock replaces time.Now, so tests can decide when time passes.
func WithClock(now func() time.Time) Option {
	return func(b *Bar) { b.now = now }
}

// WithInterval sets the least time between two plain (non-terminal)
// lines; d <= 0 keeps DefaultInterval.
func WithInterval(d time.Duration) Option {
	return func(b *Bar) {
		if d > 0 {
			b.interval = d
		}
	}
}

// WithTerminal overrides the detection of whether w is a terminal.
func WithTerminal(terminal bool) Option {
	return func(b *Bar) { b.terminal = terminal }
}

// WithWidth sets how many cells the terminal bar has; cells <= 0 keeps
// the default of 30.
func WithWidth(cells int) Option {
	return func(b *Bar) {
		if cells > 0 {
			b.width = cells
		}
	}
}

// Bar reports progress towards a total. Its methods are safe for
// concurrent use, so a caller's ticker may call Add(0) to keep the elapsed
// time moving while the work stalls.
type Bar struct {
	mu       sync.Mutex
	w        io.Writer // nil: silent
	label    string
	unit     string
	n, total int64
	terminal bool
	width    int
	interval time.Duration
	now      func() time.Time
	start    time.Time
	last     time.Time // of the last line drawn, or start
	drawn    bool
	lastLen  int // runes in the last terminal line, to blank its tail
	done     bool
}

// New returns a Bar that writes to w, counting in unit ("files", Bytes,
// or "" for bare numbers) towards total; total 0 means unknown. A nil w
// gives a silent Bar. Nothing is written until the first update.
func New(w io.Writer, label string, total int64, unit string, opts ...Option) *Bar {
	b := &Bar{
		w:        w,
		label:    label,
		unit:     unit,
		total:    max(total, 0),
		terminal: IsTerminal(w),
		width:    defaultWidth,
		interval: DefaultInterval,
		now:      time.Now,
	}
	for _, opt := range opts {
		opt(b)
	}
	b.start = b.now()
	b.last = b.start
	return b
}

// IsTerminal reports whether w looks like an interactive terminal that
// understands "\r".
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Add counts n more units done.
func (b *Bar) Add(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n += n
	b.update()
}

// Set records that n units are done in all.
func (b *Bar) Set(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n = n
	b.update()
}

// SetTotal changes the total, for work whose size is learnt late; 0 means
// unknown.
func (b *Bar) SetTotal(total int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.total = max(total, 0)
	b.update()
}

// Write counts len(p) bytes done, so a Bar can sit in an io.MultiWriter or
// io.TeeReader. It never fails.
func (b *Bar) Write(p []byte) (int, error) {
	b.Add(int64(len(p)))
	return len(p), nil
}

// Done draws the final state and ends the line. Only the first call
// writes; updates after it are ignored.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	b.done = true
	if b.w != nil {
		b.draw(b.now(), true)
	}
}

// update draws if enough time has passed since the last line.
func (b *Bar) update() {
	if b.done || b.w == nil {
		return
	}
	now := b.now()
	since := now.Sub(b.last)
	if b.terminal {
		// Draw at once the first time, so a terminal user sees work began.
		if b.drawn && since < redrawInterval {
			return
		}
	} else if since < b.interval {
		return
	}
	b.draw(now, false)
}

func (b *Bar) draw(now time.Time, final bool) {
	b.last, b.drawn = now, true
	elapsed := now.Sub(b.start)
	if !b.terminal {
		line := plainLine(b.label, b.n, b.total, b.unit)
		if final {
			line += " in " + formatElapsed(elapsed)
		}
		// Write errors are ignored: progress must never fail the work.
		fmt.Fprintln(b.w, line)
		return
	}
	line := terminalLine(b.label, b.n, b.total, b.unit, b.width, elapsed)
	n := utf8.RuneCountInString(line)
	// Spaces blank what is left of a longer previous line.
	out := "\r" + line + strings.Repeat(" ", max(b.lastLen-n, 0))
	b.lastLen = n
	if final {
		out += "\n"
	}
	io.WriteString(b.w, out)
}
