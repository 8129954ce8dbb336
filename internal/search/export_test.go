package search

// Test helpers for the external test package, which imports ingest (and
// so cannot be this package: ingest imports search).
var (
	GenericQueries = genericQueries
	SameAnswers    = sameAnswers
)

// Docs exposes the indexed documents to benchmarks.
func (ix *Index) Docs() []Document { return ix.docs }

// OnePass and NewIndexRuns are the plain build and the one in runs, for
// BenchmarkBuildPeers.
var (
	OnePass      = onePass
	NewIndexRuns = newIndex
)

// SameRanking is sameRanking, for the full corpus's test.
var SameRanking = sameRanking

// MakeTopicNames makes the expansion tables of an index afresh, for
// BenchmarkTopicNames.
func MakeTopicNames(ix *Index) { new(topicNames).make(ix) }
