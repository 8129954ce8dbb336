package eval

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// DefaultFoldSeed is the shuffle seed of SplitFolds when none is given,
// so that two runs of `eval liveqa --folds K` split alike.
const DefaultFoldSeed = 1

// SplitFolds deals the judged questions of qrels that are among ids into
// k folds, stratified by each question's best judged grade so that every
// fold holds a like share of easy and hard questions (a fold without a
// single correct entry would measure nothing but luck).
//
// The procedure, reproducible by hand: sort the ids; group them by best
// grade, highest first; shuffle each group with Fisher–Yates driven by
// PCG(seed, 0) — for i from the last index down to 1, swap i with
// Uint64() mod (i+1) — and deal the groups, one after the other, round
// robin into folds 1..k. Fold sizes, and each grade's count per fold,
// then differ by at most one. Questions without judgments are left out:
// they are not scored either.
func SplitFolds(ids []string, qrels Qrels, k int, seed uint64) ([][]string, error) {
	var judged []string
	seen := map[string]bool{}
	for _, id := range ids {
		if len(qrels[id]) > 0 && !seen[id] {
			seen[id] = true
			judged = append(judged, id)
		}
	}
	if k < 2 {
		return nil, fmt.Errorf("eval: %d folds: cross-validation needs at least 2", k)
	}
	if len(judged) < k {
		return nil, fmt.Errorf("eval: %d folds but only %d judged questions", k, len(judged))
	}
	slices.Sort(judged)
	strata := make([][]string, MaxGrade+1)
	for _, id := range judged {
		g := bestGrade(qrels[id])
		strata[g] = append(strata[g], id)
	}
	rng := rand.NewPCG(seed, 0)
	folds := make([][]string, k)
	n := 0
	for g := MaxGrade; g >= 0; g-- {
		s := strata[g]
		for i := len(s) - 1; i > 0; i-- {
			j := rng.Uint64() % uint64(i+1)
			s[i], s[j] = s[j], s[i]
		}
		for _, id := range s {
			folds[n%k] = append(folds[n%k], id)
			n++
		}
	}
	return folds, nil
}

func bestGrade(judged map[string]int) int {
	best := 0
	for _, g := range judged {
		best = max(best, g)
	}
	return best
}

// Objective is what cross-validation maximizes when it chooses a
// setting: avgScore scaled to 0–1 plus MAP@10 (grade ≥ 2), the two
// figures the LiveQA comparison is read by, weighed alike.
func Objective(m Metrics) float64 { return m.AvgScore/MaxGrade + m.MAP2 }

// CrossValidation is K-fold cross-validation of one engine's settings on
// one query text, beside engines measured as they are.
type CrossValidation struct {
	Mode Mode   `json:"text"`
	Seed uint64 `json:"fold_seed"`
	// Condensed is true when the reports were scored on condensed lists
	// (RunCondensed), the choice of settings included.
	Condensed bool `json:"condensed"`
	// Settings names the candidates, in the order ties are broken by.
	Settings []string `json:"settings"`
	Folds    []Fold   `json:"folds"`
	// Final is the setting the same choice makes on all the questions:
	// what the engine's defaults should be. Its score there is not held
	// out; the folds' figures estimate how it does on new questions.
	Final Fold `json:"final"`
	// Rows are the engines' figures: the cross-validated engine first,
	// then its first setting (the defaults), then the others.
	Rows []CVRow `json:"rows"`
}

// Fold is one held-out fold and the setting chosen without it.
type Fold struct {
	Questions []string `json:"questions"`
	Chosen    string   `json:"chosen"`
	// TrainObjective is the chosen setting's Objective on the other folds.
	TrainObjective float64 `json:"train_objective"`
}

// CVRow is one engine's figures per held-out fold, their mean and
// sample standard deviation over folds, and Pooled: all held-out
// questions scored together.
type CVRow struct {
	Engine string    `json:"engine"`
	Folds  []Metrics `json:"folds"`
	Mean   Headline  `json:"mean"`
	SD     Headline  `json:"sd"`
	Pooled Metrics   `json:"pooled"`
}

// Headline is the pair of figures a cross-validation is read by.
type Headline struct {
	AvgScore float64 `json:"avg_score"`
	MAP2     float64 `json:"map10_grade2"`
}

