package corpus

import "testing"

func TestGenericConcept(t *testing.T) {
	for _, c := range []struct {
		names []string
		want  bool
	}{
		{nil, false},
		{[]string{"Anemia", "Fanconi anemia", "Sickle cell anemia"}, false},
		{[]string{"Anemia", "Fanconi anemia", "Sickle cell anemia", "Pernicious anemia"}, true},
		// Names that normalize alike count once.
		{[]string{"Anemia", "anemia", "ANEMIA", "Anemia "}, false},
	} {
		if got := GenericConcept(c.names); got != c.want {
			t.Errorf("GenericConcept(%q) = %v; want %v", c.names, got, c.want)
		}
	}
}
