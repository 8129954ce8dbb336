package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"healthqa/internal/account"
	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/testdb"
	"healthqa/internal/web"
)

// Issue 12 in a real browser: the pages the reading levels changed
// (question and ask pages, in both orders) and the reviewers' queue of
// hard answers, audited with axe-core; and the easiest-first link
// followed with JavaScript off.

// conceptsSite serves the full MedQuAD import with one reviewer
// account, addressed as localhost for the __Host- session cookie (see
// accountSite).
func conceptsSite(t *testing.T) (base, reviewerEmail string) {
	t.Helper()
	zip := medquadZip(t)
	ctx := context.Background()
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, zip, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := account.Hash(e2ePassword)
	if err != nil {
		t.Fatal(err)
	}
	reviewerEmail = "rita@example.org"
	if _, err := st.CreateUser(ctx, store.User{Person: model.Person{Name: "Rita Review", Slug: "rita-review", Credentials: "MD"},
		Email: reviewerEmail, PasswordHash: h, Roles: []model.Role{model.RoleReviewer}}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(st, web.Options{BaseURL: "http://localhost"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return strings.Replace(ts.URL, "127.0.0.1", "localhost", 1), reviewerEmail
}

func TestConceptsAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axeScript(t))
	if err != nil {
		t.Fatal(err)
	}
	base, reviewer := conceptsSite(t)
	ctx := browser(t)
	audit := func(what string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatalf("%s: loading axe-core: %v", what, err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
			`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => r.violations)`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", what, err)
		}
		for _, v := range violations {
			msg := fmt.Sprintf("%s: %s (%s): %s, e.g. %v", what, v.ID, v.Impact, v.Help, v.Nodes[0].Target)
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	for _, path := range []string{
		"/q/what-is-restless-legs-syndrome",
		"/q/what-is-restless-legs-syndrome?order=easiest",
		"/ask?q=what+causes+restless+legs%3F",
		"/ask?q=what+causes+restless+legs%3F&order=easiest",
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		audit(path)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), reviewer),
		chromedp.SendKeys(chromedp.ID("password"), e2ePassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("nav.acctbar")),
		chromedp.Navigate(base+"/review/hard"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	if err != nil {
		t.Fatalf("signing in and opening /review/hard: %v", err)
	}
	h, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || h != "Answers hard to read" {
		t.Fatalf("/review/hard heading %q, %v", h, err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("tbody tr")))
	if err != nil || len(rows) == 0 {
		t.Errorf("the hard-answer queue lists nothing over MedQuAD: %v", err)
	}
	audit("/review/hard")
}

// TestConceptsEasiestFirstWithoutJavaScript follows the question page's plain
// link with scripts off and checks the answers come by reading grade.
func TestConceptsEasiestFirstWithoutJavaScript(t *testing.T) {
	base := site(t)
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/q/what-is-restless-legs-syndrome"),
		chromedp.WaitVisible(chromedp.CSS("p.answer-order a")),
		chromedp.Click(chromedp.CSS("p.answer-order a")),
		chromedp.WaitVisible(chromedp.CSS(`p.answer-order a[href="/q/what-is-restless-legs-syndrome"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("section.answer")].map(s => (s.querySelector(".reading-level") || {textContent: ""}).textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	var grades []int
	for _, l := range labels {
		var g int
		if _, err := fmt.Sscanf(l, "Reading level: about grade %d", &g); err == nil {
			grades = append(grades, g)
		}
	}
	if len(grades) < 2 {
		t.Fatalf("fewer than two graded answers on the page: %q", labels)
	}
	for i := 1; i < len(grades); i++ {
		if grades[i] < grades[i-1] {
			t.Errorf("answers not easiest first: %v", grades)
		}
	}
}
