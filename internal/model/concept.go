package model

// ValidCUI reports whether s is a UMLS Concept Unique Identifier by its
// syntax: "C" and seven digits (C0035258). The API, the Infobutton and
// the command line check it before any lookup.
func ValidCUI(s string) bool {
	if len(s) != 8 || s[0] != 'C' {
		return false
	}
	for i := 1; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
