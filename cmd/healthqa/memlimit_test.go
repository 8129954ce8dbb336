package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"384MiB", 384 << 20, ""},
		{"1GiB", 1 << 30, ""},
		{" 2GiB ", 2 << 30, ""},
		{"65536KiB", 64 << 20, ""},
		{"500000000", 500000000, ""},
		{"500000000B", 500000000, ""},
		{"1TiB", 1 << 40, ""},
		{"off", math.MaxInt64, ""},
		{"64", 0, "below the least useful limit"},
		{"16MiB", 0, "below the least useful limit"},
		{"", 0, "not a size"},
		{"MiB", 0, "not a size"},
		{"-1GiB", 0, "not a size"},
		{"+1GiB", 0, "not a size"},
		{"1.5GiB", 0, "not a size"},
		{"1GB", 0, "not a size"}, // GOMEMLIMIT's units are binary
		{"lots", 0, "not a size"},
		{"9000000TiB", 0, "too large"},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("parseByteSize(%q) = %d, %v; want an error with %q", tt.in, got, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("parseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for in, want := range map[int64]string{384 << 20: "384MiB", 1 << 30: "1GiB", 1536 << 20: "1536MiB", 3 << 10: "3KiB", 1000: "1000B", math.MaxInt64: "off"} {
		if got := formatBytes(in); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestDecideMemoryLimit(t *testing.T) {
	const gib = 1 << 30
	runtimeLimit := debug.SetMemoryLimit(-1) // what the runtime holds now, GOMEMLIMIT's value
	tests := []struct {
		name      string
		flag      string
		gomemlim  string
		available int64
		want      int64
		from      string
		apply     bool
	}{
		{"flag", "1GiB", "", 24 * gib, 1 << 30, "--memory-limit", true},
		{"flag over GOMEMLIMIT", "512MiB", "200MiB", 0, 512 << 20, "--memory-limit", true},
		{"flag off", "off", "", 0, math.MaxInt64, "--memory-limit", true},
		{"GOMEMLIMIT, already applied by the runtime", "", "200MiB", 24 * gib, runtimeLimit, "GOMEMLIMIT", false},
		{"default on a large machine", "", "", 24 * gib, defaultMemoryLimit, "default", true},
		{"default, memory unknown", "", "", 0, defaultMemoryLimit, "default", true},
		{"small container", "", "", 256 << 20, 192 << 20, "default", true},
		{"container just large enough", "", "", 400 << 20, defaultMemoryLimit, "default", true},
		{"tiny container", "", "", 20 << 20, minMemoryLimit, "default", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f memoryLimitFlag
			if tt.flag != "" {
				if err := f.Set(tt.flag); err != nil {
					t.Fatal(err)
				}
			}
			src := memorySource{
				getenv:    func(k string) string { return map[string]string{"GOMEMLIMIT": tt.gomemlim}[k] },
				available: func() int64 { return tt.available },
			}
			got, from, apply := decideMemoryLimit(f, src)
			if got != tt.want || from != tt.from || apply != tt.apply {
				t.Errorf("= %d, %s, %v; want %d, %s, %v", got, from, apply, tt.want, tt.from, tt.apply)
			}
		})
	}
}

func TestReadCgroupLimit(t *testing.T) {
	tests := []struct {
		content string
		want    int64
		err     bool
	}{
		{"max\n", 0, false},                 // cgroup v2, no limit
		{"536870912\n", 512 << 20, false},   // a 512 MiB container
		{"9223372036854771712\n", 0, false}, // cgroup v1, no limit
		{"not a number\n", 0, true},
	}
	for _, tt := range tests {
		p := filepath.Join(t.TempDir(), "memory.max")
		if err := os.WriteFile(p, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readCgroupLimit(p)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("readCgroupLimit(%q) = %d, %v; want %d (error %v)", tt.content, got, err, tt.want, tt.err)
		}
	}
	if _, err := readCgroupLimit(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("a missing file read as a limit")
	}
}

func TestReadMemTotal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "meminfo")
	os.WriteFile(p, []byte("MemTotal:       24684028 kB\nMemFree:        23734140 kB\n"), 0o644)
	if got, err := readMemTotal(p); err != nil || got != 24684028<<10 {
		t.Errorf("readMemTotal = %d, %v", got, err)
	}
	os.WriteFile(p, []byte("MemFree: 1 kB\n"), 0o644)
	if _, err := readMemTotal(p); err == nil {
		t.Error("no MemTotal line, no error")
	}
}

// The limit is a deployment setting: HEALTHQA_MEMORY_LIMIT sets it as
// --memory-limit does, a bad value is a usage error naming the flag, and
// help lists the variable.
func TestMemoryLimitFlagAndEnvironment(t *testing.T) {
	for _, tt := range []struct {
		name, env string
		args      []string
		want      string // the flag's value after parsing; "" = an error
	}{
		{"flag", "", []string{"--memory-limit", "1GiB"}, "1GiB"},
		{"environment", "256MiB", nil, "256MiB"},
		{"flag over environment", "256MiB", []string{"--memory-limit=off"}, "off"},
		{"unset", "", nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv("HEALTHQA_MEMORY_LIMIT", tt.env)
			}
			fs, _ := serveCmd().flagSet()
			if _, err := parseFlags(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			if got := fs.Lookup("memory-limit").Value.String(); got != tt.want {
				t.Errorf("--memory-limit = %q, want %q", got, tt.want)
			}
		})
	}
	t.Setenv("HEALTHQA_MEMORY_LIMIT", "lots")
	if r := cli(t, "serve"); r.code != exitUsage || !strings.Contains(r.stderr, "HEALTHQA_MEMORY_LIMIT") || !strings.Contains(r.stderr, "not a size") {
		t.Errorf("bad HEALTHQA_MEMORY_LIMIT: exit %d, %s", r.code, r.stderr)
	}
	os.Unsetenv("HEALTHQA_MEMORY_LIMIT")
	if r := cli(t, "serve", "--memory-limit", "12"); r.code != exitUsage || !strings.Contains(r.stderr, "--memory-limit") {
		t.Errorf("--memory-limit 12: exit %d, %s", r.code, r.stderr)
	}
	if r := cli(t, "serve", "--help"); !strings.Contains(r.stdout, "env HEALTHQA_MEMORY_LIMIT") {
		t.Errorf("serve --help does not name HEALTHQA_MEMORY_LIMIT:\n%s", r.stdout)
	}
}

// The limits on work in flight are deployment settings too, as the
// README's Environment table says.
func TestLimitFlagsFromEnvironment(t *testing.T) {
	for _, tt := range []struct{ env, flag, value string }{
		{"HEALTHQA_MAX_INFLIGHT_ASK", "max-inflight-ask", "3"},
		{"HEALTHQA_MAX_INFLIGHT", "max-inflight", "5"},
		{"HEALTHQA_MAX_QUEUE", "max-queue", "-1"},
		{"HEALTHQA_MAX_QUEUE_WAIT", "max-queue-wait", "100ms"},
	} {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv(tt.env, tt.value)
			fs, _ := serveCmd().flagSet()
			if _, err := parseFlags(fs, nil); err != nil {
				t.Fatal(err)
			}
			if got := fs.Lookup(tt.flag).Value.String(); got != tt.value {
				t.Errorf("--%s = %q, want %q from %s", tt.flag, got, tt.value, tt.env)
			}
		})
	}
}
