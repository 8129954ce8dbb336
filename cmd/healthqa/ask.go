package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/search"
	"healthqa/internal/store"
)

func askCmd() *command {
	return &command{
		name:    "ask",
		summary: "Answer a health question typed in plain words: what it is about, and the best answered questions.",
		args:    `"QUESTION"`,
		nargs:   [2]int{1, 1},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			n := fs.Int("n", 10, "how many answered questions to show")
			wordLists := wordListsFlag(fs)
			level := fs.String("log-level", "warn", "log level: debug (says how the search index was made ready and how long it took), info, warn or error")
			return func(ctx context.Context, env *runEnv) error {
				if *n < 1 || *n > 100 {
					return usageError{flagName("n") + " must be between 1 and 100"}
				}
				if strings.TrimSpace(env.args[0]) == "" {
					return usageError{`the question is empty: type it in plain words, e.g. healthqa ask "what causes restless legs?"`}
				}
				var lvl slog.Level
				if err := lvl.UnmarshalText([]byte(*level)); err != nil {
					return usageError{fmt.Sprintf("--log-level: %v", err)}
				}
				log := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: lvl}))
				if err := useWordLists(*wordLists, log); err != nil {
					return err
				}
				st, err := openForReading(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				ix, err := openIndex(ctx, st, log)
				if err != nil {
					return err
				}
				if ix == nil {
					return fmt.Errorf("the database %s is empty: run healthqa import first", *db)
				}
				u, results := ix.Ask(ctx, env.args[0], *n)
				if *asJSON {
					return writeJSON(env.stdout, map[string]any{"understanding": u, "results": results})
				}
				printAsk(env, u, results)
				return nil
			}
		},
	}
}

// openIndex loads the search index of the store's content, from the
// snapshot the import saved when it matches; nil for an empty store.
func openIndex(ctx context.Context, st store.Store, log *slog.Logger) (*search.Index, error) {
	start := time.Now()
	if empty, err := st.Empty(ctx); err != nil || empty {
		return nil, err
	}
	v, err := st.Version(ctx)
	if err != nil {
		return nil, err
	}
	ix, how, err := search.LoadIndex(ctx, st, v, search.DefaultParams)
	if err != nil {
		return nil, err
	}
	log.Debug("search index ready", "how", how, "content_version", v, "took", time.Since(start))
	return ix, nil
}

func printAsk(env *runEnv, u *search.Understanding, results []search.Result) {
	var about []string
	for _, f := range u.Foci {
		about = append(about, strings.Join(f.Topics, " / "))
	}
	if len(about) == 0 {
		about = []string{"(no topic recognized)"}
	}
	var types []string
	for _, t := range u.Types {
		if qt, ok := model.LookupQuestionType(t); ok {
			types = append(types, qt.Label)
		}
	}
	fmt.Fprintf(env.stdout, "Answers about: %s · %s\n", strings.Join(about, ", "), strings.Join(types, ", "))
	if u.DidYouMean != "" {
		fmt.Fprintf(env.stdout, "Did you mean: %s\n", u.DidYouMean)
	}
	if len(results) == 0 {
		fmt.Fprintln(env.stdout, "No answered question matches.")
	}
	for i, r := range results {
		var snippet strings.Builder
		for _, s := range r.Snippet {
			snippet.WriteString(s.Text)
		}
		fmt.Fprintf(env.stdout, "\n%d. %s  (/q/%s)\n   %s\n", i+1, r.Title, r.QuestionSlug, snippet.String())
	}
}
