package postgres

import (
	"context"
	"testing"

	"healthqa/internal/store"
	"healthqa/internal/store/storetest"
)

// TestTopicCUIsFollowTopics checks the statement triggers of migration
// 0002: after each Sync, topic_cuis holds exactly the non-empty concepts
// of every topic, through inserts (COPY), updates and deletions.
func TestTopicCUIsFollowTopics(t *testing.T) {
	d := openTemp(t)
	defer d.Close()
	ctx := context.Background()
	c := storetest.GenerateContent(30, 60, 120, 10)
	steps := []struct {
		name string
		edit func(c *store.Content)
	}{
		{"insert", func(c *store.Content) {}},
		{"change some", func(c *store.Content) {
			c.Topics[0].CUIs = []string{"C1", "C2", "", "C2"}
			c.Topics[1].CUIs = nil
			c.Topics[2].Name += " renamed" // cuis as they were
		}},
		{"change back", func(c *store.Content) { c.Topics[0].CUIs = []string{"C3"} }},
		{"drop topics", func(c *store.Content) {
			gone := map[string]bool{}
			for _, q := range c.Questions {
				if q.TopicSlug == c.Topics[0].Slug {
					gone[q.Slug] = true
				}
			}
			answers := c.Answers[:0]
			for _, a := range c.Answers {
				if !gone[a.QuestionSlug] {
					answers = append(answers, a)
				}
			}
			c.Answers = answers
		}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.edit(&c)
			if _, err := d.Sync(ctx, "medquad", c, store.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			var diff int
			err := d.pool.QueryRow(ctx, `SELECT COUNT(*) FROM (
				(SELECT topic_id, cui FROM topic_cuis
					EXCEPT SELECT DISTINCT t.id, c FROM topics t, unnest(t.cuis) c WHERE c <> '')
				UNION ALL
				(SELECT DISTINCT t.id, c FROM topics t, unnest(t.cuis) c WHERE c <> ''
					EXCEPT SELECT topic_id, cui FROM topic_cuis)) x`).Scan(&diff)
			if err != nil {
				t.Fatal(err)
			}
			if diff != 0 {
				t.Errorf("topic_cuis differs from topics.cuis in %d rows", diff)
			}
		})
	}
}
