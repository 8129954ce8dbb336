package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
)

// defaultMemoryLimit is serve's soft limit on the Go runtime's memory when
// neither --memory-limit nor GOMEMLIMIT gives one. Without a limit the
// collector lets the heap reach twice what is live (GOGC=100): a flood of
// cache misses grew the process by three times the 64 MiB cache budget.
// The full MedQuAD node holds about 90 MiB of live heap once ready
// (search index, templates) and the page cache at most its budget, 60%
// of 256 MiB; the rest is the collector's room and the work admitted in
// flight. Measured (docs/BENCHMARKS.md, "Page cache under a flood"): the
// flood's RSS growth falls from 184 to 90 MiB at about the same request
// rate, and a full import under the same limit takes as long as
// without (1.01 ± 0.20). Content much larger than MedQuAD needs a larger
// limit; serve warns when the one set is tight (warnIfMemoryTight).
const defaultMemoryLimit = 256 << 20

// minMemoryLimit refuses limits that could not even hold the page cache:
// a typo such as "64" (bytes) must not make the collector run without
// pause.
const minMemoryLimit = 32 << 20

// memoryLimitFlag is --memory-limit: a size as GOMEMLIMIT writes it
// (384MiB, 1GiB, 500000000) or "off". Unset, serve uses GOMEMLIMIT if the
// environment has it, else defaultMemoryLimit (less on a machine or
// container with little memory).
type memoryLimitFlag struct {
	bytes int64
	set   bool
}

func (m *memoryLimitFlag) String() string {
	if m == nil || !m.set {
		return ""
	}
	return formatBytes(m.bytes)
}

func (m *memoryLimitFlag) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	m.bytes, m.set = n, true
	return nil
}

// parseByteSize reads a size the way GOMEMLIMIT does: a whole number of
// bytes with an optional unit B, KiB, MiB, GiB or TiB, or "off" for no
// limit.
func parseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return math.MaxInt64, nil
	}
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}}
	num, shift := s, uint(0)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			num, shift = rest, u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || num == "" || num[0] == '+' {
		return 0, fmt.Errorf("%q is not a size: write a whole number with B, KiB, MiB, GiB or TiB (384MiB, 1GiB), or off", s)
	}
	if n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("%q is too large", s)
	}
	n <<= shift
	if n < minMemoryLimit {
		return 0, fmt.Errorf("%s is below the least useful limit, %s", formatBytes(n), formatBytes(minMemoryLimit))
	}
	return n, nil
}

// formatBytes writes n in the largest binary unit that divides it.
func formatBytes(n int64) string {
	if n == math.MaxInt64 {
		return "off"
	}
	for _, u := range []struct {
		suffix string
		shift  uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return strconv.FormatInt(n>>u.shift, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// memorySource is what the limit is decided from, so that the choice can
// be tested without touching the process's own limit.
type memorySource struct {
	getenv    func(string) string
	available func() int64 // memory this process may use; 0 when unknown
}

// decideMemoryLimit picks the limit and says where it comes from. apply
// is false when the runtime already holds it (GOMEMLIMIT, read by the
// runtime at start).
func decideMemoryLimit(flagged memoryLimitFlag, src memorySource) (limit int64, from string, apply bool) {
	if flagged.set {
		return flagged.bytes, "--memory-limit", true
	}
	if v := src.getenv("GOMEMLIMIT"); v != "" {
		return debug.SetMemoryLimit(-1), "GOMEMLIMIT", false
	}
	limit = defaultMemoryLimit
	if avail := src.available(); avail > 0 && avail/4*3 < limit {
		// A small machine or container: leave it a quarter for the
		// database, the binary and everything else.
		limit = max(avail/4*3, minMemoryLimit)
	}
	return limit, "default", true
}

// availableMemory is the least of the container's memory limit (cgroup
// v2 or v1) and the machine's memory; 0 when none can be read.
func availableMemory() int64 {
	var least int64
	for _, read := range []func() (int64, error){
		func() (int64, error) { return readCgroupLimit("/sys/fs/cgroup/memory.max") },
		func() (int64, error) { return readCgroupLimit("/sys/fs/cgroup/memory/memory.limit_in_bytes") },
		func() (int64, error) { return readMemTotal("/proc/meminfo") },
	} {
		if n, err := read(); err == nil && n > 0 && (least == 0 || n < least) {
			least = n
		}
	}
	return least
}

// noCgroupLimit: cgroup v1 writes "no limit" as a number near 2^63,
// rounded down to a page.
const noCgroupLimit = 1 << 62

// readCgroupLimit reads a cgroup memory limit file; 0 for "max" (v2) or
// the huge number v1 uses for no limit.
func readCgroupLimit(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %q", path, s)
	}
	if n >= noCgroupLimit {
		return 0, nil
	}
	return n, nil
}

// readMemTotal reads MemTotal (in kB) from /proc/meminfo.
func readMemTotal(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s: MemTotal %q", path, rest)
			}
			return kb << 10, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New(path + ": no MemTotal")
}

// liveHeap is the heap the last collection found live.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}
