package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthqa/internal/devdata"
	"healthqa/internal/store/testdb"
)

// TestSeveralNodesFullCorpus is the multi-node must-show on the full
// MedQuAD: three `healthqa serve` on one PostgreSQL database holding all
// of it, and an answer written, submitted and approved through
// different nodes shows on every node's question page, API, /ask and
// /api/v1/ask within changeWithin of the approval. A full build of the
// search index takes seconds here; a node takes the publish into its
// index in place (web's takeContributors). A re-import then shows on
// every node after each loads the snapshot the import saved in its
// transaction (it no longer builds), within reimportWithin.
func TestSeveralNodesFullCorpus(t *testing.T) {
	devdata.SkipShort(t, "imports the full MedQuAD into PostgreSQL")
	testdb.PostgresPass(t, "three nodes on the full MedQuAD")
	zip := devdata.MedQuADZip(t)
	db := devdata.Postgres(t)
	runHealthqa(t, "import", "medquad", zip, "--db", db)
	var nodes []*clusterNode
	for range 3 {
		nodes = append(nodes, startClusterNode(t, db, "--version-poll", "1h"))
	}
	for _, n := range nodes {
		waitReady(t, n.base)
	}
	publishThroughOneNode(t, db, nodes)
	for _, n := range nodes {
		if !n.logged(`msg="search index ready"`, `how="took the contributor answers in"`) {
			t.Errorf("%s did not take the publish in place:\n%s", n.base, n.log.String())
		}
	}
	// A re-import saves its snapshot in its own transaction, so the
	// nodes load it rather than build.
	reimportFull(t, zip, db)
	changedWithin(t, db, nodes, changeURLs(multiAsk), "help, full corpus", reimportWithin)
	for _, n := range nodes {
		if !n.logged(`msg="search index ready"`, `how="loaded from the snapshot"`) {
			t.Errorf("%s did not load the re-import's snapshot:\n%s", n.base, n.log.String())
		}
		n.stop(t)
	}
}

// reimportWithin bounds a full-corpus re-import's arrival. Loading the
// snapshot costs a node about 0.3 s of CPU, but 1–2.5 s of wall time on
// the shared two-core machine under load, past changeWithin; the
// figure is logged and written down in docs/BENCHMARKS.md.
const reimportWithin = 10 * time.Second

// reimportFull unpacks the MedQuAD archive, adds a sentence to the
// restless legs answer, and imports the folder with `healthqa import`.
func reimportFull(t *testing.T, zipPath, db string) {
	t.Helper()
	dir := t.TempDir()
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := os.CopyFS(dir, r); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "MedQuAD-master", "3_GHR_QA", "0000869.xml")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(b), "<Answer>", "<Answer>Studies in zebrafish help, full corpus. ", 1)
	if changed == string(b) {
		t.Fatal("no answer in " + file)
	}
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	runHealthqa(t, "import", "medquad", dir, "--db", db)
}
