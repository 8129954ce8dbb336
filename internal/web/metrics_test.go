package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"healthqa/internal/store"
)

// metricsServer is the test server with metrics, the store's pool
// watched, as serve wires them.
func metricsServer(t *testing.T) (*Server, *Metrics) {
	t.Helper()
	_, st := newTestServer(t)
	m := NewMetrics()
	s2, err := New(st, Options{BaseURL: "https://healthqa.test", VersionTTL: -1, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Warm(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.WatchPool("primary", st)
	return s2, m
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("/metrics: %d", w.Code)
	}
	b, _ := io.ReadAll(w.Body)
	return string(b)
}

// metricValue finds one sample by its name and labels as exposed.
func metricValue(t *testing.T, text, series string) float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`)
	m := re.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no sample %s in:\n%s", series, grepLines(text, "healthqa_"))
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func grepLines(text, substr string) string {
	var out []string
	for l := range strings.SplitSeq(text, "\n") {
		if strings.Contains(l, substr) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	s, m := metricsServer(t)
	get := func(path string) int {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w.Code
	}
	for range 3 {
		get("/q/what-is-restless-legs-syndrome")
	}
	for i := range 5 { // made-up paths: one route, not five series
		get("/q/made-up-" + strconv.Itoa(i))
	}
	get("/no/such/page")
	text := scrape(t, m)
	checks := []struct {
		series string
		want   float64
	}{
		{`healthqa_http_requests_total{code="200",method="GET",route="/q/{slug}"}`, 3},
		{`healthqa_http_requests_total{code="404",method="GET",route="/q/{slug}"}`, 5},
		{`healthqa_http_requests_total{code="404",method="GET",route="/"}`, 1},
		{`healthqa_http_request_duration_seconds_count{route="/q/{slug}"}`, 8},
		{`healthqa_page_cache_hits_total`, 2}, // the first of the three renders
		{`healthqa_search_index_builds_total{result="ok"}`, 1},
		{`healthqa_http_requests_in_flight`, 0},
		{`healthqa_draining`, 0},
		{`healthqa_shed_asks_total`, 0},
	}
	for _, c := range checks {
		if got := metricValue(t, text, c.series); got != c.want {
			t.Errorf("%s = %v, want %v", c.series, got, c.want)
		}
	}
	if strings.Contains(text, "made-up") {
		t.Error("a raw path reached a label")
	}
	if v := metricValue(t, text, `healthqa_content_version`); v <= 0 || v != metricValue(t, text, `healthqa_search_index_version`) {
		t.Errorf("content version %v, index version %v", v, metricValue(t, text, `healthqa_search_index_version`))
	}
	if metricValue(t, text, `healthqa_page_cache_misses_total`) < 1 {
		t.Error("no cache miss counted")
	}
	if metricValue(t, text, `healthqa_db_pool_max_connections{pool="primary"}`) < 1 {
		t.Error("pool bound not reported")
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", `healthqa_db_pool_connections{pool="primary",state="idle"}`} {
		if !strings.Contains(text, name) {
			t.Errorf("no %s", name)
		}
	}
	s.Drain()
	if metricValue(t, scrape(t, m), `healthqa_draining`) != 1 {
		t.Error("draining not reported")
	}
}

// The public site never serves the metrics: they are on serve's
// --metrics-addr only.
func TestMetricsNotOnPublicSite(t *testing.T) {
	s, _ := metricsServer(t)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "healthqa_http_requests_total") {
		t.Errorf("/metrics on the site: %d", w.Code)
	}
}

func TestOneMetricsPerServer(t *testing.T) {
	s, _ := newTestServer(t)
	m := NewMetrics()
	if _, err := New(s.store, Options{Metrics: m}); err != nil {
		t.Fatal(err)
	}
	if _, err := New(s.store, Options{Metrics: m}); err == nil {
		t.Error("a second Server took the same Metrics")
	}
}

func TestDrainTurnsReadyzUnavailable(t *testing.T) {
	s, _ := newTestServer(t)
	if code := do(t, s, "GET", "/readyz").StatusCode; code != http.StatusOK {
		t.Fatalf("/readyz before: %d", code)
	}
	s.Drain()
	resp := do(t, s, "GET", "/readyz")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body(t, resp), "draining") {
		t.Errorf("/readyz while draining: %d", resp.StatusCode)
	}
	if code := do(t, s, "GET", "/q/what-is-restless-legs-syndrome").StatusCode; code != http.StatusOK {
		t.Errorf("a page while draining: %d, want it served", code)
	}
}

// fakeReplicated is a store's view of its backends, as a test sets it.
type fakeReplicated struct{ backends []store.Backend }

func (f fakeReplicated) ReadsReplicas() bool                   { return true }
func (f fakeReplicated) Backends() []store.Backend             { return f.backends }
func (f fakeReplicated) ReplicaPools() map[string]store.Pooled { return nil }

// A replica named twice (the same URL given twice) is one series, not a
// failed scrape; its detail, which changes with every probe, is no label.
func TestBackendStateOnce(t *testing.T) {
	m := NewMetrics()
	r := store.Backend{Role: "replica", Name: "db2:5432/healthqa", State: "lagging", Detail: "6s behind"}
	other := r
	other.Detail = "7s behind"
	m.WatchReplicas(fakeReplicated{[]store.Backend{{Role: "primary", Name: "db1:5432/healthqa", State: "up"}, r, other}})
	text := scrape(t, m)
	want := `healthqa_db_backend_state{name="db2:5432/healthqa",role="replica",state="lagging"} 1`
	if strings.Count(text, want) != 1 || !strings.Contains(text, `healthqa_db_backend_state{name="db1:5432/healthqa",role="primary",state="up"} 1`) {
		t.Errorf("backend states:\n%s", text)
	}
}
