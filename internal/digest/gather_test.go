package digest

import (
	"slices"
	"testing"
)

// A question one source answers gathers causes from the topic's other
// answers, each naming the question it answers; sentences of those
// answers that are not about causes make no point. All sentences are
// written for the test, about a made-up condition.
func TestGather(t *testing.T) {
	own := []Answer{{Source: "A", Key: "a-2", Text: "Kestrel syndrome may be caused by smoking, heart failure, and certain medications."}}
	others := []Answer{
		{Source: "B", Key: "b-1", Question: "what-is-kestrel", QuestionTitle: "What is Kestrel syndrome?",
			Text: "Kestrel syndrome is a condition that causes itching, swelling, and joint pain. " +
				"In some people, smoking can trigger Kestrel syndrome. Treatment includes rest."},
		{Source: "C", Key: "c-1", Question: "what-is-kestrel", QuestionTitle: "What is Kestrel syndrome?",
			Text: "Heart failure and smoking are linked to Kestrel syndrome. Leg cramps cause pain, fatigue, and weakness."},
		{Source: "A", Key: "a-1", Question: "what-is-kestrel", QuestionTitle: "What is Kestrel syndrome?",
			Text: "Smoking is the main risk factor for Kestrel syndrome."},
	}
	d := Gather("causes", "Kestrel syndrome", nil, own, others)
	got := map[string][]Evidence{}
	for _, p := range d.Points {
		got[p.Label] = p.Evidence
	}
	for _, effect := range []string{"itching", "swelling", "joint pain", "pain", "fatigue", "weakness", "rest"} {
		if _, ok := got[effect]; ok {
			t.Errorf("%q is a point of causes: it is an effect or a treatment in its sentence", effect)
		}
	}
	smoking := got["smoking"]
	var srcs []string
	for _, e := range smoking {
		srcs = append(srcs, e.Source)
		switch e.Source {
		case "A":
			if e.Question != "" || e.AnswerKey != "a-2" {
				t.Errorf("A's evidence is %+v, want its own answer's sentence", e)
			}
		default:
			if e.Question != "what-is-kestrel" || e.QuestionTitle != "What is Kestrel syndrome?" {
				t.Errorf("%s's evidence does not name the question it is from: %+v", e.Source, e)
			}
		}
	}
	if !slices.Equal(srcs, []string{"A", "B", "C"}) {
		t.Errorf("smoking: sources %v, want A, B, C; points %v", srcs, d.Points)
	}
	if len(got["heart failure"]) != 2 {
		t.Errorf("heart failure: %v, want A and C", got["heart failure"])
	}
}

// Gathering needs two sources, a question kind that gathers, and
// answers of other questions.
func TestGatherNothing(t *testing.T) {
	own := []Answer{{Source: "A", Key: "a-2", Text: "Kestrel syndrome may be caused by smoking and heart failure."}}
	same := []Answer{{Source: "A", Key: "a-1", Question: "what-is-kestrel", QuestionTitle: "What is Kestrel syndrome?",
		Text: "Smoking can trigger Kestrel syndrome."}}
	other := []Answer{{Source: "B", Key: "b-1", Question: "what-is-kestrel", QuestionTitle: "What is Kestrel syndrome?",
		Text: "Smoking can trigger Kestrel syndrome."}}
	tests := []struct {
		name, qtype string
		others      []Answer
	}{
		{"one source in all", "causes", same},
		{"a kind that does not gather", "outlook", other},
		{"no other answers", "causes", nil},
		{"other answers about something else", "causes", []Answer{{Source: "B", Key: "b-1", Question: "q", QuestionTitle: "Q",
			Text: "Kestrel syndrome is a condition that causes itching, swelling, and joint pain."}}},
	}
	for _, tc := range tests {
		if d := Gather(tc.qtype, "Kestrel syndrome", nil, own, tc.others); len(d.Points) != 0 {
			t.Errorf("%s: %d points, want none: %v", tc.name, len(d.Points), d.Points)
		}
	}
}

// The sentences a gathered answer is read for, by question kind.
func TestGatherUnit(t *testing.T) {
	tests := []struct {
		qtype, sentence string
		want            bool
	}{
		{"causes", "Certain medicines can cause Kestrel syndrome.", true},
		{"causes", "The cause of Kestrel syndrome is unknown.", true},
		{"causes", "In most cases, there is no known cause.", true},
		{"causes", "Kestrel syndrome is a disorder that causes dry skin.", false},
		{"causes", "It can cause dry skin and hair loss.", false},
		{"causes", "Poor sleep can cause tiredness.", false},
		{"causes", "Kestrel syndrome results from a change in one gene.", true},
		{"causes", "The rash is triggered by sunlight.", false},
		{"causes", "Sunlight can trigger the disorder.", true},
		{"causes", "Kestrel syndrome is rare.", false},
		{"symptoms", "Kestrel syndrome is a disorder that causes dry skin.", true},
		{"symptoms", "Common signs are dry skin and hair loss.", true},
		{"symptoms", "Kestrel syndrome is rare.", false},
		{"symptoms", "The signs and symptoms are caused by mutations in the KES1 gene.", false},
		{"treatment", "Creams may relieve the itching.", true},
		{"treatment", "Doctors treat it with creams.", true},
		{"treatment", "Kestrel syndrome is rare.", false},
	}
	for _, tc := range tests {
		b := &builder{qtype: tc.qtype, topic: newTopic("Kestrel syndrome", nil)}
		us := units(0, tc.sentence)
		if len(us) != 1 {
			t.Fatalf("%q: %d units", tc.sentence, len(us))
		}
		if got := b.gatherUnit(us[0]); got != tc.want {
			t.Errorf("%s: gatherUnit(%q) = %v, want %v", tc.qtype, tc.sentence, got, tc.want)
		}
	}
}
