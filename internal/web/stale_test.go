package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
)

func TestStaleQueue(t *testing.T) {
	p := newPublishedSite(t)
	site := siteFor(t, p.s, p.st, nil)
	rv := signIn(t, site, model.RoleReviewer)
	resp := rv.get("/review/stale")
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
		t.Fatalf("GET /review/stale = %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	for _, want := range []string{
		"last reviewed before 2 December 2024 (the review period is 730d)",
		`<a href="/q/what-is-holmes-adie#answer-` + p.ninaKey + `">What is Holmes-Adie?</a>`,
		"1 June 2023 by Rick Review, MD, PhD",
		"8 imported answers (MedQuAD) were never reviewed here",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("stale queue lacks %q", want)
		}
	}
	if strings.Contains(page, p.janeKey) || strings.Contains(page, p.historyKey) {
		t.Error("the stale queue lists answers reviewed within the period")
	}
}

func TestParseStaleAfter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"730d", 730 * 24 * time.Hour, true},
		{"17520h", 730 * 24 * time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"0d", 0, false},
		{"12h", 0, false},
		{"-5d", 0, false},
		{"two years", 0, false},
		{"99999999d", 0, false},
	} {
		got, err := ParseStaleAfter(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseStaleAfter(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if got := FormatStaleAfter(DefaultStaleAfter); got != "730d" {
		t.Errorf("FormatStaleAfter(default) = %q", got)
	}
}
