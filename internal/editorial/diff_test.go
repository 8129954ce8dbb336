package editorial

import (
	"fmt"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           string // chunks as =text -text +text, joined by |
	}{
		{"same", "a b c", "a  b\tc", "=a b c"},
		{"both empty", "", "", ""},
		{"from nothing", "", "a b", "+a b"},
		{"to nothing", "a b", "", "-a b"},
		{"one word replaced", "the cat sat", "the dog sat", "=the|-cat|+dog|=sat"},
		{"insert in middle", "a c", "a b c", "=a|+b|=c"},
		{"delete at end", "a b c", "a b", "=a b|-c"},
		{"two places", "a b c d e", "a x c d y", "=a|-b|+x|=c d|-e|+y"},
		{"deletions before insertions", "a b c", "a x y c z", "=a|-b|+x y|=c|+z"},
		{"line breaks kept", "one\n\ntwo three", "one\ntwo four", "=one\ntwo|-three|+four"},
		{"html is text", "<b>x</b>", "<i>x</i>", "-<b>x</b>|+<i>x</i>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(Diff(tt.old, tt.new)); got != tt.want {
				t.Errorf("Diff(%q, %q) = %q, want %q", tt.old, tt.new, got, tt.want)
			}
		})
	}
}

func show(chunks []Chunk) string {
	var parts []string
	for _, c := range chunks {
		parts = append(parts, map[Op]string{Equal: "=", Delete: "-", Insert: "+"}[c.Op]+c.Text)
	}
	return strings.Join(parts, "|")
}

// TestDiffRebuilds checks the defining property on many pairs: the equal
// and deleted chunks spell the old text, the equal and inserted ones the
// new text, word for word.
func TestDiffRebuilds(t *testing.T) {
	texts := []string{
		"", "a", "a b c", "c b a", "a a a b", "b a a a", "x y z a b c x y z",
		"the quick brown fox\njumps over\n\nthe lazy dog", "the slow brown fox jumps\nover the dog",
	}
	for _, old := range texts {
		for _, new := range texts {
			chunks := Diff(old, new)
			if got, want := rebuild(chunks, Insert), strings.Join(words(old), " "); got != want {
				t.Errorf("Diff(%q, %q): old side %q, want %q", old, new, got, want)
			}
			if got, want := rebuild(chunks, Delete), strings.Join(words(new), " "); got != want {
				t.Errorf("Diff(%q, %q): new side %q, want %q", old, new, got, want)
			}
			for i := 1; i < len(chunks); i++ {
				if chunks[i].Op == chunks[i-1].Op || (chunks[i].Op == Delete && chunks[i-1].Op == Insert) {
					t.Errorf("Diff(%q, %q): chunks %d and %d are %v then %v", old, new, i-1, i, chunks[i-1].Op, chunks[i].Op)
				}
			}
		}
	}
}

// rebuild joins the words of every chunk but those of skip.
func rebuild(chunks []Chunk, skip Op) string {
	var ws []string
	for _, c := range chunks {
		if c.Op == skip {
			continue
		}
		for i, line := range strings.Split(c.Text, "\n") {
			if i > 0 && (len(ws) == 0 || ws[len(ws)-1] != "\n") {
				ws = append(ws, "\n")
			}
			ws = append(ws, strings.Fields(line)...)
		}
	}
	return strings.Join(ws, " ")
}

func TestDiffMinimal(t *testing.T) {
	// Changing one word in a long text must cost one deletion and one
	// insertion, wherever the change is.
	base := make([]string, 300)
	for i := range base {
		base[i] = fmt.Sprintf("w%d", i%37)
	}
	for _, at := range []int{0, 150, 299} {
		changed := append([]string(nil), base...)
		changed[at] = "changed"
		chunks := Diff(strings.Join(base, " "), strings.Join(changed, " "))
		var del, ins int
		for _, c := range chunks {
			switch c.Op {
			case Delete:
				del += len(words(c.Text))
			case Insert:
				ins += len(words(c.Text))
			}
		}
		if del != 1 || ins != 1 {
			t.Errorf("change at %d: %d words deleted, %d inserted, want 1 and 1", at, del, ins)
		}
	}
}

func TestDiffBounded(t *testing.T) {
	// Past MaxDiffCells the differing middle is shown replaced whole;
	// the common start and end still are equal chunks.
	n := 2100 // n*n > MaxDiffCells
	a, b := make([]string, n), make([]string, n)
	for i := range n {
		a[i], b[i] = fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i)
	}
	old := "start " + strings.Join(a, " ") + " end"
	new := "start " + strings.Join(b, " ") + " end"
	chunks := Diff(old, new)
	if len(chunks) != 4 || chunks[0].Text != "start" || chunks[1].Op != Delete || chunks[2].Op != Insert || chunks[3].Text != "end" {
		t.Fatalf("got %d chunks, want start, deleted, inserted, end", len(chunks))
	}
}

func TestDiffHTML(t *testing.T) {
	got := string(DiffHTML(Diff("a <script>x</script>\nb", "a <b>y\nb")))
	want := "a <del>&lt;script&gt;x&lt;/script&gt;</del> <ins>&lt;b&gt;y</ins><br>\nb"
	if got != want {
		t.Errorf("DiffHTML\n got %q\nwant %q", got, want)
	}
}
