package digest

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDbg(t *testing.T) {
	f, _ := os.Open("/work/shared/data/digest/dev-gold.json")
	gold, _ := ReadGold(f)
	g := gold[6]
	b := &builder{qtype: g.QType, answers: g.AnswersForBuild(), topic: newTopic(g.Topic, nil), flags: map[*unit][]bool{}, acronyms: map[string][]string{}}
	for i, a := range b.answers {
		b.units = append(b.units, units(i, a.Text))
	}
	x := &extractor{qtype: g.QType, topic: b.topic}
	for _, us := range b.units {
		for _, u := range us {
			x.unit(u, false)
		}
	}
	b.makeCands(x.out)
	for _, c := range b.cands {
		fmt.Printf("%s %d %q key=%q strong=%v weak=%v\n", c.src, c.kind, c.label, c.key, c.strong, c.weak)
	}
}
