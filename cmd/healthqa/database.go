package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"healthqa/internal/store/sqlite"
)

// openForReading opens the database of a command that only reads: it
// must exist and hold content. It creates nothing, so that a mistyped
// --db is reported rather than answered with zeros from a new file.
func openForReading(ctx context.Context, path string) (*sqlite.DB, error) {
	st, err := sqlite.OpenExisting(ctx, path)
	if errors.Is(err, sqlite.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s: run %s or `healthqa serve` to create it", path, importHint(path))
	}
	if err != nil {
		return nil, err
	}
	empty, err := st.Empty(ctx)
	if err == nil && empty {
		err = fmt.Errorf("the database %s is empty: run %s to fill it", path, importHint(path))
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func importHint(path string) string {
	return "`healthqa import medquad PATH --db " + path + "` (PATH: MedQuAD's zip archive or folder)"
}

// discardNewDatabase closes st and, when serve created the file for a
// first import that failed, removes it with its WAL files so that the
// next start begins afresh. A database that was there before, or that
// holds anything, is kept. It returns cause, the failure.
func discardNewDatabase(ctx context.Context, st *sqlite.DB, path string, created bool, cause error) error {
	// An interrupted first start is a failed one too: look even when
	// ctx is done.
	empty, err := st.Empty(context.WithoutCancel(ctx))
	st.Close()
	if !created || err != nil || !empty {
		return cause
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%w (and %s could not be removed: %v)", cause, f, err)
		}
	}
	return cause
}
