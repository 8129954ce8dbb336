package readability

import (
	"math"
	"slices"
)

// Quartiles summarize a set of grades: the count, the quartiles by
// linear interpolation between order statistics (Hyndman and Fan's
// type 7, the default of R and NumPy), and the share above HardGrade.
type Quartiles struct {
	N      int     `json:"n"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
	// AboveHard is the fraction of grades above HardGrade.
	AboveHard float64 `json:"above_grade_12"`
}

// Summarize computes Quartiles of grades (not modified); all zero for
// none.
func Summarize(grades []float64) Quartiles {
	q := Quartiles{N: len(grades)}
	if q.N == 0 {
		return q
	}
	s := slices.Clone(grades)
	slices.Sort(s)
	q.Q1, q.Median, q.Q3 = quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)
	hard := 0
	for _, g := range s {
		if g > HardGrade {
			hard++
		}
	}
	q.AboveHard = float64(hard) / float64(q.N)
	return q
}

// quantile of sorted s at p, type 7: h = (n−1)p, interpolated.
func quantile(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}
