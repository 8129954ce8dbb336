package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// ClassReport is, per failure class, how many questions the class
// touches and how each engine did on them, from runs over the same
// questions.
type ClassReport struct {
	// Dictionary names the word lists the misspelling and abbreviation
	// detectors read, or says that there were none.
	Dictionary  string            `json:"dictionary"`
	Rows        []ClassRow        `json:"rows"`
	PerQuestion []QuestionClasses `json:"per_question"`
}

// ClassRow is one class, or one of the summary rows (any class, no
// class, all questions).
type ClassRow struct {
	Class     string       `json:"class"`
	Detector  string       `json:"detector,omitempty"`
	Questions int          `json:"questions"`
	Engines   []ClassScore `json:"engines"`
}

// ClassScore is one engine's result on a class's questions.
type ClassScore struct {
	Engine string `json:"engine"`
	Mode   Mode   `json:"text"`
	// Evaluated counts the class's questions with judgments; Fail those
	// of them with no entry graded ≥2 in the engine's top 10.
	Evaluated int `json:"evaluated"`
	Fail      int `json:"fail"`
	// AvgScore is the mean grade of the first entry, MAP2 the mean
	// AP@10 at grade ≥2, over the Evaluated questions.
	AvgScore float64 `json:"avg_score"`
	MAP2     float64 `json:"map10_grade2"`
}

// QuestionClasses is one question's classes.
type QuestionClasses struct {
	ID string `json:"id"`
	Detection
}

// ClassifyRuns detects each question's classes (on its subject and
// message) and scores every report on each class's questions. The
// reports must be runs over these questions.
func ClassifyRuns(cl *Classifier, qs []Question, reports []Report) (ClassReport, error) {
	out := ClassReport{Dictionary: "none: the corpus vocabulary only"}
	if cl.dict != nil {
		out.Dictionary = fmt.Sprintf("%s (%d word forms)", strings.Join(cl.dict.Files, ", "), cl.dict.Len())
	}
	byID := make([]map[string]QuestionResult, len(reports))
	for i, r := range reports {
		byID[i] = map[string]QuestionResult{}
		for _, q := range r.PerQuestion {
			byID[i][q.ID] = q
		}
	}
	members := make([][]string, numClasses+3) // the classes, any, none, all
	for _, q := range qs {
		for _, m := range byID {
			if _, ok := m[q.ID]; !ok {
				return ClassReport{}, fmt.Errorf("eval: classes: question %s is missing from a run", q.ID)
			}
		}
		d := cl.Detect(q.Subject, q.Message)
		out.PerQuestion = append(out.PerQuestion, QuestionClasses{ID: q.ID, Detection: d})
		for _, c := range d.Classes {
			members[c] = append(members[c], q.ID)
		}
		summary := numClasses + 1 // no class
		if len(d.Classes) > 0 {
			summary = numClasses
		}
		members[summary] = append(members[summary], q.ID)
		members[numClasses+2] = append(members[numClasses+2], q.ID)
	}
	for i, ids := range members {
		row := ClassRow{Questions: len(ids)}
		switch {
		case i < int(numClasses):
			row.Class = fmt.Sprintf("%d %s", i+1, Class(i))
			row.Detector = Class(i).Detector()
		default:
			row.Class = []string{"in any class", "in no class", "all questions"}[i-int(numClasses)]
		}
		for j, r := range reports {
			row.Engines = append(row.Engines, scoreClass(r, byID[j], ids))
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func scoreClass(r Report, results map[string]QuestionResult, ids []string) ClassScore {
	s := ClassScore{Engine: r.Engine, Mode: r.Mode}
	var grade, ap float64
	for _, id := range ids {
		q := results[id]
		if !q.Evaluated {
			continue
		}
		s.Evaluated++
		if q.RR2 == 0 {
			s.Fail++
		}
		grade += float64(q.FirstGrade)
		ap += q.AP2
	}
	if s.Evaluated > 0 {
		s.AvgScore, s.MAP2 = grade/float64(s.Evaluated), ap/float64(s.Evaluated)
	}
	return s
}

// WriteClassTable prints one row per class: the questions it touches
// and, per engine, how many of those failed (no entry graded ≥2 in the
// top 10, of those judged), their avgScore and MAP@10≥2; then each
// detector in a line.
func WriteClassTable(w io.Writer, rep ClassReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head strings.Builder
	head.WriteString("class\tquestions\t")
	if len(rep.Rows) > 0 {
		for _, e := range rep.Rows[0].Engines {
			name := e.Engine
			if e.Mode != Original {
				name += " " + string(e.Mode)
			}
			fmt.Fprintf(&head, "%s fail\tavgScore\tMAP@10≥2\t", name)
		}
	}
	fmt.Fprintln(tw, head.String())
	for _, row := range rep.Rows {
		fmt.Fprintf(tw, "%s\t%d\t", row.Class, row.Questions)
		for _, e := range row.Engines {
			if e.Evaluated == 0 {
				fmt.Fprint(tw, "–\t–\t–\t") // no judged question: nothing to average
				continue
			}
			fmt.Fprintf(tw, "%d/%d\t%.3f\t%.3f\t", e.Fail, e.Evaluated, e.AvgScore, e.MAP2)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nfail: no entry graded ≥2 in the top 10 (failed/judged in the class); a question may be in several classes.\n")
	fmt.Fprintf(w, "dictionary: %s\n", rep.Dictionary)
	for _, row := range rep.Rows {
		if row.Detector != "" {
			fmt.Fprintf(w, "  %s: %s\n", row.Class, row.Detector)
		}
	}
	return nil
}
