package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --trusted-proxy repeats; HEALTHQA_TRUSTED_PROXIES is a comma list;
// the command line replaces the variable's list rather than adding to it.
func TestTrustedProxyFlag(t *testing.T) {
	tests := []struct {
		name string
		env  string // "" = unset
		args []string
		want string // the prefixes, or "error: …"
	}{
		{"none", "", nil, ""},
		{"environment list", "127.0.0.1, 10.0.0.0/8", nil, "127.0.0.1/32,10.0.0.0/8"},
		{"flag repeated", "", []string{"--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1"}, "127.0.0.1/32,::1/128"},
		{"flag replaces the environment", "10.0.0.0/8", []string{"--trusted-proxy", "::1"}, "::1/128"},
		{"bad flag", "", []string{"--trusted-proxy", "nginx.local"}, "error: trusted proxy \"nginx.local\""},
		{"bad environment", "10.0.0.0/8,,300.1.1.1", nil, "error: environment HEALTHQA_TRUSTED_PROXIES"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("HEALTHQA_TRUSTED_PROXIES", tc.env)
			}
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			ops := addOpsFlags(fs)
			_, err := parseFlags(fs, tc.args)
			if want, ok := strings.CutPrefix(tc.want, "error: "); ok {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v, want one with %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := ops.proxies.String(); got != tc.want {
				t.Errorf("proxies %q, want %q", got, tc.want)
			}
		})
	}
}

// Settings that cannot work stop serve before it makes a database.
func TestOpsFlagsChecked(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"--drain-timeout", "0s"}, exitUsage},
		{[]string{"--drain-delay", "-1s"}, exitUsage},
		{[]string{"--metrics-addr", "127.0.0.1:no-port"}, exitFailure},
	}
	for _, tc := range tests {
		db := filepath.Join(t.TempDir(), "x.db")
		r := cli(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.args[0]) {
			t.Errorf("serve %v: exit %d, %s", tc.args, r.code, r.stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Errorf("serve %v made %s", tc.args, db)
		}
	}
}

// deploy/healthqa.env names only real settings, each with a value serve
// accepts.
func TestDeployEnvFile(t *testing.T) {
	b, err := os.ReadFile("../../deploy/healthqa.env")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for name := range envFlags {
		known[envName(name)] = true
	}
	n := 0
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || !known[k] {
			t.Errorf("%q: not a setting (known: the envFlags)", line)
			continue
		}
		t.Setenv(k, v)
		n++
	}
	fs, _ := serveCmd().flagSet()
	if _, err := parseFlags(fs, nil); err != nil || n == 0 {
		t.Errorf("serve with deploy/healthqa.env: %v (%d settings)", err, n)
	}
}
