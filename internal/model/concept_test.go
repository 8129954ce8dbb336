package model

import "testing"

func TestValidCUI(t *testing.T) {
	for s, want := range map[string]bool{
		"C0035258": true, "C9999999": true,
		"": false, "C003525": false, "C00352580": false, "c0035258": false, "D0035258": false, "C003525x": false, "C٠٠٣٥٢٥٨": false,
	} {
		if got := ValidCUI(s); got != want {
			t.Errorf("ValidCUI(%q) = %v; want %v", s, got, want)
		}
	}
}
