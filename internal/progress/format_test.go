package progress

import (
	"testing"
	"time"
)

func TestTerminalLine(t *testing.T) {
	tests := []struct {
		name     string
		label    string
		n, total int64
		unit     string
		width    int
		elapsed  time.Duration
		want     string
	}{
		{"start", "import", 0, 100, "files", 10, 0, "import [>         ] 0% 0/100 files 0.0s"},
		{"partial", "import", 45, 100, "files", 10, 2100 * time.Millisecond, "import [====>     ] 45% 45/100 files 2.1s"},
		{"rounds down", "import", 5123, 11274, "files", 10, 2100 * time.Millisecond, "import [====>     ] 45% 5123/11274 files 2.1s"},
		{"nearly done", "import", 999, 1000, "files", 10, time.Second, "import [=========>] 99% 999/1000 files 1.0s"},
		{"done", "import", 100, 100, "files", 10, time.Second, "import [==========] 100% 100/100 files 1.0s"},
		{"overshoot", "import", 150, 100, "files", 10, time.Second, "import [==========] 100% 150/100 files 1.0s"},
		{"negative count", "import", -5, 100, "files", 10, 0, "import [>         ] 0% -5/100 files 0.0s"},
		{"width 1", "x", 50, 100, "", 1, 0, "x [>] 50% 50/100 0.0s"},
		{"width 20", "x", 50, 100, "", 20, 0, "x [==========>         ] 50% 50/100 0.0s"},
		{"unknown total", "import", 5123, 0, "files", 10, 2100 * time.Millisecond, "import 5123 files 2.1s"},
		{"bytes", "download", 3_200_000, 16_200_000, Bytes, 10, 2100 * time.Millisecond, "download [=>        ] 19% 3.2 MB/16.2 MB 2.1s"},
		{"bytes unknown total", "download", 3_200_000, 0, Bytes, 10, 0, "download 3.2 MB 0.0s"},
		{"no label", "", 1, 2, "files", 4, 0, "[==> ] 50% 1/2 files 0.0s"},
		{"minutes", "import", 1, 2, "", 4, 75*time.Second + 600*time.Millisecond, "import [==> ] 50% 1/2 1m15s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := terminalLine(tt.label, tt.n, tt.total, tt.unit, tt.width, tt.elapsed)
			if got != tt.want {
				t.Errorf("terminalLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlainLine(t *testing.T) {
	tests := []struct {
		name     string
		label    string
		n, total int64
		unit     string
		want     string
	}{
		{"partial", "import", 5123, 11274, "files", "import: 5123/11274 files (45%)"},
		{"done", "import", 11274, 11274, "files", "import: 11274/11274 files (100%)"},
		{"unknown total", "import", 5123, 0, "files", "import: 5123 files"},
		{"no unit", "import", 1, 4, "", "import: 1/4 (25%)"},
		{"no label", "", 1, 4, "files", "1/4 files (25%)"},
		{"bytes", "download", 3_200_000, 16_200_000, Bytes, "download: 3.2 MB/16.2 MB (19%)"},
		{"bytes unknown total", "download", 512, 0, Bytes, "download: 512 B"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainLine(tt.label, tt.n, tt.total, tt.unit); got != tt.want {
				t.Errorf("plainLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatBytes(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{999, "999 B"},
		{1000, "1.0 kB"},
		{1500, "1.5 kB"},
		{999_949, "999.9 kB"},
		{999_950, "1.0 MB"},
		{3_210_000, "3.2 MB"},
		{16_200_000, "16.2 MB"},
		{512 << 20, "536.9 MB"},
		{5_000_000_000, "5.0 GB"},
		{1<<63 - 1, "9.2 EB"},
		{-1, "-1 B"},
	}
	for _, tt := range tests {
		if got := FormatBytes(tt.n); got != tt.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatElapsed(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0s"},
		{2149 * time.Millisecond, "2.1s"},
		{59 * time.Second, "59.0s"},
		{time.Minute, "1m0s"},
		{time.Hour + 2*time.Minute + 3*time.Second + 900*time.Millisecond, "1h2m3s"},
	}
	for _, tt := range tests {
		if got := formatElapsed(tt.d); got != tt.want {
			t.Errorf("formatElapsed(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
