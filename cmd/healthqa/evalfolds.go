package main

import (
	"context"
	"fmt"

	"healthqa/internal/eval"
	"healthqa/internal/search"
)

// foldsRun holds the flags of `eval liveqa --folds`.
type foldsRun struct {
	k      int
	seed   uint64
	asJSON bool
	run    string
	// scorer is eval.Run, or eval.RunCondensed under --condensed.
	scorer eval.RunFunc
}

// check refuses flags that cannot go together before any work is done;
// k = 0 (no cross-validation) passes.
func (fr foldsRun) check() error {
	switch {
	case fr.k == 0:
		return nil
	case fr.k < 2:
		return usageError{fmt.Sprintf("--folds %d: cross-validation needs at least 2 folds", fr.k)}
	case fr.run != "":
		return usageError{"--run writes one ranking per engine; it does not go with --folds"}
	}
	return nil
}

// evalFolds cross-validates healthqa's parameters on the questions, text
// mode by text mode, beside the other engines named, which are run once
// each and scored per fold as they are.
func evalFolds(ctx context.Context, fr foldsRun, names []string, docs []search.Document, qs []eval.Question, judged eval.Qrels, modes []eval.Mode, env *runEnv) error {
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	folds, err := eval.SplitFolds(ids, judged, fr.k, fr.seed)
	if err != nil {
		return usageError{err.Error()}
	}
	var peers []eval.Report
	for _, name := range names {
		if name == "healthqa" {
			continue
		}
		rs, err := runEngine(ctx, name, docs, qs, judged, modes, fr.scorer, env)
		if err != nil {
			return err
		}
		peers = append(peers, rs...)
	}
	grid := eval.ParamGrid()
	fmt.Fprintf(env.stderr, "indexing %s with healthqa; %d parameter settings\n", plural(len(docs), "entry", "entries"), len(grid))
	base := search.NewIndex(docs, search.DefaultParams)
	base.PrepareSpelling()
	var out []eval.CrossValidation
	for _, m := range modes {
		settings := make([]eval.Report, len(grid))
		for i, s := range grid {
			rep, err := fr.scorer(ctx, search.EngineOf(base.WithParams(s.Params)), qs, judged, m, eval.DefaultK)
			if err != nil {
				return err
			}
			rep.Engine = s.Name
			settings[i] = rep
		}
		settings[0].Engine = "healthqa (defaults)"
		var modePeers []eval.Report
		for _, p := range peers {
			if p.Mode == m {
				modePeers = append(modePeers, p)
			}
		}
		cv, err := eval.CrossValidate(folds, settings, modePeers, "healthqa (cross-validated)")
		if err != nil {
			return err
		}
		cv.Seed = fr.seed
		out = append(out, cv)
	}
	if fr.asJSON {
		return writeJSON(env.stdout, out)
	}
	for i, cv := range out {
		if i > 0 {
			fmt.Fprintln(env.stdout)
		}
		if err := eval.WriteCrossValidation(env.stdout, cv); err != nil {
			return err
		}
	}
	return nil
}
