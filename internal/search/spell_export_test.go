package search

// BuildSpeller builds a new speller for ix, for BenchmarkSpellerBuild.
func BuildSpeller(ix *Index) { newSpeller(ix, knownWords) }
