//go:build unix

package eval

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) the process has used,
// all threads together: a call's share of it does not grow while the
// call waits for a core that a neighbour holds, as its wall time does.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
