package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// digestFacts is what a reader of the restless legs syndrome page sees of
// its digest on a phone.
type digestFacts struct {
	Shown     []string `json:"shown"`     // the labels listed before "All N points"
	Open      bool     `json:"open"`      // whether "All N points" is open
	Summary   string   `json:"summary"`   // the <summary> text
	Repeats   string   `json:"repeats"`   // the lede that names a repeating source
	AnswerTop float64  `json:"answerTop"` // the first answer's top, in CSS px from the page's top
	Viewport  float64  `json:"viewport"`  // the window's height
}

const digestFactsJS = `(() => {
  const d = document.querySelector("section.digest");
  const more = d.querySelector("details.more-points");
  return {
    shown: [...d.querySelectorAll(":scope > ol.points > li .point")].map(e => e.textContent),
    open: more ? more.open : false,
    summary: more ? more.querySelector("summary").textContent : "",
    repeats: (d.querySelector(":scope > p.repeats") || {textContent: ""}).textContent,
    answerTop: document.querySelector("section.answer").getBoundingClientRect().top + window.scrollY,
    viewport: window.innerHeight,
  };
})()`

// On a phone, with scripts off, the restless legs syndrome "What is"
// page lists at most eight short points, names GARD's copy of Genetics
// Home Reference's text as one voice, keeps the rest behind "All N
// points" (a <details> that opens without JavaScript), and the first
// answer starts within two screens.
func TestDigestOnAPhoneWithoutJavaScript(t *testing.T) {
	base := site(t)
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/q/what-is-restless-legs-syndrome"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	// Page scripts are off; Evaluate runs in the page's world all the
	// same, as the DevTools protocol does.
	f, err := chromedp.Run(ctx, chromedp.Evaluate[digestFacts](digestFactsJS))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("shown %q; %s; %q; first answer at %.0f px of a %.0f px screen", f.Shown, f.Summary, f.Repeats, f.AnswerTop, f.Viewport)
	if len(f.Shown) == 0 || len(f.Shown) > 8 {
		t.Errorf("%d points shown first; want 1 to 8", len(f.Shown))
	}
	for _, l := range f.Shown {
		if n := len(strings.Fields(l)); n > 12 {
			t.Errorf("label %q has %d words", l, n)
		}
	}
	if !strings.Contains(f.Repeats, "GARD repeats Genetics Home Reference’s text") {
		t.Errorf("no word that GARD repeats GHR: %q", f.Repeats)
	}
	if !strings.HasPrefix(f.Summary, "All ") || f.Open {
		t.Errorf("summary %q, open %v; want All N points, closed", f.Summary, f.Open)
	}
	if f.AnswerTop > 2*f.Viewport {
		t.Errorf("the first answer starts at %.0f px, more than two %.0f px screens down", f.AnswerTop, f.Viewport)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.more-points summary"))); err != nil {
		t.Fatal(err)
	}
	opened, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("details.more-points").open && document.querySelector("details.more-points li").getBoundingClientRect().height > 0`))
	if err != nil {
		t.Fatal(err)
	}
	if !opened {
		t.Error("All N points did not open without JavaScript")
	}
}
