package digest

import "sync"

// The units of an answer's text are the same in every digest that reads
// it, and a topic's answers are read by each of its questions that
// gathers (gather.go) besides their own digests. Parsing and tokenizing
// are most of a digest's time, so the units of recent texts are kept
// and copied: a unit's tokens are never changed once made, its other
// state (skip, flags, order) is per digest and is copied or reset.

const unitCacheSize = 512 // texts; a topic has at most a few dozen answers

var unitCache = struct {
	sync.Mutex
	m map[string][]*unit
}{m: map[string][]*unit{}}

// cachedUnits is units(ans, text), from the cache when the text was
// split recently.
func cachedUnits(ans int, text string) []*unit {
	unitCache.Lock()
	proto, ok := unitCache.m[text]
	unitCache.Unlock()
	if !ok {
		proto = units(0, text)
		unitCache.Lock()
		if len(unitCache.m) >= unitCacheSize {
			clear(unitCache.m)
		}
		unitCache.m[text] = proto
		unitCache.Unlock()
	}
	return cloneUnits(ans, proto)
}

// cloneUnits copies units for one digest: the tokens are shared, the
// intro pointers point into the copy.
func cloneUnits(ans int, proto []*unit) []*unit {
	out := make([]*unit, len(proto))
	index := make(map[*unit]*unit, len(proto))
	for i, p := range proto {
		c := &unit{ans: ans, text: p.text, toks: p.toks, item: p.item, skip: p.skip, intro: p.intro,
			first: p.first, para: p.para, heading: p.heading}
		out[i] = c
		index[p] = c
	}
	for _, c := range out {
		if c.intro != nil {
			if m, ok := index[c.intro]; ok {
				c.intro = m
			}
		}
	}
	return out
}
