package sqlite

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"healthqa/internal/store"
)

// Temporary: builds /tmp/hqa-store/gen.db and prints plans and timings.
func TestZZBuildGen(t *testing.T) {
	path := os.Getenv("ZZ_BUILD")
	if path == "" {
		t.Skip()
	}
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Sync(context.Background(), "medquad", readerSized(), store.SyncOptions{}); err != nil {
		t.Fatal(err)
	}
}

func TestZZPlans(t *testing.T) {
	path := os.Getenv("ZZ_DB")
	if path == "" {
		t.Skip()
	}
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.db.SetMaxOpenConns(1)
	if p := os.Getenv("ZZ_PRAGMA"); p != "" {
		if _, err := d.db.Exec(p); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(os.Getenv("ZZ_SQL"))
	for _, q := range strings.Split(string(b), "\n;;\n") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		rows, err := d.db.Query("EXPLAIN QUERY PLAN " + q)
		if err != nil {
			t.Fatal(q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		start := time.Now()
		n := 0
		for range 5 {
			rows, err := d.db.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				n++
			}
			rows.Close()
		}
		t.Logf("\n%s\n  PLAN: %s\n  %v per run, %d rows", firstLine(q), strings.Join(plan, " | "), time.Since(start)/5, n/5)
	}
}

func firstLine(s string) string { return strings.ReplaceAll(s, "\n", " ")[:min(len(s), 150)] }
