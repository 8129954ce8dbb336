package main

import (
	"context"
	"fmt"
	"strings"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

func digestCmd() *command {
	c := readCommand("digest", "Show what the sources of a question say: each point and who states it.",
		func(ctx context.Context, st store.Store, args []string) (any, error) {
			slug := strings.TrimPrefix(args[0], "/q/")
			d, err := st.Digest(ctx, slug)
			if err != nil {
				return nil, fmt.Errorf("digest of %s: %w (a digest needs answers from two or more sources)", slug, err)
			}
			return d, nil
		},
		func(env *runEnv, v any) {
			for _, p := range v.(model.Digest).Points {
				fmt.Fprintf(env.stdout, "%s  [%d: %s]\n", p.Label, len(p.Sources), strings.Join(p.Sources, ", "))
				for _, e := range p.Evidence {
					fmt.Fprintf(env.stdout, "    %s: %s\n", e.Source, e.Sentence)
				}
			}
		})
	c.args, c.nargs = "QUESTION-SLUG", [2]int{1, 1}
	c.help = `QUESTION-SLUG names the question as its page does: what-causes-restless-legs-syndrome for /q/what-causes-restless-legs-syndrome.`
	return c
}
