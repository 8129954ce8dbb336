package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"healthqa/internal/devdata"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"healthqa/internal/ingest"
	"healthqa/internal/store/testdb"
)

// BenchmarkAskAPI asks /api/v1/ask the LiveQA dev questions over
// loopback HTTP, one request at a time, every request a cache miss (a
// counter in the query string makes each address new), and reports the
// p50 and p99 latency. It needs ../shared/data beside the checkout.
//
//	go test -run '^$' -bench AskAPI -benchtime 500x ./internal/web
func BenchmarkAskAPI(b *testing.B) {
	zip, questions := benchData(b)
	ctx := context.Background()
	st, _ := testdb.OpenContent(b)
	if _, err := ingest.MedQuAD(ctx, st, zip, ingest.Options{}); err != nil {
		b.Fatal(err)
	}
	s, err := New(st, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	client := srv.Client()
	get := func(i int) {
		q := questions[i%len(questions)]
		resp, err := client.Get(fmt.Sprintf("%s/api/v1/ask?q=%s&i=%d", srv.URL, url.QueryEscape(q), i))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		get(i)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*99+99)/100-1].Microseconds())/1000, "p99-ms")
}

func benchData(b *testing.B) (string, []string) {
	data := devdata.Dir(b)
	raw, err := os.ReadFile(filepath.Join(data, "liveqa", "dev-questions.xml"))
	if err != nil {
		b.Fatal(err)
	}
	var set struct {
		Q []struct {
			Subject string `xml:"Original-Question>SUBJECT"`
			Message string `xml:"Original-Question>MESSAGE"`
		} `xml:"NLM-QUESTION"`
	}
	if err := xml.Unmarshal(raw, &set); err != nil {
		b.Fatal(err)
	}
	var qs []string
	for _, q := range set.Q {
		qs = append(qs, q.Subject+" "+q.Message)
	}
	return filepath.Join(data, "MedQuAD-master.zip"), qs
}
