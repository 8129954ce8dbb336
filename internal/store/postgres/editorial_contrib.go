package postgres

import (
	"time"

	"github.com/jackc/pgx/v5"

	"healthqa/internal/model"
)

// Published contributor answers are answers rows with author_id,
// reviewed_by, reviewed_at and html set (migration 0006); imported
// answers leave them NULL and ''. Every read of answers joins the two
// users through these fragments (SQLite's contrib.go), so that pages,
// the API and the search index all see the same attribution.

// personColumns selects a model.Person from the users table aliased u,
// empty strings throughout when a LEFT JOIN found no row.
func personColumns(u string) string {
	return `COALESCE(` + u + `.slug, ''), COALESCE(` + u + `.name, ''), COALESCE(` + u + `.credentials, ''),
		COALESCE(` + u + `.specialty, ''), COALESCE(` + u + `.affiliation, ''), COALESCE(` + u + `.bio, ''),
		COALESCE(` + u + `.source_key, '')`
}

// contribColumns are what contribScan reads, from answers a and the
// contribJoins users au (author) and ru (reviewer).
var contribColumns = `a.html, ` + personColumns("au") + `, ` + personColumns("ru") + `, a.reviewed_at`

const contribJoins = `LEFT JOIN users au ON au.id = a.author_id LEFT JOIN users ru ON ru.id = a.reviewed_by`

// contribScan receives contribColumns.
type contribScan struct {
	html             string
	author, reviewer model.Person
	reviewedAt       *time.Time
}

func personDest(p *model.Person) []any {
	return []any{&p.Slug, &p.Name, &p.Credentials, &p.Specialty, &p.Affiliation, &p.Bio, &p.SourceKey}
}

func (c *contribScan) dest() []any {
	d := append([]any{&c.html}, personDest(&c.author)...)
	d = append(d, personDest(&c.reviewer)...)
	return append(d, &c.reviewedAt)
}

// apply sets the answer's contributor fields: Author only when the row
// names one, Review only when a reviewer and a date are both recorded,
// so that an imported answer never claims a review.
func (c *contribScan) apply(a *model.Answer) {
	a.HTML = c.html
	if c.author.Slug != "" {
		p := c.author
		a.Author = &p
	}
	if c.reviewer.Slug != "" && c.reviewedAt != nil {
		a.Review = &model.Review{Reviewer: c.reviewer, At: c.reviewedAt.UTC()}
	}
}

// answerColumns select a whole model.Answer but its question slug, from
// answers a with contribJoins.
var answerColumns = `a.key, a.doc_id, a.source_key, a.source_url, a.source_question,
		a.text, a.dataset, a.origin, a.imported_at, a.updated_at, ` + contribColumns

// scanAnswer reads a question slug and then answerColumns.
func scanAnswer(r pgx.Rows) (model.Answer, error) {
	var a model.Answer
	var c contribScan
	dest := []any{&a.QuestionSlug, &a.Key, &a.DocID, &a.SourceKey, &a.SourceURL, &a.SourceQuestion,
		&a.Text, &a.Dataset, &a.Origin, &a.ImportedAt, &a.UpdatedAt}
	if err := r.Scan(append(dest, c.dest()...)...); err != nil {
		return a, err
	}
	a.ImportedAt, a.UpdatedAt = a.ImportedAt.UTC(), a.UpdatedAt.UTC()
	c.apply(&a)
	return a, nil
}
