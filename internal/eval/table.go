package eval

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// WriteTable prints one row of metrics per report, aligned for a
// terminal. The columns name the metrics as the LiveQA overview paper
// does; "≥2" marks relevance at grade 2 and up. A condensed report's
// text reads "original/condensed".
func WriteTable(w io.Writer, reports ...Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\ttext\tn\tavgScore\tsucc@2+\tsucc@3+\tsucc@4+\tMAP@10≥2\tMRR@10≥2\tMAP@10≥1\tMRR@10≥1\tnDCG@10\tjudged@10\tp50\tp99\t")
	for _, r := range reports {
		m := r.Metrics
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%s\t%s\t\n",
			r.Engine, lists(r), r.Evaluated, m.AvgScore, m.Succ2, m.Succ3, m.Succ4,
			m.MAP2, m.MRR2, m.MAP1, m.MRR1, m.NDCG, m.Judged10, ms(m.LatencyP50), ms(m.LatencyP99))
	}
	return tw.Flush()
}

// lists names a report's text mode, and its lists when condensed.
func lists(r Report) string {
	if r.Condensed {
		return string(r.Mode) + "/condensed"
	}
	return string(r.Mode)
}

// ms shows a latency in milliseconds, the unit engines differ by.
func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }
