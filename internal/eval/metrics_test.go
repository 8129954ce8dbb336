package eval

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"healthqa/internal/search"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// judgedFive: three entries relevant at grade ≥2 (a, b, e), four at ≥1.
var judgedFive = map[string]int{"a": 3, "b": 2, "c": 1, "d": 0, "e": 2}

func TestScore(t *testing.T) {
	twelve := map[string]int{}
	var twelveRanked []string
	for i := range 12 {
		id := fmt.Sprint("r", i)
		twelve[id] = 3
		twelveRanked = append(twelveRanked, id)
	}
	tests := []struct {
		name    string
		ranking []string
		judged  map[string]int
		want    Scores
	}{{
		// Ranks: d(0) a(3) x(unjudged) c(1) b(2).
		// ≥2: hits at 2 and 5: (1/2 + 2/5) / 3 = 0.3; first at 2.
		// ≥1: hits at 2, 4, 5: (1/2 + 2/4 + 3/5) / 4 = 0.4; first at 2.
		// DCG = 7/log2(3) + 1/log2(5) + 3/log2(6) = 6.00774325…
		// IDCG (3,2,2,1,0) = 7 + 3/log2(3) + 3/log2(4) + 1/log2(5) = 10.82346581…
		name: "mixed", ranking: []string{"d", "a", "x", "c", "b"}, judged: judgedFive,
		want: Scores{FirstGrade: 0, AP2: 0.3, RR2: 0.5, AP1: 0.4, RR1: 0.5, NDCG: 0.5550664967545571},
	}, {
		// ≥2: b at 1, a at 2: (1 + 1) / 2 = 1. ≥1: same over 2 relevant.
		// DCG = 3 + 7/log2(3); IDCG = 7 + 3/log2(3).
		name: "swapped pair", ranking: []string{"b", "a"}, judged: map[string]int{"a": 3, "b": 2},
		want: Scores{FirstGrade: 2, AP2: 1, RR2: 1, AP1: 1, RR1: 1, NDCG: 0.8339912323981488},
	}, {
		// ≥2 has one relevant (a) found at 3: AP = RR = 1/3. ≥1 has two,
		// c at 1 and a at 3: (1 + 2/3) / 2.
		name: "grade 1 first", ranking: []string{"c", "x", "a"}, judged: map[string]int{"a": 2, "c": 1},
		want: Scores{FirstGrade: 1, AP2: 1.0 / 3, RR2: 1.0 / 3, AP1: (1 + 2.0/3) / 2, RR1: 1,
			NDCG: (1 + 3/2.0) / (3 + 1/math.Log2(3))},
	}, {
		// Twelve relevant, the top 10 all relevant: 10 precisions of 1
		// over min(12, 10).
		name: "more relevant than depth", ranking: twelveRanked, judged: twelve,
		want: Scores{FirstGrade: 3, AP2: 1, RR2: 1, AP1: 1, RR1: 1, NDCG: 1},
	}, {
		name: "nothing relevant judged", ranking: []string{"d", "y"}, judged: map[string]int{"d": 0, "z": 0},
		want: Scores{},
	}, {
		name: "empty ranking", ranking: nil, judged: judgedFive,
		want: Scores{},
	}, {
		// The only relevant entry sits at rank 11, past the cut-off.
		name: "relevant past depth", ranking: []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a"},
		judged: map[string]int{"a": 3},
		want:   Scores{},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := score(tt.ranking, tt.judged)
			if got.FirstGrade != tt.want.FirstGrade || !near(got.AP2, tt.want.AP2) || !near(got.RR2, tt.want.RR2) ||
				!near(got.AP1, tt.want.AP1) || !near(got.RR1, tt.want.RR1) || !near(got.NDCG, tt.want.NDCG) {
				t.Errorf("score = %+v\nwant    %+v", got, tt.want)
			}
		})
	}
}

