package sqlite

import (
	"testing"

	"healthqa/internal/store/storetest"
)

func TestEditorialConformance(t *testing.T) {
	storetest.RunEditorial(t, func(t *testing.T) storetest.EditorialBackend {
		d := openTemp(t)
		t.Cleanup(func() { d.Close() })
		return d
	})
}
