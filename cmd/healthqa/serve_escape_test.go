package main

import (
	"path/filepath"
	"strings"
	"testing"

	"healthqa/internal/store/testdb"
)

// A failed import at serve's start names the archive as the user gave
// it, with terminal controls escaped: an ESC]0; in a file name must not
// retitle the terminal or hide what follows.
func TestServeImportErrorIsEscaped(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "x\x1b]0;pwned\x07\u202e.zip")
	r := cli(t, "serve", "--addr", "127.0.0.1:0", "--db", testdb.DSN(t), "--medquad", bad, "--log-level", "error")
	if r.code != exitFailure {
		t.Fatalf("exit %d, want %d\n%s", r.code, exitFailure, r.stderr)
	}
	for _, raw := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(r.stderr, raw) {
			t.Errorf("stderr carries %q raw:\n%q", raw, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "pwned") {
		t.Errorf("stderr does not name the archive:\n%q", r.stderr)
	}
}
