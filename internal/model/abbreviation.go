package model

// Abbreviation is an abbreviation an answer defines, with the long form
// the answer gives it, both as the answer writes them: "chronic
// inflammatory demyelinating polyneuropathy (CIDP)" gives Short "CIDP"
// and Long "chronic inflammatory demyelinating polyneuropathy". The
// import learns them from the answers' text (internal/abbrev); each
// belongs to its answer and goes with it.
type Abbreviation struct {
	AnswerKey string `json:"answer_key"`
	Short     string `json:"short"`
	Long      string `json:"long"`
}
