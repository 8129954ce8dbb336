package progress_test

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"healthqa/internal/progress"
)

// fakeClock moves only when a test says so, so throttling is deterministic.
type fakeClock struct{ t time.Time }

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time          { return c.t }
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }
func (c *fakeClock) opt() progress.Option    { return progress.WithClock(c.Now) }

// plain makes a Bar draw log lines whatever the test's stdout is.
func plain(c *fakeClock) []progress.Option {
	return []progress.Option{c.opt(), progress.WithTerminal(false)}
}

func TestPlainThrottle(t *testing.T) {
	type step struct {
		advance time.Duration
		set     int64
		want    string // the line this step prints, "" for none
	}
	tests := []struct {
		name     string
		interval time.Duration
		steps    []step
	}{
		{
			name: "default interval",
			steps: []step{
				{0, 10, ""},
				{1999 * time.Millisecond, 20, ""},
				{time.Millisecond, 30, "import: 30/100 files (30%)"},
				{time.Second, 40, ""},
				{1500 * time.Millisecond, 50, "import: 50/100 files (50%)"},
				{10 * time.Second, 60, "import: 60/100 files (60%)"},
			},
		},
		{
			name:     "custom interval",
			interval: 5 * time.Second,
			steps: []step{
				{2 * time.Second, 10, ""},
				{2 * time.Second, 20, ""},
				{time.Second, 30, "import: 30/100 files (30%)"},
				{4 * time.Second, 40, ""},
				{time.Second, 50, "import: 50/100 files (50%)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			c := newClock()
			b := progress.New(&buf, "import", 100, "files", append(plain(c), progress.WithInterval(tt.interval))...)
			for i, s := range tt.steps {
				before := buf.Len()
				c.Advance(s.advance)
				b.Set(s.set)
				got := strings.TrimSuffix(buf.String()[before:], "\n")
				if got != s.want {
					t.Errorf("step %d: printed %q, want %q", i, got, s.want)
				}
			}
		})
	}
}

func TestPlainDone(t *testing.T) {
	tests := []struct {
		name  string
		total int64
		unit  string
		add   int64
		want  string
	}{
		{"files", 11274, "files", 11274, "import: 11274/11274 files (100%) in 3.5s"},
		{"unknown total", 0, "files", 42, "import: 42 files in 3.5s"},
		{"bytes", 16_200_000, progress.Bytes, 16_200_000, "import: 16.2 MB/16.2 MB (100%) in 3.5s"},
		{"stopped early", 10, "files", 4, "import: 4/10 files (40%) in 3.5s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			c := newClock()
			b := progress.New(&buf, "import", tt.total, tt.unit, plain(c)...)
			b.Add(tt.add)
			c.Advance(3500 * time.Millisecond)
			b.Done()
			b.Done()
			c.Advance(time.Hour)
			b.Add(1) // ignored after Done
			b.Done()
			if got := buf.String(); got != tt.want+"\n" {
				t.Errorf("output = %q, want %q", got, tt.want+"\n")
			}
		})
	}
}

func TestTerminal(t *testing.T) {
	var buf bytes.Buffer
	c := newClock()
	b := progress.New(&buf, "import", 10, "files", c.opt(), progress.WithTerminal(true), progress.WithWidth(10))

	b.Add(1) // the first update draws at once
	c.Advance(50 * time.Millisecond)
	b.Add(1) // too soon after the last draw
	c.Advance(50 * time.Millisecond)
	b.Add(1)
	c.Advance(10 * time.Millisecond)
	b.SetTotal(0) // too soon, but remembered
	c.Advance(100 * time.Millisecond)
	b.Add(0) // a ticker refreshing the elapsed time
	b.Done()
	b.Done()

	want := "\rimport [=>        ] 10% 1/10 files 0.0s" +
		"\rimport [===>      ] 30% 3/10 files 0.1s" +
		"\rimport 3 files 0.2s" + strings.Repeat(" ", 20) +
		"\rimport 3 files 0.2s\n"
	if got := buf.String(); got != want {
		t.Errorf("output =\n%q\nwant\n%q", got, want)
	}
}

func TestDoneWithoutUpdates(t *testing.T) {
	for _, terminal := range []bool{false, true} {
		var buf bytes.Buffer
		b := progress.New(&buf, "import", 0, "files", newClock().opt(), progress.WithTerminal(terminal))
		b.Done()
		b.Done()
		if n := strings.Count(buf.String(), "\n"); n != 1 {
			t.Errorf("terminal=%v: Done wrote %d lines (%q), want 1", terminal, n, buf.String())
		}
	}
}

func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	b := progress.New(&buf, "download", 5000, progress.Bytes, plain(newClock())...)
	if _, err := io.Copy(b, strings.NewReader(strings.Repeat("x", 1234))); err != nil {
		t.Fatal(err)
	}
	b.Done()
	if want := "download: 1.2 kB/5.0 kB (24%) in 0.0s\n"; buf.String() != want {
		t.Errorf("output = %q, want %q", buf.String(), want)
	}
}

func TestSilent(t *testing.T) {
	b := progress.New(nil, "import", 10, "files")
	b.Add(5)
	b.SetTotal(20)
	b.Write([]byte("abc"))
	b.Done()
}

// TestConcurrent is for the race detector: work and a ticker share a Bar.
func TestConcurrent(t *testing.T) {
	var buf bytes.Buffer
	b := progress.New(&buf, "import", 1000, "files", progress.WithTerminal(true))
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 1000 {
			b.Add(1)
		}
	})
	wg.Go(func() {
		for range 100 {
			b.Add(0)
		}
	})
	wg.Wait()
	b.Done()
	if !strings.Contains(buf.String(), "1000/1000 files") {
		t.Errorf("final line missing from %q", buf.String())
	}
}

func TestIsTerminal(t *testing.T) {
	if progress.IsTerminal(&bytes.Buffer{}) {
		t.Error("bytes.Buffer is a terminal")
	}
	if progress.IsTerminal(nil) {
		t.Error("nil is a terminal")
	}
	f, err := os.Create(t.TempDir() + "/log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progress.IsTerminal(f) {
		t.Error("regular file is a terminal")
	}

	// The null device is a character device, which is all the cheap check
	// can see, so it stands in for a terminal here.
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if fi, err := null.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Skip("null device is not a character device here")
	}
	t.Setenv("TERM", "xterm")
	if !progress.IsTerminal(null) {
		t.Error("character device with TERM=xterm is not a terminal")
	}
	t.Setenv("TERM", "dumb")
	if progress.IsTerminal(null) {
		t.Error("TERM=dumb is a terminal")
	}
}
