package eval

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxGrade is the best judgment: LiveQA's "Excellent", 4 on the track's
// original 1–4 scale.
const MaxGrade = 3

// Qrels holds judgments: question id → entry DocID → grade, 0 (incorrect)
// to MaxGrade. An entry not listed for a question counts as grade 0.
type Qrels map[string]map[string]int

// Grade is the judgment of docID for qid, 0 when unjudged.
func (q Qrels) Grade(qid, docID string) int { return q[qid][docID] }

// ReadQrels reads TREC qrels lines, "QID ITERATION DOCID GRADE", the
// iteration ignored as trec_eval ignores it. Blank lines are skipped. A
// pair judged twice keeps the higher grade, as the LiveQA data does. A
// line with other than four fields, or a grade that is not a whole
// number from 0 to MaxGrade, is an error naming the line.
func ReadQrels(r io.Reader) (Qrels, error) {
	q := Qrels{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("eval: qrels line %d: want 4 fields (QID 0 DOCID GRADE), got %d", n, len(f))
		}
		g, err := strconv.Atoi(f[3])
		if err != nil || g < 0 || g > MaxGrade {
			return nil, fmt.Errorf("eval: qrels line %d: grade %q is not a whole number from 0 to %d", n, f[3], MaxGrade)
		}
		qid, doc := f[0], f[2]
		if q[qid] == nil {
			q[qid] = map[string]int{}
		}
		if old, ok := q[qid][doc]; !ok || g > old {
			q[qid][doc] = g
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: qrels: %w", err)
	}
	return q, nil
}
