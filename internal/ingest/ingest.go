// Package ingest brings datasets into the store: it reads an archive,
// builds the content with the corpus package and syncs it in one
// transaction, reporting progress and what it skipped. It also holds the
// first-run data step that serve calls on an empty database.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"healthqa/internal/corpus"
	"healthqa/internal/medquad"
	"healthqa/internal/progress"
	"healthqa/internal/search"
	"healthqa/internal/store"
)

// ErrSkipped marks an import that succeeded but left files out; the
// summary lists them. The CLI turns it into its own exit status.
var ErrSkipped = errors.New("some files were skipped")

// Options tune an import.
type Options struct {
	// Progress receives a progress bar or periodic lines; nil is silent.
	Progress io.Writer
	// Now stamps the rows written; nil means time.Now.
	Now func() time.Time
}

// SkippedFile is a file left out, with the reason.
type SkippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Summary says what an import read and what it changed.
type Summary struct {
	Archive  string           `json:"archive"`
	Files    int              `json:"files"`
	Skipped  []SkippedFile    `json:"skipped_files"`
	Corpus   corpus.Report    `json:"corpus"`
	Changes  store.SyncResult `json:"changes"`
	Stats    store.Stats      `json:"stats"`
	Duration time.Duration    `json:"duration_ns"`
	// DigestTime is the part of Duration spent computing digests.
	DigestTime time.Duration `json:"digest_ns"`
	Digests    int           `json:"digests"`
	// Abbreviations counts the abbreviation definitions learned from
	// the answers' text (issue 11).
	Abbreviations int          `json:"abbreviations"`
	Index         IndexSummary `json:"search_index"`
}

// IndexSummary says what the import did about the search-index
// snapshot, which lets ask and serve load the index instead of building
// it.
type IndexSummary struct {
	// Snapshot is "saved", "kept" (the content did not change),
	// "outdated" (another import changed the content meanwhile) or
	// "failed: …": the content is imported either way, and without a
	// snapshot the index is built when needed.
	Snapshot string        `json:"snapshot"`
	Time     time.Duration `json:"time_ns"`
}

// MedQuAD imports a MedQuAD zip or folder. A file that cannot be read is
// skipped and named in the summary, and the error is ErrSkipped after
// everything else was imported.
func MedQuAD(ctx context.Context, st store.Store, path string, opts Options) (Summary, error) {
	start := time.Now()
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	sum := Summary{Archive: path, Skipped: []SkippedFile{}}
	docs, err := readArchive(ctx, path, opts.Progress, &sum)
	if err != nil {
		return sum, err
	}
	content, report := corpus.Build(docs)
	sum.Corpus = report
	grade(content)                                   // issue 12: reading grades, computed once here
	sum.Abbreviations = learnAbbreviations(&content) // issue 11
	inSync, err := digestAndSync(ctx, st, content, now, opts.Progress, &sum)
	if err != nil {
		return sum, err
	}
	if sum.Stats, err = st.Stats(ctx); err != nil {
		return sum, err
	}
	sum.Index = inSync
	if inSync.Snapshot == "" {
		sum.Index = saveSnapshot(ctx, st) // nothing changed: keep or replace
	}
	sum.Duration = time.Since(start)
	if len(sum.Skipped) > 0 {
		return sum, ErrSkipped
	}
	return sum, nil
}

func readArchive(ctx context.Context, path string, w io.Writer, sum *Summary) ([]*medquad.Document, error) {
	a, err := medquad.Open(path)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	sum.Files = len(a.Files)
	bar := progress.New(w, "reading", int64(len(a.Files)), "files")
	defer bar.Done()
	docs := make([]*medquad.Document, 0, len(a.Files))
	for _, f := range a.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := readFile(f)
		bar.Add(1)
		if err != nil {
			sum.Skipped = append(sum.Skipped, SkippedFile{Path: f.Path, Reason: err.Error()})
			continue
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func readFile(f medquad.File) (*medquad.Document, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return medquad.Parse(rc, f.Path)
}

// maxSyncTries bounds the Syncs of one import that a publish made
// meanwhile turns back (digestAndSync).
const maxSyncTries = 3

// digestAndSync computes the digests, taking in the contributor answers
// stored now, and writes the content in one Sync made conditional on the
// version those answers were read at. A publish or unpublish committed in
// between turns the Sync back (store.ErrVersionChanged) and the digests
// are computed again from the answers as they are then, up to
// maxSyncTries times; otherwise the import's digest of that question
// would replace the publish's, made without the new answer.
func digestAndSync(ctx context.Context, st store.Store, c store.Content, now func() time.Time, w io.Writer, sum *Summary) (IndexSummary, error) {
	notes := sum.Corpus.Notes
	for try := 1; ; try++ {
		digestStart := time.Now()
		withOthers, err := withContributors(ctx, st, c)
		if err != nil {
			return IndexSummary{}, err
		}
		content := withOthers.content
		var failed []string
		content.Digests, failed = digests(content, withOthers.answers)
		sum.Corpus.Notes = append(slices.Clip(notes), failed...)
		sum.DigestTime, sum.Digests = time.Since(digestStart), len(content.Digests)
		var inSync IndexSummary
		sum.Changes, err = sync(ctx, st, content, now(), w, withOthers.version, &inSync)
		if !errors.Is(err, store.ErrVersionChanged) {
			return inSync, err
		}
		if try == maxSyncTries {
			return IndexSummary{}, fmt.Errorf("contributor answers changed during each of %d tries to write the import; nothing was written, run it again: %w", try, err)
		}
		notes = append(slices.Clip(notes), fmt.Sprintf("contributor answers changed during the import (try %d of %d): digests computed again", try, maxSyncTries))
	}
}

// sync writes c in one Sync; a changing one saves the search snapshot of
// the new content in its own transaction, reported in snap, so that no
// node that hears of the change has to build its index.
func sync(ctx context.Context, st store.Store, c store.Content, now time.Time, w io.Writer, ifVersion *int64, snap *IndexSummary) (store.SyncResult, error) {
	// The store counts the rows it goes through (digests too), so the bar
	// takes its total from the store's first report rather than counting
	// again here.
	var bar *progress.Bar
	defer func() {
		if bar != nil {
			bar.Done()
		}
	}()
	res, err := st.Sync(ctx, corpus.Dataset, c, store.SyncOptions{
		Now:       now,
		IfVersion: ifVersion,
		Snapshot: func(ctx context.Context, c store.Content) []byte {
			start := time.Now()
			data := search.NewIndex(search.ContentDocuments(c), search.DefaultParams).Snapshot()
			*snap = IndexSummary{Snapshot: "saved", Time: time.Since(start)}
			return data
		},
		Progress: func(done, total int) {
			if bar == nil {
				bar = progress.New(w, "writing", int64(total), "rows")
			}
			bar.Set(int64(done))
		},
	})
	if err != nil {
		return res, fmt.Errorf("writing to the database: %w", err)
	}
	return res, nil
}

// saveSnapshot builds and stores the search index's snapshot after the
// content is committed. It cannot fail the import: the content is in,
// and a missing snapshot only makes the next ask build the index.
func saveSnapshot(ctx context.Context, st store.Store) IndexSummary {
	start := time.Now()
	how, err := search.SaveSnapshot(ctx, st)
	if err != nil {
		how = "failed: " + err.Error()
	}
	return IndexSummary{Snapshot: how, Time: time.Since(start)}
}
