package digest

import "testing"

// A synonym whose part before "of" has function words in it once made
// the acronym step slice past its initials (seen on galactosialidosis).
func TestTopicNamesWithFunctionWordsBeforeOf(t *testing.T) {
	answers := []Answer{
		{Source: "GARD", Key: "a", Text: "It is a lysosomal storage disorder. Signs include coarse facial features."},
		{Source: "GHR", Key: "b", Text: "It is a lysosomal storage disorder. Signs include coarse facial features and seizures."},
	}
	// The real synonyms, as MedQuAD lists them.
	real := []string{"Goldberg syndrome", "Cathepsin A deficiency of", "deficiency of cathepsin A",
		"Lysosomal protective protein deficiency of", "Protective protein/Cathepsin A deficiency"}
	for _, syn := range []string{"Deficiency of the enzyme X", "The disease of the kidney", "A form of it", "of"} {
		d := Build("information", "Galactosialidosis", append([]string{syn}, real...), answers)
		if len(d.Points) == 0 {
			t.Errorf("synonym %q: no points", syn)
		}
	}
}
