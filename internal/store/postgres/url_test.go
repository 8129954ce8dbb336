package postgres

import (
	"strings"
	"testing"
)

func TestIsURL(t *testing.T) {
	tests := []struct {
		db   string
		want bool
	}{
		{"postgres://u@h/db", true},
		{"postgresql://u@h/db", true},
		{"POSTGRES://u@h/db", true},
		{"healthqa.db", false},
		{"postgres:", false}, // the folder issue 10 found: a path, as before
		{"./postgres://x", false},
		{"/var/lib/postgres/healthqa.db", false},
		{"sqlite://x", false},
	}
	for _, tc := range tests {
		if got := IsURL(tc.db); got != tc.want {
			t.Errorf("IsURL(%q) = %t; want %t", tc.db, got, tc.want)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ dsn, keep string }{
		{"postgres://app:s3cret@db.example:5432/healthqa", "app:xxxxx@db.example:5432/healthqa"},
		{"postgres://app@db.example/healthqa?password=s3cret&sslmode=require", "sslmode=require"},
		{"postgres://app@db.example/healthqa", "postgres://app@db.example/healthqa"},
	}
	for _, tc := range tests {
		got := Redact(tc.dsn)
		if strings.Contains(got, "s3cret") || !strings.Contains(got, tc.keep) {
			t.Errorf("Redact(%q) = %q; want no password and %q kept", tc.dsn, got, tc.keep)
		}
	}
}
