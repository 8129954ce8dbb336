package sqlite

import (
	"testing"

	"healthqa/internal/store/storetest"
)

func TestConceptsConformance(t *testing.T) {
	storetest.RunConcepts(t, func(t *testing.T) storetest.ConceptsStore { return openTemp(t) })
}

func TestPublishGrades(t *testing.T) {
	storetest.RunPublishGrades(t, func(t *testing.T) storetest.ConceptsEditorialBackend { return openTemp(t) })
}
