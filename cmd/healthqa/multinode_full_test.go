package main

import (
	"testing"

	"healthqa/internal/devdata"
	"healthqa/internal/store/testdb"
)

// TestSeveralNodesFullCorpus is the multi-node must-show on the full
// MedQuAD: three `healthqa serve` on one PostgreSQL database holding all
// of it, and an answer written, submitted and approved through
// different nodes shows on every node's question page, API, /ask and
// /api/v1/ask within changeWithin of the approval. A full build of the
// search index takes seconds here; a node takes the publish into its
// index in place (web's takeContributors).
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
		n.stop(t)
	}
}
