package eval

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteCrossValidation prints a cross-validation for a terminal: the
// folds with the setting each chose on the others, then per engine the
// per-fold avgScore and MAP@10≥2, their mean ± sample standard
// deviation, and the pooled figure over all held-out questions; after
// each figure, in how many folds the cross-validated row leads each peer.
func WriteCrossValidation(w io.Writer, cv CrossValidation) error {
	k := len(cv.Folds)
	n := 0
	for _, f := range cv.Folds {
		n += len(f.Questions)
	}
	text := string(cv.Mode)
	if cv.Condensed {
		text += ", condensed lists (unjudged entries dropped)"
	}
	fmt.Fprintf(w, "%d-fold cross-validation, text %s, fold seed %d, %d judged questions, %d settings\n",
		k, text, cv.Seed, n, len(cv.Settings))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "fold\tn\tchosen on the other folds\tobjective there\t")
	for i, f := range cv.Folds {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%.3f\t\n", i+1, len(f.Questions), f.Chosen, f.TrainObjective)
	}
	if cv.Final.Chosen != "" {
		fmt.Fprintf(tw, "all\t%d\t%s\t%.3f\t\n", len(cv.Final.Questions), cv.Final.Chosen, cv.Final.TrainObjective)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, part := range []struct {
		name string
		get  func(Metrics) float64
		pick func(Headline) float64
	}{
		{"avgScore", func(m Metrics) float64 { return m.AvgScore }, func(h Headline) float64 { return h.AvgScore }},
		{"MAP@10≥2", func(m Metrics) float64 { return m.MAP2 }, func(h Headline) float64 { return h.MAP2 }},
	} {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := []string{part.name}
		for i := range k {
			head = append(head, fmt.Sprintf("fold %d", i+1))
		}
		fmt.Fprintln(tw, strings.Join(append(head, "mean ± sd", "pooled"), "\t")+"\t")
		for _, r := range cv.Rows {
			cells := []string{r.Engine}
			for _, m := range r.Folds {
				cells = append(cells, fmt.Sprintf("%.3f", part.get(m)))
			}
			cells = append(cells, fmt.Sprintf("%.3f ± %.3f", part.pick(r.Mean), part.pick(r.SD)),
				fmt.Sprintf("%.3f", part.get(r.Pooled)))
			fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if len(cv.Rows) > 2 {
			writeLeads(w, cv.Rows[0], cv.Rows[2:], part.get)
		}
	}
	return nil
}

// writeLeads says, per peer, in how many folds the cross-validated row
// is ahead of it, level with it, and behind it on one figure: the
// must-show of issue 11 reads "ahead in every fold".
func writeLeads(w io.Writer, cvRow CVRow, peers []CVRow, get func(Metrics) float64) {
	for _, p := range peers {
		ahead, level, behind := foldLeads(cvRow, p, get)
		fmt.Fprintf(w, "  %s against %s: ahead in %d of %d folds, level in %d, behind in %d\n",
			cvRow.Engine, p.Engine, ahead, len(cvRow.Folds), level, behind)
	}
}

// foldLeads counts the folds where a's figure is above b's, equal to it
// (within rounding: the figures are means of small numbers), and below.
func foldLeads(a, b CVRow, get func(Metrics) float64) (ahead, level, behind int) {
	for i := range min(len(a.Folds), len(b.Folds)) {
		switch d := get(a.Folds[i]) - get(b.Folds[i]); {
		case math.Abs(d) < 1e-9:
			level++
		case d > 0:
			ahead++
		default:
			behind++
		}
	}
	return ahead, level, behind
}
