package eval

import (
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// Timed is one kind of call whose latency is measured: an engine's
// search, or healthqa's whole ask.
type Timed struct {
	Name string
	Call func(ctx context.Context, text string) error
}

// LatencyRow is the latency percentiles of one kind of call (nearest
// rank) over every text and round: wall time, and the process's CPU time
// during the call, which a busy machine inflates far less (zero where
// the platform does not report it).
type LatencyRow struct {
	Name   string        `json:"name"`
	Calls  int           `json:"calls"`
	P50    time.Duration `json:"p50_ns"`
	P90    time.Duration `json:"p90_ns"`
	P99    time.Duration `json:"p99_ns"`
	Max    time.Duration `json:"max_ns"`
	CPUP50 time.Duration `json:"cpu_p50_ns,omitempty"`
	CPUP99 time.Duration `json:"cpu_p99_ns,omitempty"`
}

// MeasureLatency times every call on every text, rounds times over. The
// calls are interleaved text by text, the first call rotating, so that
// on a shared machine a burst of load slows each kind alike rather than
// whichever happened to run then; a call's own error stops the run.
func MeasureLatency(ctx context.Context, calls []Timed, texts []string, rounds int) ([]LatencyRow, error) {
	if len(calls) == 0 || len(texts) == 0 || rounds < 1 {
		return nil, fmt.Errorf("eval: latency: need calls, texts and at least one round")
	}
	took := make([][]time.Duration, len(calls))
	cpu := make([][]time.Duration, len(calls))
	_, cpuOK := processCPU()
	turn := 0
	for range rounds {
		for _, text := range texts {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for k := range calls {
				i := (turn + k) % len(calls)
				cpu0, _ := processCPU()
				start := time.Now()
				err := calls[i].Call(ctx, text)
				took[i] = append(took[i], time.Since(start))
				cpu1, _ := processCPU()
				cpu[i] = append(cpu[i], cpu1-cpu0)
				if err != nil {
					return nil, fmt.Errorf("eval: latency: %s: %w", calls[i].Name, err)
				}
			}
			turn++
		}
	}
	rows := make([]LatencyRow, len(calls))
	for i, c := range calls {
		ts := took[i]
		slices.Sort(ts)
		rows[i] = LatencyRow{Name: c.Name, Calls: len(ts), P50: percentile(ts, 50), P90: percentile(ts, 90),
			P99: percentile(ts, 99), Max: ts[len(ts)-1]}
		if cpuOK {
			slices.Sort(cpu[i])
			rows[i].CPUP50, rows[i].CPUP99 = percentile(cpu[i], 50), percentile(cpu[i], 99)
		}
	}
	return rows, nil
}

// WriteLatencyTable prints the rows, each p50 and p99 (wall and CPU)
// also as a ratio to the row named peer (omitted when there is no such
// row).
func WriteLatencyTable(w io.Writer, rows []LatencyRow, peer string) error {
	var base *LatencyRow
	for i := range rows {
		if rows[i].Name == peer {
			base = &rows[i]
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	withCPU := slices.ContainsFunc(rows, func(r LatencyRow) bool { return r.CPUP99 > 0 })
	head := "call\tcalls\tp50\tp90\tp99\tmax\t"
	if withCPU {
		head += "cpu p50\tcpu p99\t"
	}
	if base != nil {
		head += fmt.Sprintf("p50/%s\tp99/%s\t", peer, peer)
		if withCPU {
			head += "cpu p50/\tcpu p99/\t"
		}
	}
	fmt.Fprintln(tw, head)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t", r.Name, r.Calls, msPrec(r.P50), msPrec(r.P90), msPrec(r.P99), msPrec(r.Max))
		if withCPU {
			fmt.Fprintf(tw, "%s\t%s\t", msPrec(r.CPUP50), msPrec(r.CPUP99))
		}
		if base != nil {
			fmt.Fprintf(tw, "%.2f×\t%.2f×\t", ratio(r.P50, base.P50), ratio(r.P99, base.P99))
			if withCPU {
				fmt.Fprintf(tw, "%.2f×\t%.2f×\t", ratio(r.CPUP50, base.CPUP50), ratio(r.CPUP99, base.CPUP99))
			}
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}

func msPrec(d time.Duration) string {
	return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond))
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
