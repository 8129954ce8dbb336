package answertext

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.golden from Parse's output")

// TestGolden parses whole real answers, testdata/golden/*.txt (named after
// their MedQuAD folder, file and pair), and compares the blocks with the
// .golden file beside each, written by render: a blank line between
// blocks, "# " before a heading, "  - " before each list item.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs in testdata/golden (%v)", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".txt")
		t.Run(name, func(t *testing.T) {
			text := readFile(t, in)
			blocks := Parse(text)
			if err := checkWords(text, blocks); err != nil {
				t.Error(err)
			}
			got := render(blocks)
			golden := strings.TrimSuffix(in, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := readFile(t, golden)
			if got != want {
				t.Errorf("%s differs from Parse's output (run go test -run TestGolden -update to accept it):\n%s", golden, firstDiff(got, want))
			}
		})
	}
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(no line differs)"
}
