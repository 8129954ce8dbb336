package main

import (
	"context"
	"flag"
	"fmt"

	"healthqa/internal/store/sqlite"
)

func statsCmd() *command {
	return &command{
		name:    "stats",
		summary: "Show the database's headline counts.",
		nargs:   [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *runEnv) error {
				st, err := sqlite.Open(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				s, err := st.Stats(ctx)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.stdout, s)
				}
				fmt.Fprintf(env.stdout, "sources                          %7d\ntopics                           %7d\nquestions                        %7d\nquestions with 2 or more sources %7d\nentries                          %7d\nanswers                          %7d\nanswers with text                %7d\nentries with text                %7d\n",
					s.Sources, s.Topics, s.Questions, s.MultiSourceQuestions, s.Entries, s.Answers, s.AnswersWithText, s.EntriesWithText)
				return nil
			}
		},
	}
}

func topicsCmd() *command {
	return &command{
		name:    "topics",
		summary: "List every topic with its synonyms, UMLS concepts and sources.",
		nargs:   [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *runEnv) error {
				st, err := sqlite.Open(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				topics, err := st.Topics(ctx)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.stdout, topics)
				}
				for _, t := range topics {
					fmt.Fprintf(env.stdout, "%s\t%s\t%d questions\t%v\n", t.Slug, t.Name, t.QuestionCount, t.Sources)
				}
				return nil
			}
		},
	}
}
