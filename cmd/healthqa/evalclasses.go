package main

import (
	"context"
	"errors"
	"fmt"

	"healthqa/internal/eval"
	"healthqa/internal/search"
)

// checkExclusive refuses more than one of --folds, --classes and
// --latency: each is its own kind of run.
func checkExclusive(folds, classes, latency bool) error {
	n := 0
	for _, on := range []bool{folds, classes, latency} {
		if on {
			n++
		}
	}
	if n > 1 {
		return usageError{"--folds, --classes and --latency are separate runs: use one at a time"}
	}
	return nil
}

// evalClasses sorts the questions into issue 11's failure classes and
// scores the runs on each class's questions.
func evalClasses(dictDir string, docs []search.Document, qs []eval.Question, reports []eval.Report, asJSON bool, env *runEnv) error {
	dict, err := eval.LoadDictionary(dictDir)
	switch {
	case errors.Is(err, eval.ErrNoDictionary):
		fmt.Fprintf(env.stderr, "notice: no Hunspell en_US dictionary in %s (Debian: hunspell-en-us, hunspell-en-med); misspellings are words the corpus does not use\n", dictDir)
		dict = nil
	case err != nil:
		return fmt.Errorf("reading the dictionary (--dict): %w", err)
	}
	rep, err := eval.ClassifyRuns(eval.NewClassifier(docs, dict), qs, reports)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.stdout, rep)
	}
	return eval.WriteClassTable(env.stdout, rep)
}

// evalLatency times healthqa's ask and every named engine's search on
// each question's text, rounds times, interleaved.
func evalLatency(ctx context.Context, rounds int, names []string, docs []search.Document, qs []eval.Question, modes []eval.Mode, asJSON bool, env *runEnv) error {
	if rounds < 1 {
		return usageError{fmt.Sprintf("--latency %d: give the number of rounds, 1 or more", rounds)}
	}
	var calls []eval.Timed
	for _, name := range names {
		fmt.Fprintf(env.stderr, "indexing %s with %s\n", plural(len(docs), "entry", "entries"), name)
		engine, err := newEngine(ctx, name, docs)
		if err != nil {
			return err
		}
		defer engine.Close()
		if ours, ok := engine.(*search.Ours); ok {
			ix := ours.Index()
			calls = append(calls, eval.Timed{Name: "healthqa ask", Call: func(ctx context.Context, text string) error {
				ix.Ask(ctx, text, 10) // as /ask: ten question pages with passages
				return nil
			}})
		}
		calls = append(calls, eval.Timed{Name: name + " search", Call: func(ctx context.Context, text string) error {
			_, err := engine.Search(ctx, text, eval.DefaultK)
			return err
		}})
	}
	type modeRows struct {
		Mode eval.Mode         `json:"text"`
		Rows []eval.LatencyRow `json:"rows"`
	}
	var out []modeRows
	for _, m := range modes {
		texts := make([]string, len(qs))
		for i, q := range qs {
			texts[i], _ = q.Text(m)
		}
		rows, err := eval.MeasureLatency(ctx, calls, texts, rounds)
		if err != nil {
			return err
		}
		out = append(out, modeRows{m, rows})
	}
	if asJSON {
		return writeJSON(env.stdout, out)
	}
	for i, mr := range out {
		if i > 0 {
			fmt.Fprintln(env.stdout)
		}
		fmt.Fprintf(env.stdout, "%s text, %d questions × %d rounds, in process, engines interleaved\n", mr.Mode, len(qs), rounds)
		if err := eval.WriteLatencyTable(env.stdout, mr.Rows, "bleve search"); err != nil {
			return err
		}
	}
	return nil
}
