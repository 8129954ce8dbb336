package progress

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// terminalLine is `label [=====>     ] 45% 5123/11274 files 2.1s`, or
// `label 5123 files 2.1s` when the total is unknown.
func terminalLine(label string, n, total int64, unit string, width int, elapsed time.Duration) string {
	var parts []string
	if label != "" {
		parts = append(parts, label)
	}
	if total > 0 {
		parts = append(parts, "["+barCells(n, total, width)+"]", strconv.Itoa(percent(n, total))+"%")
	}
	parts = append(parts, count(n, total, unit), formatElapsed(elapsed))
	return strings.Join(parts, " ")
}

// plainLine is `label: 5123/11274 files (45%)`, or `label: 5123 files`
// when the total is unknown.
func plainLine(label string, n, total int64, unit string) string {
	line := count(n, total, unit)
	if total > 0 {
		line += fmt.Sprintf(" (%d%%)", percent(n, total))
	}
	if label != "" {
		line = label + ": " + line
	}
	return line
}

// count is `5123/11274 files`, `3.2 MB/16.2 MB`, or just the done part
// when total is unknown.
func count(n, total int64, unit string) string {
	format := func(v int64) string { return strconv.FormatInt(v, 10) }
	if unit == Bytes {
		format = FormatBytes
	}
	s := format(n)
	if total > 0 {
		s += "/" + format(total)
	}
	if unit != "" && unit != Bytes {
		s += " " + unit
	}
	return s
}

// fraction is n/total clamped to [0, 1], so overshoot never draws past
// the bar's end.
func fraction(n, total int64) float64 {
	if total <= 0 || n <= 0 {
		return 0
	}
	return min(float64(n)/float64(total), 1)
}

// percent rounds down, so 100% means finished rather than nearly so.
func percent(n, total int64) int {
	return int(fraction(n, total) * 100)
}

func barCells(n, total int64, width int) string {
	filled := int(fraction(n, total) * float64(width))
	if filled >= width {
		return strings.Repeat("=", width)
	}
	return strings.Repeat("=", filled) + ">" + strings.Repeat(" ", width-filled-1)
}

// FormatBytes formats n bytes in decimal (SI) units with one decimal
// place: "512 B", "1.5 kB", "16.2 MB".
func FormatBytes(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	const prefixes = "kMGTPE"
	v, i := float64(n)/1000, 0
	// 999.95 rather than 1000, so rounding never prints "1000.0 kB".
	for v >= 999.95 && i < len(prefixes)-1 {
		v /= 1000
		i++
	}
	return fmt.Sprintf("%.1f %cB", v, prefixes[i])
}

// formatElapsed gives tenths under a minute, where they show movement,
// and whole seconds beyond.
func formatElapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Truncate(time.Second).String()
}