// CrossValidate chooses, for each fold, the setting whose report scores
// best (Objective; ties to the earliest) on the questions of the other
// folds, and scores it on the fold's own questions. settings are reports
// of one engine under each candidate setting, on the same questions and
// text; the first is the defaults and is also shown as chosen on every
// fold. peers are other engines' reports, scored per fold as they are.
//
// Every setting is run once over all questions beforehand; a fold's
// choice reads only its training questions' scores, so the held-out
// questions never influence their own setting.
func CrossValidate(folds [][]string, settings, peers []Report, cvName string) (CrossValidation, error) {
	if len(folds) < 2 || len(settings) == 0 {
		return CrossValidation{}, errors.New("eval: cross-validation needs at least 2 folds and 1 setting")
	}
	byID := make([]map[string]QuestionResult, len(settings))
	for i, r := range settings {
		byID[i] = indexResults(r)
	}
	cv := CrossValidation{Mode: settings[0].Mode, Condensed: settings[0].Condensed}
	for _, r := range settings {
		cv.Settings = append(cv.Settings, r.Engine)
	}
	chosen := CVRow{Engine: cvName}
	var pooled []QuestionResult
	for f, held := range folds {
		var train []string
		for g, ids := range folds {
			if g != f {
				train = append(train, ids...)
			}
		}
		best, bestObj, err := choose(settings, byID, train)
		if err != nil {
			return CrossValidation{}, err
		}
		cv.Folds = append(cv.Folds, Fold{Questions: held, Chosen: settings[best].Engine, TrainObjective: bestObj})
		m, err := subsetMetrics(byID[best], held)
		if err != nil {
			return CrossValidation{}, err
		}
		chosen.Folds = append(chosen.Folds, m)
		for _, id := range held {
			pooled = append(pooled, byID[best][id])
		}
	}
	var all []string
	for _, ids := range folds {
		all = append(all, ids...)
	}
	final, finalObj, err := choose(settings, byID, all)
	if err != nil {
		return CrossValidation{}, err
	}
	cv.Final = Fold{Questions: all, Chosen: settings[final].Engine, TrainObjective: finalObj}
	chosen.Pooled = metricsOf(pooled)
	chosen.Mean, chosen.SD = spread(chosen.Folds)
	cv.Rows = append(cv.Rows, chosen)
	for _, r := range append([]Report{settings[0]}, peers...) {
		row, err := foldRow(r, folds)
		if err != nil {
			return CrossValidation{}, err
		}
		cv.Rows = append(cv.Rows, row)
	}
	return cv, nil
}

// choose is the setting scoring best (Objective; ties to the earliest)
// on the questions ids, and its score.
func choose(settings []Report, byID []map[string]QuestionResult, ids []string) (int, float64, error) {
	best, bestObj := -1, math.Inf(-1)
	for i := range settings {
		m, err := subsetMetrics(byID[i], ids)
		if err != nil {
			return 0, 0, fmt.Errorf("eval: %s: %w", settings[i].Engine, err)
		}
		if o := Objective(m); o > bestObj {
			best, bestObj = i, o
		}
	}
	return best, bestObj, nil
}

// foldRow scores an engine's report fold by fold.
func foldRow(r Report, folds [][]string) (CVRow, error) {
	res := indexResults(r)
	row := CVRow{Engine: r.Engine}
	var all []string
	for _, ids := range folds {
		m, err := subsetMetrics(res, ids)
		if err != nil {
			return CVRow{}, fmt.Errorf("eval: %s: %w", r.Engine, err)
		}
		row.Folds = append(row.Folds, m)
		all = append(all, ids...)
	}
	pooled, err := subsetMetrics(res, all)
	if err != nil {
		return CVRow{}, err
	}
	row.Pooled = pooled
	row.Mean, row.SD = spread(row.Folds)
	return row, nil
}

func indexResults(r Report) map[string]QuestionResult {
	out := make(map[string]QuestionResult, len(r.PerQuestion))
	for _, q := range r.PerQuestion {
		out[q.ID] = q
	}
	return out
}

// subsetMetrics summarizes the results of the questions ids; a question
// missing or unevaluated is an error, since a fold silently scored on
// fewer questions than it holds would mislead.
func subsetMetrics(res map[string]QuestionResult, ids []string) (Metrics, error) {
	list := make([]QuestionResult, 0, len(ids))
	for _, id := range ids {
		q, ok := res[id]
		if !ok || !q.Evaluated {
			return Metrics{}, fmt.Errorf("question %s has no scored result", id)
		}
		list = append(list, q)
	}
	return metricsOf(list), nil
}

func metricsOf(list []QuestionResult) Metrics {
	scores := make([]Scores, len(list))
	lat := make([]time.Duration, len(list))
	for i, q := range list {
		scores[i], lat[i] = q.Scores, q.Latency
	}
	return summarize(scores, lat)
}

// spread is the mean and sample standard deviation (n − 1) over folds of
// the headline figures.
func spread(folds []Metrics) (mean, sd Headline) {
	n := float64(len(folds))
	for _, m := range folds {
		mean.AvgScore += m.AvgScore / n
		mean.MAP2 += m.MAP2 / n
	}
	if len(folds) < 2 {
		return mean, sd
	}
	for _, m := range folds {
		sd.AvgScore += (m.AvgScore - mean.AvgScore) * (m.AvgScore - mean.AvgScore)
		sd.MAP2 += (m.MAP2 - mean.MAP2) * (m.MAP2 - mean.MAP2)
	}
	sd.AvgScore = math.Sqrt(sd.AvgScore / (n - 1))
	sd.MAP2 = math.Sqrt(sd.MAP2 / (n - 1))
	return mean, sd
}
