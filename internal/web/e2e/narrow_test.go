package e2e

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// On a 390 px phone no page scrolls sideways, even where an answer
// quotes a web address of 100+ characters as one word.
func TestLongWordsFitAPhone(t *testing.T) {
	base := site(t)
	ctx := browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	type widths struct{ Scroll, Client int }
	for _, path := range []string{
		"/q/is-spinocerebellar-ataxia-11-inherited",
		"/q/what-are-the-treatments-for-progressive-bulbar-palsy",
		"/q/who-is-at-risk-for-am-i-at-risk-for-type-2-diabetes-taking-steps-to-lower-your-risk-of-getting-diabetes",
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		w, err := chromedp.Run(ctx, chromedp.Evaluate[widths](`({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`))
		if err != nil {
			t.Fatal(err)
		}
		if w.Client != 390 || w.Scroll > w.Client {
			t.Errorf("%s at 390 px: content %d px wide in a %d px viewport", path, w.Scroll, w.Client)
		}
	}
}
