package readability

import "testing"

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		name      string
		in        []float64
		q1, m, q3 float64
		aboveHard float64
	}{
		// R: quantile(c(1,2,3,4), type = 7) gives 1.75, 2.5, 3.25.
		{"four", []float64{4, 1, 3, 2}, 1.75, 2.5, 3.25, 0},
		{"odd", []float64{10, 14, 6, 8, 13}, 8, 10, 13, 0.4},
		{"one", []float64{12.5}, 12.5, 12.5, 12.5, 1},
		{"none", nil, 0, 0, 0, 0},
	} {
		q := Summarize(c.in)
		if q.N != len(c.in) || !near(q.Q1, c.q1, 1e-9) || !near(q.Median, c.m, 1e-9) || !near(q.Q3, c.q3, 1e-9) || !near(q.AboveHard, c.aboveHard, 1e-9) {
			t.Errorf("%s: %+v; want q1 %v median %v q3 %v above %v", c.name, q, c.q1, c.m, c.q3, c.aboveHard)
		}
	}
}
