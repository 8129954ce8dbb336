package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

func digestCmd() *command {
	c := readCommand("digest", "Show what the sources of a question say: each point and who states it.",
		func(ctx context.Context, st store.Store, args []string) (any, error) {
			slug := strings.TrimPrefix(args[0], "/q/")
			if strings.TrimSpace(slug) == "" {
				return nil, usageError{"QUESTION-SLUG is empty: name the question as its page address does, e.g. healthqa digest what-is-restless-legs-syndrome"}
			}
			d, err := st.Digest(ctx, slug)
			if errors.Is(err, store.ErrNotFound) {
				return nil, noDigest(ctx, st, slug)
			}
			return d, err
		},
		func(env *runEnv, v any) {
			for _, p := range v.(model.Digest).Points {
				// "[3: GARD, GHR, NHLBI; 2 voices, GARD repeats GHR]": a
				// source that repeats another's text is one voice with it.
				var repeats []string
				for _, e := range p.Evidence {
					if e.Repeats != "" {
						repeats = append(repeats, e.Source+" repeats "+e.Repeats)
					}
				}
				voices := ""
				if len(repeats) > 0 {
					voices = fmt.Sprintf("; %s, %s", plural(model.CountVoices(p), "voice", "voices"), strings.Join(repeats, ", "))
				}
				fmt.Fprintf(env.stdout, "%s  [%d: %s%s]\n", p.Label, len(p.Sources), strings.Join(p.Sources, ", "), voices)
				for _, e := range p.Evidence {
					if e.Question != "" {
						// Gathered: another question's answer said it.
						fmt.Fprintf(env.stdout, "    %s (from %s's answer to %q, /q/%s): %s\n", e.Source, e.Source, e.QuestionTitle, e.Question, e.Sentence)
						continue
					}
					fmt.Fprintf(env.stdout, "    %s: %s\n", e.Source, e.Sentence)
				}
			}
		})
	c.args, c.nargs = "QUESTION-SLUG", [2]int{1, 1}
	c.help = `QUESTION-SLUG names the question as its page does: what-causes-restless-legs-syndrome for /q/what-causes-restless-legs-syndrome.`
	return c
}

// noDigest says why a question has no digest: it is unknown, or it is not
// one of the questions that get one.
func noDigest(ctx context.Context, st store.Store, slug string) error {
	_, _, err := st.Question(ctx, slug)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no question %s: QUESTION-SLUG is the end of the question's page address, /q/QUESTION-SLUG", slug)
	case err != nil:
		return err
	}
	return errors.New(model.NoDigest(slug))
}
