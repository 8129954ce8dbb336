package digest

// Definitions: the subject of an overview answer's first sentence is its
// topic, possibly followed by an apposition that names it otherwise ("X,
// also called Y, is a ..."; "X, also known as Y, is ..."), and the verb
// may be "refers to" ("X refers to a group of disorders ..."). Both are
// constructions of English definitions, tested on sentences written for
// the tests (TestDefinitions).

// skipApposition returns the index after an apposition ", also called
// Y," or ", also known as Y," at k, or k when there is none.
func skipApposition(toks []tok, k int) int {
	if k+2 >= len(toks) || toks[k].p != ',' {
		return k
	}
	m := k + 1
	if toks[m].w == "also" {
		m++
	}
	switch {
	case m < len(toks) && toks[m].w == "called":
		m++
	case m+1 < len(toks) && toks[m].w == "known" && toks[m+1].w == "as":
		m += 2
	default:
		return k
	}
	// The other name, up to the closing comma; a short one only.
	for n := m; n < len(toks) && n < m+8; n++ {
		if toks[n].p == ',' {
			if n == m {
				return k
			}
			return n + 1
		}
		if toks[n].is(cFiniteVerb) {
			return k
		}
	}
	return k
}

// refersTo reports "refers to" (or "refer to") at k: the definition
// starts after it.
func refersTo(toks []tok, k int) bool {
	return (toks[k].w == "refers" || toks[k].w == "refer") && k+1 < len(toks) && toks[k+1].w == "to"
}
