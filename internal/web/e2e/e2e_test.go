// Package e2e drives the real site in a real headless Chromium: the
// restless legs syndrome question page over the full MedQuAD import,
// checked as a reader sees it and audited with axe-core.
//
// It needs Chromium (HEALTHQA_CHROMIUM, or chromium on PATH), axe-core
// (HEALTHQA_AXE: the path of axe.min.js) and ../shared/data beside the
// checkout; .ci/run installs the first two. Without them the tests skip
// with a message.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"healthqa/internal/devdata"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"healthqa/internal/ingest"
	"healthqa/internal/store/testdb"
	"healthqa/internal/web"
)

func medquadZip(t *testing.T) string {
	t.Helper()
	devdata.SkipShort(t, "browser tests on the full data")
	return devdata.MedQuADZip(t)
}

func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HEALTHQA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	devdata.Skip(t, "no Chromium found (set HEALTHQA_CHROMIUM or install chromium; .ci/run does)")
	return ""
}

// site serves the full dataset from a fresh import.
func site(t *testing.T) string {
	t.Helper()
	zip := medquadZip(t)
	ctx := context.Background()
	st, _ := testdb.Open(t)
	if _, err := ingest.MedQuAD(ctx, st, zip, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(st, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Warm(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

func artifactDir(t *testing.T) string {
	dir := os.Getenv("HEALTHQA_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "healthqa-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

type pageFacts struct {
	Title      string   `json:"title"`
	Sources    []string `json:"sources"`
	ListItems  int      `json:"listItems"`
	Continue   []string `json:"continue"`
	Snippets   int      `json:"snippets"`
	MoreLinks  []string `json:"moreLinks"`
	Disclaimer string   `json:"disclaimer"`
	JSONLD     string   `json:"jsonld"`
}

const factsJS = `(() => ({
  title: document.querySelector("h1").textContent,
  sources: [...document.querySelectorAll("section.answer h2")].map(e => e.textContent.trim()),
  listItems: document.querySelectorAll("section.answer .text li").length,
  continue: [...document.querySelectorAll(".continue h3")].map(e => e.textContent.trim()),
  snippets: document.querySelectorAll(".continue .snippet").length,
  moreLinks: [...document.querySelectorAll(".continue a.more")].map(e => e.textContent.trim()),
  disclaimer: document.querySelector(".disclaimer").textContent,
  jsonld: document.querySelector('script[type="application/ld+json"]').textContent,
}))()`

func TestRestlessLegsQuestionPage(t *testing.T) {
	base := site(t)
	ctx := browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/q/what-is-restless-legs-syndrome"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](factsJS))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(artifactDir(t), "restless-legs-question.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)

	if facts.Title != "What is restless legs syndrome?" {
		t.Errorf("title %q", facts.Title)
	}
	for _, want := range []string{"National Institute of Neurological Disorders and Stroke", "Genetics Home Reference", "Genetic and Rare Diseases Information Center", "National Heart, Lung, and Blood Institute", "MedlinePlus Health Topics"} {
		if !contains(facts.Sources, want) {
			t.Errorf("no answer from %s; answers from %v", want, facts.Sources)
		}
	}
	if facts.ListItems < 2 {
		t.Errorf("%d list items: the answers' lists were not restored", facts.ListItems)
	}
	if len(facts.Continue) < 3 || facts.Snippets < 3 || len(facts.MoreLinks) != len(facts.Continue) {
		t.Errorf("continue learning: %d questions, %d snippets, %d links", len(facts.Continue), facts.Snippets, len(facts.MoreLinks))
	}
	for _, l := range facts.MoreLinks {
		if !strings.HasPrefix(l, "More answers (") {
			t.Errorf("link %q does not give the number of answers", l)
		}
	}
	if !strings.Contains(facts.Disclaimer, "not medical advice") {
		t.Errorf("disclaimer %q", facts.Disclaimer)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(facts.JSONLD), &ld); err != nil || ld["@type"] != "MedicalWebPage" {
		t.Errorf("JSON-LD: %v %v", err, ld["@type"])
	}
}

// axe-core finds no serious or critical WCAG 2.2 A/AA violation on the
// main page kinds.
func TestAccessibility(t *testing.T) {
	axe, err := os.ReadFile(axeScript(t))
	if err != nil {
		t.Fatal(err)
	}
	base := site(t)
	ctx := browser(t)
	for _, path := range []string{"/", "/q/what-is-restless-legs-syndrome", "/topics/restless-legs-syndrome", "/topics?letter=R", "/sources/NINDS", "/ask?q=what+causes+restless+legs%3F", "/q/not-here"} {
		err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatalf("%s: loading axe-core: %v", path, err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
			`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}).then(r => r.violations)`,
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe: %v", path, err)
		}
		for _, v := range violations {
			msg := fmt.Sprintf("%s: %s (%s): %s, e.g. %v", path, v.ID, v.Impact, v.Help, v.Nodes[0].Target)
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
}

// The site works without JavaScript: with page scripts off, the home
// page's search form submits on Enter and the results are plain links.
func TestWorksWithoutJavaScript(t *testing.T) {
	base := site(t)
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitReady(chromedp.ID("home-q")),
		chromedp.SendKeys(chromedp.ID("home-q"), "restless legs\n"),
		chromedp.WaitReady(chromedp.CSS("ol.ask-results")),
	)
	if err != nil {
		t.Fatal(err)
	}
	links, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSSAll("ol.ask-results h2 a")))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) == 0 {
		t.Error("search without JavaScript found nothing")
	}
}

type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// axeScript finds axe.min.js: HEALTHQA_AXE, or where .ci/run installs it.
func axeScript(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HEALTHQA_AXE"); p != "" {
		return p
	}
	dir, _ := filepath.Abs(".")
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		p := filepath.Join(dir, ".ci", "node", "node_modules", "axe-core", "axe.min.js")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	devdata.Skip(t, "axe-core not found: set HEALTHQA_AXE to axe.min.js, or run .ci/run once to install it")
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
