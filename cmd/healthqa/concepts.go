package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"healthqa/internal/model"
	"healthqa/internal/readability"
	"healthqa/internal/store"
)

// Issue 12 commands: concept lookup and the reading-level distribution.

func conceptsOf(st store.Store) (store.Concepts, error) {
	cs, ok := st.(store.Concepts)
	if !ok {
		return nil, errors.New("this database has no concept lookup")
	}
	return cs, nil
}

func conceptsCmd() *command {
	c := readCommand("concepts", "Show the topics carrying a UMLS concept, their questions and sources.",
		func(ctx context.Context, st store.Store, args []string) (any, error) {
			cui := args[0]
			if !model.ValidCUI(cui) {
				return nil, usageError{fmt.Sprintf("%q is not a UMLS concept identifier: C followed by seven digits, such as C0035258", cui)}
			}
			cs, err := conceptsOf(st)
			if err != nil {
				return nil, err
			}
			p, err := cs.Concept(ctx, cui)
			if errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("no topic carries the concept %s", cui)
			}
			return p, err
		},
		func(env *runEnv, v any) {
			p := v.(store.ConceptPage)
			kind := "specific"
			if p.Generic {
				kind = "generic: a broad class on differently named topics, which are never merged on it"
			}
			fmt.Fprintf(env.stdout, "%s  %s, %s\n", p.CUI, plural(p.TopicCount, "topic", "topics"), kind)
			if p.TopicCount > len(p.Topics) {
				fmt.Fprintf(env.stdout, "(the first %d listed)\n", len(p.Topics))
			}
			for _, t := range p.Topics {
				fmt.Fprintf(env.stdout, "\n%s  (%s)  sources: %s\n", t.Name, t.Slug, strings.Join(t.Sources, ", "))
				for _, q := range t.Questions {
					fmt.Fprintf(env.stdout, "  %s  [%s]  %s\n", q.Title, strings.Join(q.Sources, ", "), q.Slug)
				}
			}
		})
	c.args, c.nargs = "CUI", [2]int{1, 1}
	c.help = "CUI is a UMLS Concept Unique Identifier, C and seven digits (C0035258).\n" +
		"Topics that share a concept are listed side by side; a concept on topics\n" +
		"with four or more distinct names is generic (the rule topic merging uses).\n" +
		"Exit status 1 when no topic carries the concept."
	return c
}

// readingRow is one source's distribution of reading grades.
type readingRow struct {
	Source string                `json:"source"`
	Grade  readability.Quartiles `json:"flesch_kincaid"`
	SMOG   readability.Quartiles `json:"smog"`
}

func readingCmd() *command {
	c := readCommand("reading", "Show the reading grades of the stored answers, per source: median and quartiles.",
		func(ctx context.Context, st store.Store, _ []string) (any, error) {
			cs, err := conceptsOf(st)
			if err != nil {
				return nil, err
			}
			levels, err := cs.ReadingLevels(ctx)
			if err != nil {
				return nil, err
			}
			return readingRows(levels), nil
		},
		func(env *runEnv, v any) {
			fmt.Fprintf(env.stdout, "%-22s %7s  %24s  %6s  %24s\n", "source", "answers", "Flesch–Kincaid Q1/median/Q3", ">12", "SMOG Q1/median/Q3")
			for _, r := range v.([]readingRow) {
				fmt.Fprintf(env.stdout, "%-22s %7d  %8.1f %7.1f %7.1f  %5.0f%%  %8.1f %7.1f %7.1f\n", r.Source, r.Grade.N,
					r.Grade.Q1, r.Grade.Median, r.Grade.Q3, 100*r.Grade.AboveHard, r.SMOG.Q1, r.SMOG.Median, r.SMOG.Q3)
			}
		})
	c.help = "Answers are graded once, when imported or published: Flesch–Kincaid grade\n" +
		"level and SMOG. Answers without text or under 20 words are not graded.\n" +
		"Quartiles interpolate between order statistics (R's and NumPy's default).\n" +
		"\">12\" is the share above grade 12, the answers /review/hard lists."
	return c
}

// readingRows groups levels by source, sources in key order, then "all".
func readingRows(levels []store.ReadingLevel) []readingRow {
	grades, smog := map[string][]float64{}, map[string][]float64{}
	for _, l := range levels {
		for _, k := range []string{l.SourceKey, "all"} {
			grades[k] = append(grades[k], l.Grade)
			smog[k] = append(smog[k], l.SMOG)
		}
	}
	var keys []string
	for k := range grades {
		if k != "all" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(levels) > 0 {
		keys = append(keys, "all")
	}
	rows := []readingRow{}
	for _, k := range keys {
		rows = append(rows, readingRow{Source: k, Grade: readability.Summarize(grades[k]), SMOG: readability.Summarize(smog[k])})
	}
	return rows
}
