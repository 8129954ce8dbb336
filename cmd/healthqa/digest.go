package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"healthqa/internal/store/sqlite"
)

func digestCmd() *command {
	return &command{
		name:    "digest",
		summary: "Show what the sources of a question say: each point and who states it.",
		args:    "QUESTION-SLUG",
		help:    `QUESTION-SLUG names the question as its page does: what-causes-restless-legs-syndrome for /q/what-causes-restless-legs-syndrome.`,
		nargs:   [2]int{1, 1},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *runEnv) error {
				st, err := sqlite.Open(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				slug := strings.TrimPrefix(env.args[0], "/q/")
				d, err := st.Digest(ctx, slug)
				if err != nil {
					return fmt.Errorf("digest of %s: %w (a digest needs answers from two or more sources)", slug, err)
				}
				if *asJSON {
					return writeJSON(env.stdout, d)
				}
				for _, p := range d.Points {
					fmt.Fprintf(env.stdout, "%s  [%d: %s]\n", p.Label, len(p.Sources), strings.Join(p.Sources, ", "))
					for _, e := range p.Evidence {
						fmt.Fprintf(env.stdout, "    %s: %s\n", e.Source, e.Sentence)
					}
				}
				return nil
			}
		},
	}
}