func TestPercentileIsNearestRank(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	var fiftyOne []int
	for i := 1; i <= 51; i++ {
		fiftyOne = append(fiftyOne, i)
	}
	tests := []struct {
		name     string
		sorted   []time.Duration
		p50, p99 time.Duration
	}{
		{"none", nil, 0, 0},
		{"one", ms(7), 7 * time.Millisecond, 7 * time.Millisecond},
		// p50: rank ⌈5⌉ = 5; p99: rank ⌈9.9⌉ = 10.
		{"ten", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5 * time.Millisecond, 10 * time.Millisecond},
		// p50: rank ⌈25.5⌉ = 26; p99: rank ⌈50.49⌉ = 51, the slowest.
		{"fifty-one", ms(fiftyOne...), 26 * time.Millisecond, 51 * time.Millisecond},
		// p50: rank ⌈1.5⌉ = 2; p99: rank ⌈2.97⌉ = 3.
		{"three", ms(1, 2, 30), 2 * time.Millisecond, 30 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.sorted, 50); got != tt.p50 {
			t.Errorf("%s: p50 = %v, want %v", tt.name, got, tt.p50)
		}
		if got := percentile(tt.sorted, 99); got != tt.p99 {
			t.Errorf("%s: p99 = %v, want %v", tt.name, got, tt.p99)
		}
	}
}

func TestDistinctKeepsFirstOfEachDocID(t *testing.T) {
	hits := []search.Hit{
		{DocID: "A", AnswerKey: "A", Score: 9}, {DocID: "B", AnswerKey: "B", Score: 8},
		{DocID: "A", AnswerKey: "A@2", Score: 7}, {DocID: "C", AnswerKey: "C", Score: 6},
	}
	want := []search.Hit{hits[0], hits[1], hits[3]}
	if got := distinct(hits); !slices.Equal(got, want) {
		t.Errorf("distinct = %v, want %v", got, want)
	}
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		name      string
		evaluated []Scores
		latencies []time.Duration
		want      Metrics
	}{{
		name: "three questions",
		evaluated: []Scores{
			{FirstGrade: 0, AP2: 0.3, RR2: 0.5, AP1: 0.4, RR1: 0.5, NDCG: 0.6},
			{FirstGrade: 2, AP2: 0.6, RR2: 1, AP1: 0.5, RR1: 1, NDCG: 0.9},
			{FirstGrade: 3, AP2: 0.9, RR2: 1, AP1: 0.9, RR1: 1, NDCG: 0.3},
		},
		latencies: []time.Duration{30, 10, 20},
		// avgScore (0+2+3)/3; succ@2+ 2/3 (grades 2, 3), succ@3+ 2/3,
		// succ@4+ 1/3 (grade 3 only); means of the rest; p50 rank 2 of
		// 10, 20, 30; p99 rank 3.
		want: Metrics{AvgScore: 5.0 / 3, Succ2: 2.0 / 3, Succ3: 2.0 / 3, Succ4: 1.0 / 3,
			MAP2: 0.6, MRR2: 2.5 / 3, MAP1: 0.6, MRR1: 2.5 / 3, NDCG: 0.6, LatencyP50: 20, LatencyP99: 30},
	}, {
		name:      "grade 1 counts for succ@2+ only",
		evaluated: []Scores{{FirstGrade: 1}, {FirstGrade: 0}},
		want:      Metrics{AvgScore: 0.5, Succ2: 0.5},
	}, {
		name: "nothing evaluated", latencies: []time.Duration{5},
		want: Metrics{LatencyP50: 5, LatencyP99: 5},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(tt.evaluated, tt.latencies)
			w := tt.want
			if !near(got.AvgScore, w.AvgScore) || !near(got.Succ2, w.Succ2) || !near(got.Succ3, w.Succ3) ||
				!near(got.Succ4, w.Succ4) || !near(got.MAP2, w.MAP2) || !near(got.MRR2, w.MRR2) ||
				!near(got.MAP1, w.MAP1) || !near(got.MRR1, w.MRR1) || !near(got.NDCG, w.NDCG) ||
				got.LatencyP50 != w.LatencyP50 || got.LatencyP99 != w.LatencyP99 {
				t.Errorf("summarize = %+v\nwant        %+v", got, w)
			}
		})
	}
}
