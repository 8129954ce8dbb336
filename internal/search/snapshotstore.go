package search

import (
	"context"
	"errors"
	"fmt"

	"healthqa/internal/store"
)

// LoadIndex returns the index of a store's content at version: decoded
// from the stored snapshot when there is one built from that version,
// built from the content otherwise (an older database, an import
// interrupted before its snapshot was saved, a publish since, a
// snapshot of another format), and then saved as the snapshot. how says
// which and, for a build, why and whether it was saved, for a debug log.
func LoadIndex(ctx context.Context, st store.Store, version int64, p Params) (ix *Index, how string, err error) {
	data, err := st.SearchSnapshot(ctx, version)
	switch {
	case err == nil:
		if ix, err = DecodeSnapshot(data, p); err == nil {
			return ix, "loaded from the snapshot", nil
		}
		how = fmt.Sprintf("built: %v", err)
	case errors.Is(err, store.ErrNotFound):
		how = fmt.Sprintf("built: no snapshot of content version %d", version)
	default:
		// The content may still be readable; the snapshot only saves time.
		how = fmt.Sprintf("built: reading the snapshot: %v", err)
	}
	docs, err := LoadDocuments(ctx, st)
	if err != nil {
		return nil, "", err
	}
	ix = NewIndex(docs, p)
	return ix, how + keepBuilt(ctx, st, version, ix), nil
}

// keepBuilt saves the snapshot of an index LoadIndex had to build, so
// that the next start loads it: a publish drops the snapshot, and
// without this every start (and every `healthqa ask`) until the next
// import would build the index again, as it would over a database an
// older program saved a snapshot of another format in. The save checks
// that version is still the content's, so an index of content read
// after a change is not saved under the version before it. Not saving
// only costs the next start its time, so it is said, not returned.
func keepBuilt(ctx context.Context, st store.Store, version int64, ix *Index) string {
	saved, err := st.SaveSearchSnapshot(ctx, version, ix.Snapshot())
	switch {
	case err != nil:
		return fmt.Sprintf("; snapshot not saved: %v", err)
	case !saved:
		return "; snapshot not saved: the content changed meanwhile"
	}
	return "; snapshot saved"
}

// SaveSnapshot makes sure the store holds a snapshot of its current
// content: it keeps one already there for this version, or builds the
// index and saves its snapshot (also in place of one it cannot load,
// of an older format, say). It reports which ("kept", "saved"), or
// "outdated" when a Sync changed the content meanwhile, which leaves the
// next import or the next LoadIndex to build.
func SaveSnapshot(ctx context.Context, st store.Store) (string, error) {
	version, err := st.Version(ctx)
	if err != nil {
		return "", err
	}
	replaced := ""
	if data, err := st.SearchSnapshot(ctx, version); err == nil {
		// One of another format (a database of an older program) is
		// built again: every load would otherwise fall back to a build.
		if _, err := openPayload(data); err == nil {
			return "kept", nil
		} else {
			replaced = fmt.Sprintf(" (replacing one unusable: %v)", err)
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", err
	}
	// The version is read before the content, and the save checks it is
	// still current, so the snapshot cannot be saved under a version
	// whose content it does not hold.
	docs, err := LoadDocuments(ctx, st)
	if err != nil {
		return "", err
	}
	saved, err := st.SaveSearchSnapshot(ctx, version, NewIndex(docs, DefaultParams).Snapshot())
	switch {
	case err != nil:
		return "", err
	case !saved:
		return "outdated", nil
	}
	return "saved" + replaced, nil
}
