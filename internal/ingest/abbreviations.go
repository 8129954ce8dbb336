package ingest

import (
	"healthqa/internal/abbrev"
	"healthqa/internal/store"
)

// learnAbbreviations finds the abbreviation definitions every answer's
// text states (issue 11, internal/abbrev), each with the answer it came
// from; Sync keeps them beside the answers and search understands the
// abbreviations by them. It returns how many it found.
func learnAbbreviations(c *store.Content) int {
	c.Abbreviations = nil
	for _, a := range c.Answers {
		c.Abbreviations = append(c.Abbreviations, abbrev.Of(a.Key, a.Text)...)
	}
	return len(c.Abbreviations)
}
