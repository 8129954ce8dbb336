package digest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDev(t *testing.T) {
	f, err := os.Open("/work/shared/data/digest/dev-gold.json")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	gold, _ := ReadGold(f)
	sys := map[string]Digest{}
	nai := map[string]Digest{}
	only := os.Getenv("G")
	for _, g := range gold {
		d := Build(g.QType, g.Topic, nil, g.AnswersForBuild())
		sys[g.Group] = d
		nai[g.Group] = Naive(g.AnswersForBuild())
		if only != "" && !strings.Contains(g.Group, only) {
			continue
		}
		fmt.Println("=====", g.Group)
		var aliases [][][]string
		for _, p := range g.Points {
			var as [][]string
			for _, a := range p.Aliases {
				as = append(as, normalizeEval(a))
			}
			aliases = append(aliases, as)
		}
		for _, p := range d.Points {
			m := matchGold(normalizeEval(p.Label), aliases)
			gl := "-"
			if m >= 0 {
				gl = g.Points[m].Label + " " + fmt.Sprint(g.Points[m].Sources)
			}
			fmt.Printf("  %-50q %v  => %s\n", p.Label, p.Sources, gl)
			if os.Getenv("EV") != "" {
				for _, e := range p.Evidence {
					fmt.Printf("        %s: %s\n", e.Source, e.Sentence)
				}
			}
		}
	}
	s, n := Score(gold, sys), Score(gold, nai)
	WriteReport(os.Stdout, s, n)
}
