package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"healthqa/internal/digest"
	"healthqa/internal/eval"
	"healthqa/internal/search"
	"healthqa/internal/search/peers"
)

func evalCmd() *command {
	return &command{
		name:    "eval",
		summary: "Measure answer quality and speed on judged questions, side by side with peer engines.",
		args:    "liveqa|digest",
		help: `eval liveqa ranks MedQuAD entries for the TREC 2017 LiveQA medical questions
and scores the top 10 against the judgments: avgScore (mean grade 0-3 of the
first entry), succ@2+/3+/4+, MAP@10 and MRR@10 (relevant = grade >= 2, and
>= 1), nDCG@10, and latency p50/p99 per question. Engines: healthqa (ours),
fts5 (SQLite FTS5, bm25, porter tokenizer) and bleve (Bleve v2, BM25, English
analyzer), all over the same fields and the same query text. The database
must hold an import of MedQuAD.

eval liveqa --folds K cross-validates healthqa's ranking parameters: the
judged questions are dealt into K folds (stratified by best judged grade,
shuffled with --fold-seed), and for each fold the setting of a small grid
that scores best (avgScore/3 + MAP@10≥2) on the other K-1 folds is scored
on it. It prints the setting each fold chose and, per fold, avgScore and
MAP@10≥2 with mean ± sd over folds for healthqa cross-validated, healthqa
with its defaults, and the peer engines as they are.

eval liveqa --classes sorts the questions into issue 11's six failure
classes (partial topic name, misspelling, abbreviation, drug name, lay
wording, long message) by detectors that read only the question's subject
and message, the corpus and Hunspell's word lists (--dict; without them
the corpus vocabulary alone), and prints per class how many questions it
touches and, per engine, how many of them fail (no entry graded >= 2 in
the top 10) with their avgScore and MAP@10. A question may be in several
classes. docs/ARCHITECTURE.md ("Ask failure classes") defines each.

eval liveqa --condensed scores condensed lists (Sakai 2007): each engine's top
100 with the entries the judgments do not grade dropped, the first 10 that
remain scored. The judgments were made on pools of some systems' answers, so
the official figures count an entry nobody judged as not relevant; the
judged@10 column shows how much of each engine's top 10 was judged at all.
Condensed figures compare how engines order what was judged; they are higher
for every engine and are not the task's figures. With --folds the parameters
are chosen on condensed lists too; it does not go with --latency.

eval liveqa --latency R times every question R rounds, the engines
interleaved question by question so that a busy machine slows them alike:
healthqa's full ask (understanding, ranking, passages, as /ask does) and
its ranking alone, and each other engine's search, with p50, p90, p99 and
the maximum of wall time per call, p50 and p99 of the process's CPU time
during the call (steadier on a busy machine), and each p50 and p99 as a
ratio to Bleve's.

eval digest scores the consensus digest against hand-made gold points
(--gold): point-source precision, recall and F1 over (point, source) pairs,
and agreement accuracy, per group and in total, beside a naive peer (each
distinct noun phrase a point, grouped by exact stems). --out writes the
system's points as JSON for independent scoring. --leave-one-out adds the
leave-one-group-out figure: the per-group F1 and agreement, mean ± sd over
groups (no rule is fitted to the gold, so a left-out group's score is its
own; docs/DIGEST-RULES.md).`,
		nargs: [2]int{1, 1},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			questions := fs.String("questions", "../shared/data/liveqa/dev-questions.xml", "LiveQA questions (TREC 2017 medical XML)")
			qrels := fs.String("qrels", "../shared/data/liveqa/dev-qrels.txt", "judgments, TREC qrels format")
			text := fs.String("text", "original", "query text: original (subject and message), summary (NLM summary), or both")
			engines := fs.String("engine", "healthqa,fts5,bleve", "engines to run, comma-separated: healthqa, fts5, bleve")
			run := fs.String("run", "", "write the top 10 per question as a TREC run file (one per engine and text when several)")
			asJSON := fs.Bool("json", false, "print the reports as JSON")
			gold := fs.String("gold", "../shared/data/digest/dev-gold.json", "digest: gold points (JSON)")
			out := fs.String("out", "", "digest: write the system's points as JSON to this file")
			loo := fs.Bool("leave-one-out", false, "digest: also print the leave-one-group-out figure (per-group mean ± sd)")
			folds := fs.Int("folds", 0, "liveqa: K-fold cross-validation of healthqa's parameters (K ≥ 2; 0: off)")
			foldSeed := fs.Uint64("fold-seed", eval.DefaultFoldSeed, "liveqa: seed of the --folds split")
			classes := fs.Bool("classes", false, "liveqa: per failure class of issue 11, the questions it touches and how many each engine fails")
			dict := fs.String("dict", "/usr/share/hunspell", "liveqa --classes: folder of Hunspell's en_US.aff and en_US.dic (and en_med_glut.dic)")
			condensed := fs.Bool("condensed", false, "liveqa: score condensed lists (unjudged entries dropped from each engine's top 100) beside judged@10")
			latency := fs.Int("latency", 0, "liveqa: time every question this many rounds, engines interleaved, and print latency percentiles (0: off)")
			wordLists := wordListsFlag(fs)
			return func(ctx context.Context, env *runEnv) error {
				switch env.args[0] {
				case "digest":
					return evalDigest(*gold, *out, *asJSON, *loo, env)
				case "liveqa":
				default:
					return usageError{fmt.Sprintf("unknown evaluation %q: use liveqa or digest", env.args[0])}
				}
				modes, err := evalModes(*text)
				if err != nil {
					return err
				}
				names, err := engineNames(*engines)
				if err != nil {
					return err
				}
				if err := useWordLists(*wordLists, slog.New(slog.NewTextHandler(env.stderr, nil))); err != nil {
					return err
				}
				scorer := eval.Run
				if *condensed {
					scorer = eval.RunCondensed
				}
				fr := foldsRun{k: *folds, seed: *foldSeed, asJSON: *asJSON, run: *run, scorer: scorer}
				if err := fr.check(); err != nil {
					return err
				}
				if *condensed && *latency != 0 {
					return usageError{"--latency times the product's own depth: it does not go with --condensed"}
				}
				if err := checkExclusive(*folds != 0, *classes, *latency != 0); err != nil {
					return err
				}
				docs, err := loadDocs(ctx, *db)
				if err != nil {
					return err
				}
				qs, judged, err := readLiveQA(*questions, *qrels)
				if err != nil {
					return err
				}
				switch {
				case fr.k != 0:
					return evalFolds(ctx, fr, names, docs, qs, judged, modes, env)
				case *latency != 0:
					return evalLatency(ctx, *latency, names, docs, qs, modes, *asJSON, env)
				}
				var reports []eval.Report
				for _, name := range names {
					rs, err := runEngine(ctx, name, docs, qs, judged, modes, scorer, env)
					if err != nil {
						return err
					}
					reports = append(reports, rs...)
				}
				if err := writeRuns(*run, reports); err != nil {
					return err
				}
				if *classes {
					return evalClasses(*dict, docs, qs, reports, *asJSON, env)
				}
				if *asJSON {
					return writeJSON(env.stdout, reports)
				}
				return eval.WriteTable(env.stdout, reports...)
			}
		},
	}
}

