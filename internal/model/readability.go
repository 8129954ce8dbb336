package model

// Readability is how hard an answer's text is to read, computed once
// when the answer is imported or published (internal/readability).
type Readability struct {
	// Grade is the Flesch–Kincaid grade level.
	Grade float64 `json:"grade"`
	// SMOG is McLaughlin's SMOG grade.
	SMOG float64 `json:"smog"`
	// Label is the grade in plain words for readers, "about grade 9";
	// filled by the pages and the API, not stored.
	Label string `json:"label,omitempty"`
}
