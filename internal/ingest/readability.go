package ingest

import (
	"healthqa/internal/readability"
	"healthqa/internal/store"
)

// grade computes each answer's reading grades once, at import (issue
// 12); Sync stores them beside the answer.
func grade(c store.Content) {
	for i := range c.Answers {
		c.Answers[i].Readability = readability.Of(c.Answers[i].Text)
	}
}
