package digest

import (
	"slices"
	"testing"
)

// Treatment cues and definitions on sentences written for the tests,
// about a made-up condition: each case fails without its rule
// (treatments.go, definitions.go).
func TestTreatmentCuesAndDefinitions(t *testing.T) {
	tests := []struct {
		qtype, text string
		want        []string
	}{
		{"treatment", "Doctors may prescribe antibiotics or steroids.", []string{"antibiotics", "steroids"}},
		{"treatment", "A doctor may prescribe for the pain.", nil},
		{"treatment", "People with Kestrel syndrome may benefit from physical therapy and speech therapy.", []string{"physical therapy", "speech therapy"}},
		{"treatment", "Treatment consists of a low-salt diet and diuretics.", []string{"low-salt diet", "diuretics"}},
		{"treatment", "The meal consists of rice and beans.", nil},
		{"causes", "Doctors may prescribe antibiotics or steroids.", nil},
		{"information", "Kestrel syndrome, also called Kestrel disease, is a rare disorder of the nerves.", []string{"rare disorder of the nerves"}},
		{"information", "Kestrel syndrome, also known as KS, is an inherited condition of the skin.", []string{"inherited condition of the skin"}},
		{"information", "Kestrel syndrome refers to a group of disorders that affect the nerves.", []string{"group of disorders that affect the nerves"}},
		{"information", "Kestrel syndrome refers to pain.", nil},
	}
	for _, tc := range tests {
		d := Build(tc.qtype, "Kestrel syndrome", []string{"Kestrel disease"}, []Answer{{Source: "A", Key: "a", Text: tc.text}})
		var got []string
		for _, p := range d.Points {
			got = append(got, p.Label)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q\n got %q\nwant %q", tc.qtype, tc.text, got, tc.want)
		}
	}
}

// A section heading its first paragraph restates is a point of a
// causes, symptoms or treatment answer, in the sentence's words.
func TestSectionHeadings(t *testing.T) {
	tests := []struct {
		qtype, text string
		want        []string
	}{
		{"causes", "Some things raise the risk.\n\nLow Vitamin D\n\nLow vitamin D in older adults may weaken the bones.",
			[]string{"low vitamin D"}},
		{"treatment", "There are several options.\n\nLight Therapy\n\nLight therapy uses bright lamps every morning.",
			[]string{"light therapy"}},
		// The heading is not restated: no point.
		{"causes", "Some things raise the risk.\n\nLow Vitamin D\n\nOlder adults often lack it.", nil},
		// A heading that names nothing.
		{"treatment", "There are several options.\n\nMedicines\n\nMedicines are sold in most shops.", nil},
		// Not a question whose sections are points.
		{"information", "Kestrel syndrome is rare.\n\nLow Vitamin D\n\nLow vitamin D in older adults may weaken the bones.", nil},
	}
	for _, tc := range tests {
		d := Build(tc.qtype, "Kestrel syndrome", nil, []Answer{{Source: "A", Key: "a", Text: tc.text}})
		var got []string
		for _, p := range d.Points {
			got = append(got, p.Label)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q\n got %q\nwant %q", tc.qtype, tc.text, got, tc.want)
		}
	}
}
