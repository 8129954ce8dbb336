package main

import (
	"context"
	"flag"
	"fmt"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// readCommand is a command that opens the database, reads (given the
// positional arguments), and prints text or, with --json, JSON. It takes
// no arguments unless the caller sets args and nargs.
func readCommand(name, summary string, read func(ctx context.Context, st store.Store, args []string) (any, error), text func(env *runEnv, v any)) *command {
	return &command{
		name:    name,
		summary: summary,
		nargs:   [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *runEnv) error {
				st, err := openForReading(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				v, err := read(ctx, st, env.args)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.stdout, v)
				}
				text(env, v)
				return nil
			}
		},
	}
}

func statsCmd() *command {
	return readCommand("stats", "Show the database's headline counts.",
		func(ctx context.Context, st store.Store, _ []string) (any, error) { return st.Stats(ctx) },
		func(env *runEnv, v any) {
			s := v.(store.Stats)
			for _, row := range []struct {
				label string
				n     int
				note  string
			}{
				{"sources", s.Sources, ""}, {"topics", s.Topics, ""}, {"questions", s.Questions, ""},
				{"questions answered by two or more sources", s.MultiSourceQuestions, ""},
				{"digests", s.Digests, "questions " + model.DigestRule},
				{"entries", s.Entries, ""}, {"entries with text", s.EntriesWithText, ""},
				{"answers", s.Answers, ""}, {"answers with text", s.AnswersWithText, ""},
			} {
				if row.note != "" {
					row.note = "  (" + row.note + ")"
				}
				fmt.Fprintf(env.stdout, "%-42s %7d%s\n", row.label, row.n, row.note)
			}
		})
}

func topicsCmd() *command {
	return readCommand("topics", "List every topic with its synonyms, UMLS concepts and sources.",
		func(ctx context.Context, st store.Store, _ []string) (any, error) { return st.Topics(ctx) },
		func(env *runEnv, v any) {
			for _, t := range v.([]store.TopicSummary) {
				fmt.Fprintf(env.stdout, "%s\t%s\t%s\t%v\n", t.Slug, t.Name, plural(t.QuestionCount, "question", "questions"), t.Sources)
			}
		})
}
