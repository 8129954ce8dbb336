package eval

import (
	"math"
	"slices"
	"time"

	"healthqa/internal/search"
)

// Depth is how far down a ranking the @10 metrics look.
const Depth = 10

// Metrics are the scores of one engine over a question set. Rates are
// shares of the evaluated questions, from 0 to 1.
type Metrics struct {
	// AvgScore is the mean grade (0–3) of the first-ranked entry: the
	// TREC 2017 LiveQA medical task's headline score.
	AvgScore float64 `json:"avg_score"`
	// Succ2, Succ3 and Succ4 are LiveQA's succ@2+, succ@3+ and succ@4+,
	// named on the track's 1–4 scale: the share of questions whose first
	// entry has grade ≥1, ≥2 and ≥3 on ours.
	Succ2 float64 `json:"succ_at_2plus"`
	Succ3 float64 `json:"succ_at_3plus"`
	Succ4 float64 `json:"succ_at_4plus"`
	// MAP2 and MRR2 count an entry relevant at grade ≥2 (correct), MAP1
	// and MRR1 at grade ≥1 (related or better); all over the top Depth.
	MAP2 float64 `json:"map10_grade2"`
	MRR2 float64 `json:"mrr10_grade2"`
	MAP1 float64 `json:"map10_grade1"`
	MRR1 float64 `json:"mrr10_grade1"`
	// NDCG is nDCG@10 on the graded judgments.
	NDCG float64 `json:"ndcg10"`
	// Judged10 is the mean share of the top 10 that the judgments grade
	// at all: how much of a ranking the other figures can see. An
	// engine that finds entries the judging pools missed has a low one
	// (RunCondensed).
	Judged10 float64 `json:"judged10"`
	// LatencyP50 and LatencyP99 are nearest-rank percentiles of the time
	// each Search call took.
	LatencyP50 time.Duration `json:"latency_p50_ns"`
	LatencyP99 time.Duration `json:"latency_p99_ns"`
}

// Scores are one question's metrics.
type Scores struct {
	FirstGrade int     `json:"first_grade"`
	AP2        float64 `json:"ap10_grade2"`
	RR2        float64 `json:"rr10_grade2"`
	AP1        float64 `json:"ap10_grade1"`
	RR1        float64 `json:"rr10_grade1"`
	NDCG       float64 `json:"ndcg10"`
	Judged10   float64 `json:"judged10"`
}

// score computes one question's metrics for a ranking of distinct
// DocIDs against its judgments.
func score(ranking []string, judged map[string]int) Scores {
	s := Scores{
		AP2: averagePrecision(ranking, judged, 2), RR2: reciprocalRank(ranking, judged, 2),
		AP1: averagePrecision(ranking, judged, 1), RR1: reciprocalRank(ranking, judged, 1),
		NDCG: ndcg(ranking, judged), Judged10: judgedShare(ranking, judged),
	}
	if len(ranking) > 0 {
		s.FirstGrade = judged[ranking[0]]
	}
	return s
}

// judgedShare is the share of the top 10 that judged grades; 0 for an
// empty ranking.
func judgedShare(ranking []string, judged map[string]int) float64 {
	r := top(ranking)
	if len(r) == 0 {
		return 0
	}
	n := 0
	for _, doc := range r {
		if _, ok := judged[doc]; ok {
			n++
		}
	}
	return float64(n) / float64(len(r))
}

// top cuts a ranking to Depth.
func top(ranking []string) []string { return ranking[:min(len(ranking), Depth)] }

// averagePrecision is AP@10 with entries of grade ≥ minGrade relevant:
// the sum of precision@i at each relevant entry in the top 10, divided
// by the number of relevant judged entries capped at 10 (the most a top
// 10 can hold), so a perfect top 10 scores 1. Without relevant judged
// entries it is 0.
func averagePrecision(ranking []string, judged map[string]int, minGrade int) float64 {
	relevant := 0
	for _, g := range judged {
		if g >= minGrade {
			relevant++
		}
	}
	if relevant == 0 {
		return 0
	}
	sum, hits := 0.0, 0
	for i, doc := range top(ranking) {
		if judged[doc] >= minGrade {
			hits++
			sum += float64(hits) / float64(i+1)
		}
	}
	return sum / float64(min(relevant, Depth))
}

// reciprocalRank is RR@10: 1/rank of the first entry of grade ≥
// minGrade in the top 10, 0 when there is none.
func reciprocalRank(ranking []string, judged map[string]int, minGrade int) float64 {
	for i, doc := range top(ranking) {
		if judged[doc] >= minGrade {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// ndcg is nDCG@10 with gain 2^grade − 1 and discount log2(rank+1); the
// ideal ranking orders all of the question's judged entries by grade.
// It is 0 when no judged entry has a positive grade.
func ndcg(ranking []string, judged map[string]int) float64 {
	grades := make([]int, 0, len(judged))
	for _, g := range judged {
		grades = append(grades, g)
	}
	slices.Sort(grades)
	slices.Reverse(grades)
	ideal := dcg(grades)
	if ideal == 0 {
		return 0
	}
	got := make([]int, len(ranking))
	for i, doc := range ranking {
		got[i] = judged[doc]
	}
	return dcg(got) / ideal
}

// dcg is DCG@10 of grades in rank order.
func dcg(grades []int) float64 {
	sum := 0.0
	for i, g := range grades[:min(len(grades), Depth)] {
		sum += (math.Exp2(float64(g)) - 1) / math.Log2(float64(i+2))
	}
	return sum
}

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted durations: the smallest value with at least p% of the values at
// or below it. It is 0 for no values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// distinct keeps the first hit of each DocID, in order: answers may share
// a DocID, and judgments are per DocID, so a repeat must not count twice.
func distinct(hits []search.Hit) []search.Hit {
	seen := make(map[string]bool, len(hits))
	out := make([]search.Hit, 0, len(hits))
	for _, h := range hits {
		if !seen[h.DocID] {
			seen[h.DocID] = true
			out = append(out, h)
		}
	}
	return out
}

// summarize averages per-question scores and takes latency percentiles.
// Latencies cover every question searched, scores only the evaluated.
func summarize(evaluated []Scores, latencies []time.Duration) Metrics {
	var m Metrics
	for _, s := range evaluated {
		m.AvgScore += float64(s.FirstGrade)
		m.Succ2 += b2f(s.FirstGrade >= 1)
		m.Succ3 += b2f(s.FirstGrade >= 2)
		m.Succ4 += b2f(s.FirstGrade >= 3)
		m.MAP2 += s.AP2
		m.MRR2 += s.RR2
		m.MAP1 += s.AP1
		m.MRR1 += s.RR1
		m.NDCG += s.NDCG
		m.Judged10 += s.Judged10
	}
	if n := float64(len(evaluated)); n > 0 {
		for _, f := range []*float64{&m.AvgScore, &m.Succ2, &m.Succ3, &m.Succ4,
			&m.MAP2, &m.MRR2, &m.MAP1, &m.MRR1, &m.NDCG, &m.Judged10} {
			*f /= n
		}
	}
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	m.LatencyP50 = percentile(sorted, 50)
	m.LatencyP99 = percentile(sorted, 99)
	return m
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
