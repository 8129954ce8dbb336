package digest

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"
)

type mq struct {
	Slug, Qtype, Topic string
	Answers            []struct{ Source, Key, Text string }
}

func loadMulti(t testing.TB) []mq {
	b, err := os.ReadFile("/tmp/multi.json")
	if err != nil {
		t.Skip(err)
	}
	var qs []mq
	json.Unmarshal(b, &qs)
	return qs
}

func TestZZMulti(t *testing.T) {
	qs := loadMulti(t)
	seed, _ := strconv.Atoi(os.Getenv("SEED"))
	r := rand.New(rand.NewSource(int64(seed)))
	n, _ := strconv.Atoi(os.Getenv("N"))
	if n == 0 {
		n = 5
	}
	want := os.Getenv("QT")
	for shown := 0; shown < n; {
		q := qs[r.Intn(len(qs))]
		if want != "" && q.Qtype != want {
			continue
		}
		shown++
		var as []Answer
		for _, a := range q.Answers {
			as = append(as, Answer{a.Source, a.Key, a.Text})
		}
		d := Build(q.Qtype, q.Topic, nil, as)
		fmt.Println("=====", q.Slug, q.Qtype, len(as))
		for _, p := range d.Points {
			fmt.Printf("  %-60q %v\n", p.Label, p.Sources)
			if os.Getenv("EV") != "" {
				for _, e := range p.Evidence {
					fmt.Printf("        %s: %s\n", e.Source, e.Sentence)
				}
			}
		}
	}
}

func TestZZRaw(t *testing.T) {
	qs := loadMulti(t)
	slug := os.Getenv("SLUG")
	for _, q := range qs {
		if q.Slug != slug {
			continue
		}
		var as []Answer
		for _, a := range q.Answers {
			as = append(as, Answer{a.Source, a.Key, a.Text})
		}
		b := &builder{qtype: q.Qtype, answers: as, topic: newTopic(q.Topic, nil), flags: map[*unit][]bool{}, acronyms: map[string][]string{}}
		x := &extractor{qtype: q.Qtype, topic: b.topic}
		for i, a := range as {
			us := units(i, a.Text)
			b.units = append(b.units, us)
			first := true
			for _, u := range us {
				n := len(x.out)
				x.unit(u, first && !u.skip && !u.item)
				if !u.skip && !u.item {
					first = false
				}
				for _, r := range x.out[n:] {
					l := r.label
					if l == "" {
						l = r.ph.text(u)
					}
					fmt.Printf("%s k%d %q  <= %q\n", a.Source, r.kind, l, u.text)
				}
			}
		}
	}
}