func evalModes(text string) ([]eval.Mode, error) {
	if text == "both" {
		return []eval.Mode{eval.Original, eval.Summary}, nil
	}
	m, err := eval.ParseMode(text)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return []eval.Mode{m}, nil
}

func readLiveQA(questionsPath, qrelsPath string) ([]eval.Question, eval.Qrels, error) {
	qf, err := os.Open(questionsPath)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the LiveQA questions (--questions): %w", err)
	}
	defer qf.Close()
	qs, err := eval.ReadLiveQA(qf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", questionsPath, err)
	}
	rf, err := os.Open(qrelsPath)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the LiveQA judgments (--qrels): %w", err)
	}
	defer rf.Close()
	judged, err := eval.ReadQrels(rf)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", qrelsPath, err)
	}
	return qs, judged, nil
}

func loadDocs(ctx context.Context, db string) ([]search.Document, error) {
	st, err := openForReading(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	docs, err := search.LoadDocuments(ctx, st)
	if err == nil && len(docs) == 0 {
		err = fmt.Errorf("the database %s is empty: run healthqa import medquad first", db)
	}
	return docs, err
}

// engineNames checks the --engine list before any work is done.
func engineNames(list string) ([]string, error) {
	var out []string
	for _, n := range strings.Split(list, ",") {
		switch n = strings.TrimSpace(n); n {
		case "healthqa", "fts5", "bleve":
			out = append(out, n)
		default:
			return nil, usageError{fmt.Sprintf("unknown engine %q: use healthqa, fts5 or bleve", n)}
		}
	}
	return out, nil
}

func newEngine(ctx context.Context, name string, docs []search.Document) (search.Engine, error) {
	switch name {
	case "healthqa":
		return search.NewEngine(docs), nil
	case "fts5":
		return peers.NewFTS5(ctx, docs)
	default:
		return peers.NewBleve(docs)
	}
}

func runEngine(ctx context.Context, name string, docs []search.Document, qs []eval.Question, judged eval.Qrels, modes []eval.Mode, scorer eval.RunFunc, env *runEnv) ([]eval.Report, error) {
	fmt.Fprintf(env.stderr, "indexing %s with %s\n", plural(len(docs), "entry", "entries"), name)
	engine, err := newEngine(ctx, name, docs)
	if err != nil {
		return nil, err
	}
	defer engine.Close()
	var out []eval.Report
	for _, m := range modes {
		rep, err := scorer(ctx, engine, qs, judged, m, eval.DefaultK)
		if err != nil {
			return nil, err
		}
		out = append(out, rep)
	}
	return out, nil
}

func writeRuns(path string, reports []eval.Report) error {
	if path == "" {
		return nil
	}
	for _, r := range reports {
		name := path
		if len(reports) > 1 {
			name = fmt.Sprintf("%s.%s.%s", path, r.Engine, r.Mode)
		}
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		err = r.WriteRun(f, r.Engine)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func evalDigest(goldPath, outPath string, asJSON, leaveOneOut bool, env *runEnv) error {
	f, err := os.Open(goldPath)
	if err != nil {
		return err
	}
	defer f.Close()
	system, naive, out, err := digest.EvalGold(f)
	if err != nil {
		return fmt.Errorf("%s: %w", goldPath, err)
	}
	if outPath != "" {
		o, err := os.Create(outPath)
		if err != nil {
			return err
		}
		err = digest.WriteOut(o, out)
		if cerr := o.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	if asJSON {
		v := map[string]any{"system": system, "naive": naive}
		if leaveOneOut {
			v["leave_one_out"] = map[string]any{"system": digest.LeaveOneGroupOut(system), "naive": digest.LeaveOneGroupOut(naive)}
		}
		return writeJSON(env.stdout, v)
	}
	if err := digest.WriteReport(env.stdout, system, naive); err != nil || !leaveOneOut {
		return err
	}
	return digest.WriteLeaveOneOut(env.stdout, system, naive)
}
