package digest

import (
	"strings"
	"testing"
)

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

// Two sources' definitions of the topic are one point only when they say
// the same thing: a source that defines restless legs syndrome by its
// urge must not be listed under another's "neurological condition".
func TestDefinitionsGroupByWhatTheySay(t *testing.T) {
	answers := []Answer{
		{Source: "GARD", Key: "g", Text: "Restless legs syndrome is a neurological condition that causes an irresistible urge to move the legs."},
		{Source: "GHR", Key: "h", Text: "Restless legs syndrome is a neurological condition that causes an irresistible urge to move the legs. It affects sleep."},
		{Source: "MPlusHealthTopics", Key: "m", Text: "Restless legs syndrome (RLS) gives people a strong need to move their legs."},
	}
	d := Build("information", "Restless legs syndrome", []string{"RLS"}, answers)
	for _, p := range d.Points {
		if strings.Contains(p.Label, "neurological") {
			for _, s := range p.Sources {
				if s == "MPlusHealthTopics" {
					t.Errorf("point %q lists a source whose sentence does not say it: %+v", p.Label, p.Evidence)
				}
			}
			return
		}
	}
	t.Errorf("no 'neurological condition' point: %+v", d.Points)
}

// A word inside a condition's name, or inside the expansion of its
// acronym, is no mention of that word: "periodic limb movement disorder
// (PLMD)" does not state "movement".
func TestPartOfANameIsNoMention(t *testing.T) {
	answers := []Answer{
		{Source: "GHR", Key: "h", Text: "Movement, such as kicking, stretching, rubbing, or pacing, make the discomfort go away."},
		{Source: "GARD", Key: "g", Text: "The movement is triggered by strange or uncomfortable feelings."},
		{Source: "MPlusHealthTopics", Key: "m", Text: "Most people with RLS also have a condition called periodic limb movement disorder (PLMD)."},
	}
	d := Build("information", "Restless legs syndrome", []string{"RLS"}, answers)
	for _, p := range d.Points {
		if p.Label == "movement" || p.Label == "Movement" {
			for _, s := range p.Sources {
				if s == "MPlusHealthTopics" {
					t.Errorf("%q lists a source that names periodic limb movement disorder: %+v", p.Label, p.Evidence)
				}
			}
		}
	}
}
