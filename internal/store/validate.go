package store

import (
	"errors"
	"fmt"
)

// Validate checks what can be checked without the database, so that bad
// content is refused before a transaction is even begun: every backend's
// Sync calls it first, so they refuse the same content. Answers may also
// cite sources stored earlier; Sync checks those inside its transaction.
func Validate(dataset string, c Content) error {
	if dataset == "" {
		return errors.New("dataset name is empty")
	}
	if err := unique("source", len(c.Sources), func(i int) string { return c.Sources[i].Key }); err != nil {
		return err
	}
	topics, err := keySet("topic", len(c.Topics), func(i int) string { return c.Topics[i].Slug })
	if err != nil {
		return err
	}
	questions, err := keySet("question", len(c.Questions), func(i int) string { return c.Questions[i].Slug })
	if err != nil {
		return err
	}
	for _, q := range c.Questions {
		if !topics[q.TopicSlug] {
			return fmt.Errorf("question %q: topic %q is not in the content", q.Slug, q.TopicSlug)
		}
	}
	if err := unique("answer", len(c.Answers), func(i int) string { return c.Answers[i].Key }); err != nil {
		return err
	}
	for _, a := range c.Answers {
		if !questions[a.QuestionSlug] {
			return fmt.Errorf("answer %q: question %q is not in the content", a.Key, a.QuestionSlug)
		}
		// An answer claiming another dataset would be deleted by that
		// dataset's next Sync, which is surely not what the caller meant.
		if a.Dataset != "" && a.Dataset != dataset {
			return fmt.Errorf("answer %q: dataset %q, but syncing %q", a.Key, a.Dataset, dataset)
		}
	}
	// A digest must name a question of this content, even one already
	// stored: a question the content lacks is not this Sync's to judge.
	if err := unique("digest", len(c.Digests), func(i int) string { return c.Digests[i].QuestionSlug }); err != nil {
		return err
	}
	for _, d := range c.Digests {
		if !questions[d.QuestionSlug] {
			return fmt.Errorf("digest: question %q is not in the content", d.QuestionSlug)
		}
	}
	return validateAbbreviations(c)
}

// validateAbbreviations: each pair names an answer of this content (an
// answer the content lacks is not this Sync's to describe), has both
// forms, and appears once.
func validateAbbreviations(c Content) error {
	if len(c.Abbreviations) == 0 {
		return nil
	}
	answers := make(map[string]bool, len(c.Answers))
	for _, a := range c.Answers {
		answers[a.Key] = true
	}
	seen := make(map[[3]string]bool, len(c.Abbreviations))
	for _, ab := range c.Abbreviations {
		switch k := [3]string{ab.AnswerKey, ab.Short, ab.Long}; {
		case !answers[ab.AnswerKey]:
			return fmt.Errorf("abbreviation %q: answer %q is not in the content", ab.Short, ab.AnswerKey)
		case ab.Short == "" || ab.Long == "":
			return fmt.Errorf("abbreviation %q = %q of answer %q: a form is empty", ab.Short, ab.Long, ab.AnswerKey)
		case seen[k]:
			return fmt.Errorf("abbreviation %q = %q of answer %q appears twice", ab.Short, ab.Long, ab.AnswerKey)
		default:
			seen[k] = true
		}
	}
	return nil
}

func unique(kind string, n int, key func(int) string) error {
	_, err := keySet(kind, n, key)
	return err
}

// keySet collects n keys, refusing empty and repeated ones: either would
// make the natural-key upsert silently drop a row.
func keySet(kind string, n int, key func(int) string) (map[string]bool, error) {
	set := make(map[string]bool, n)
	for i := range n {
		k := key(i)
		if k == "" {
			return nil, fmt.Errorf("%s #%d has an empty key", kind, i+1)
		}
		if set[k] {
			return nil, fmt.Errorf("%s %q appears twice", kind, k)
		}
		set[k] = true
	}
	return set, nil
}
