package postgres

import (
	"time"

	"healthqa/internal/model"
)

// TEMPORARY: the same fragments as the editorial branch's
// editorial_contrib.go (SQLite's contrib.go translated), kept here so
// that this branch builds alone. Delete this file when merging that
// branch: the names and signatures are the same.

// personColumns selects a model.Person from the users table aliased u,
// empty strings when a LEFT JOIN found no row.
func personColumns(u string) string {
	return `COALESCE(` + u + `.slug, ''), COALESCE(` + u + `.name, ''), COALESCE(` + u + `.credentials, ''),
		COALESCE(` + u + `.specialty, ''), COALESCE(` + u + `.affiliation, ''), COALESCE(` + u + `.bio, ''),
		COALESCE(` + u + `.source_key, '')`
}

func personDest(p *model.Person) []any {
	return []any{&p.Slug, &p.Name, &p.Credentials, &p.Specialty, &p.Affiliation, &p.Bio, &p.SourceKey}
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

func (c *contribScan) dest() []any {
	d := append([]any{&c.html}, personDest(&c.author)...)
	d = append(d, personDest(&c.reviewer)...)
	return append(d, &c.reviewedAt)
}

// apply sets the answer's contributor fields: Author only when the row
// names one, Review only when a reviewer and a date are both recorded.
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
