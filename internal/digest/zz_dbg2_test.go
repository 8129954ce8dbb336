package digest

import (
	"fmt"
	"testing"
)

func TestZZDbg2(t *testing.T) {
	for _, s := range []string{"Vision, physical, and occupational therapies may be required."} {
		u := &unit{text: s, toks: tokenize(s)}
		x := &extractor{qtype: "treatment", topic: newTopic("Septo-optic dysplasia", nil)}
		x.subjects(u)
		for _, r := range x.out {
			fmt.Printf("%q spans=%v\n", r.ph.text(u), r.ph.spans)
		}
		for _, p := range conjuncts(u.toks, 0, 8) {
			fmt.Printf("C %q spans=%v\n", p.text(u), p.spans)
		}
	}
}
