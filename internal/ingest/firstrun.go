package ingest

import (
	"context"
	"errors"
	"fmt"
	"net"

	"healthqa/internal/store"
	"healthqa/internal/textcontrol"
)

// Fetcher gets the default data archive and returns its local path.
type Fetcher interface {
	Fetch(ctx context.Context) (string, error)
}

// EnsureData is the data step serve runs before it answers: with a path
// it imports from there; with an empty store and no path it fetches the
// default archive and imports it; otherwise the store is ready as it is.
// imported is false when nothing was done.
func EnsureData(ctx context.Context, st store.Store, path string, fetch Fetcher, opts Options) (sum Summary, imported bool, err error) {
	if path == "" {
		empty, err := st.Empty(ctx)
		if err != nil || !empty {
			return sum, false, err
		}
		if path, err = fetch.Fetch(ctx); err != nil {
			return sum, false, fetchError(err)
		}
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "importing %s\n", textcontrol.Escape(path)) // the user's text, to a terminal
	}
	sum, err = MedQuAD(ctx, st, path, opts)
	return sum, true, err
}

// fetchError says what to do when the download fails for want of a
// network: a bare "no such host" does not tell a first-time user that
// the data can come from a local copy instead.
func fetchError(err error) error {
	var ne net.Error // dial, DNS, TLS and timeout failures; not HTTP statuses
	if errors.As(err, &ne) {
		return fmt.Errorf("could not download MedQuAD (%w); without network access, start with --medquad PATH/TO/MedQuAD-master.zip", err)
	}
	return fmt.Errorf("fetching the default data: %w", err)
}
