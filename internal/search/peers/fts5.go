// Package peers holds off-the-shelf engines that our own is measured
// against: SQLite FTS5 and Bleve, each with its default BM25 ranking.
// Every peer indexes the same search.Document fields (the source's
// question, the canonical title, the topic name and synonyms, the answer
// text), one document per answer, and gets the query text our engine
// gets, so that differences come from ranking rather than from setup.
// They are kept honest: stock settings, nothing tuned on the evaluation.
package peers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"healthqa/internal/search"
)

// FTS5 ranks documents with SQLite FTS5's built-in bm25(): equal column
// weights and FTS5's k1 = 1.2, b = 0.75, over the porter-stemmed
// unicode61 tokens. FTS5 scores a row as one BM25 document made of all
// its columns.
type FTS5 struct {
	db   *sql.DB
	dir  string
	docs []search.Document // rowid − 1 → document, in AnswerKey order
}

var _ search.Engine = (*FTS5)(nil)

// NewFTS5 builds an FTS5 index of docs in a temporary database file,
// removed by Close. A file rather than ":memory:" because every pooled
// connection would get its own empty in-memory database; with a file,
// concurrent Searches read it on connections of their own.
func NewFTS5(ctx context.Context, docs []search.Document) (_ *FTS5, err error) {
	dir, err := os.MkdirTemp("", "healthqa-fts5-")
	if err != nil {
		return nil, fmt.Errorf("fts5: %w", err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "fts5.db"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("fts5: %w", err)
	}
	// Rowids follow AnswerKey order because FTS5 returns equal ranks in
	// rowid order: ties then break as in Bleve, whatever order docs come in.
	sorted := slices.Clone(docs)
	slices.SortStableFunc(sorted, func(a, b search.Document) int { return strings.Compare(a.AnswerKey, b.AnswerKey) })
	e := &FTS5{db: db, dir: dir, docs: sorted}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	if err := e.load(ctx); err != nil {
		return nil, fmt.Errorf("fts5: build index: %w", err)
	}
	return e, nil
}

func (e *FTS5) load(ctx context.Context) error {
	if _, err := e.db.ExecContext(ctx, `CREATE VIRTUAL TABLE docs USING fts5(
		source_question, title, topic, synonyms, answer, tokenize='porter unicode61')`); err != nil {
		return err
	}
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs(rowid, source_question, title, topic, synonyms, answer)
		VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	for i, d := range e.docs {
		// Synonyms go one to a line: unicode61 splits on the newline, so
		// they are separate words, as in Bleve's array field.
		if _, err := ins.ExecContext(ctx, i+1, d.SourceQuestion, d.Title, d.Topic,
			strings.Join(d.Synonyms, "\n"), d.Answer); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	// Merging the index's b-trees into one after a bulk load is routine
	// FTS5 upkeep: it speeds queries and changes no score.
	_, err = e.db.ExecContext(ctx, `INSERT INTO docs(docs) VALUES ('optimize')`)
	return err
}

// Name implements search.Engine.
func (e *FTS5) Name() string { return "fts5" }

// Search implements search.Engine: the query is an OR of its words,
// ordered by FTS5's rank (bm25(), lower is better); Hit.Score is −bm25 so
// that higher is better, as for every engine. A query without words
// finds nothing.
func (e *FTS5) Search(ctx context.Context, query string, k int) ([]search.Hit, error) {
	match := matchOr(query)
	if match == "" || k <= 0 {
		return nil, nil
	}
	rows, err := e.db.QueryContext(ctx, `SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?`, match, k)
	if err != nil {
		return nil, fmt.Errorf("fts5: search: %w", err)
	}
	defer rows.Close()
	var hits []search.Hit
	for rows.Next() {
		var id int
		var rank float64
		if err := rows.Scan(&id, &rank); err != nil {
			return nil, fmt.Errorf("fts5: search: %w", err)
		}
		d := e.docs[id-1]
		hits = append(hits, search.Hit{DocID: d.DocID, AnswerKey: d.AnswerKey, Score: -rank})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fts5: search: %w", err)
	}
	return hits, nil
}

// matchOr turns free text into an FTS5 query matching any of its words.
// Words are runs of letters, numbers and marks, close to what unicode61
// keeps, and a run of marks alone (which unicode61 drops as diacritics)
// is no word. Each word is quoted so that FTS5 reads none of it as
// syntax (AND, NEAR, *, ^, column filters); the split leaves no quote
// inside a word to escape.
func matchOr(text string) string {
	var words []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	}) {
		if strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			words = append(words, `"`+w+`"`)
		}
	}
	return strings.Join(words, " OR ")
}

// Close implements search.Engine, removing the database file.
func (e *FTS5) Close() error {
	return errors.Join(e.db.Close(), os.RemoveAll(e.dir))
}
