package search

import (
	"regexp"
	"strings"
)

// intents map the ways consumers ask onto MedQuAD's question types. Each
// pattern is matched on the lower-cased message with word boundaries.
// They describe phrasing in general ("what can I do about" asks for
// treatment), never particular questions.
var intents = []struct {
	qtype    string
	patterns []string
}{
	{"treatment", []string{`treat\w*`, `cures?`, `cured`, `curing`, `therap\w+`, `what can (i|we|you|he|she) do`, `how (do|can) (i|we|you) (get rid|stop|fix|manage|relieve|deal)`, `get rid of`, `remed\w+`, `relie\w+`, `medications? for`, `medicines? for`, `drugs? for`, `help with`, `manage\w*`, `surgery`, `operation`}},
	{"causes", []string{`caus\w*`, `why (do|does|did|am|is|are|would)`, `reasons?`, `what makes`, `trigger\w*`, `due to`, `where does .* come from`, `mak\w* .{0,20}worse`, `worsen\w*`, `could (that|this|it) be`}},
	{"symptoms", []string{`symptoms?`, `signs?`, `feel like`, `what does .* feel`, `how do (i|you) know if`}},
	{"exams and tests", []string{`diagnos\w*`, `tests? (for|to)`, `testing`, `detect\w*`, `screen\w*`, `blood work`, `check for`}},
	{"inheritance", []string{`inherit\w*`, `hereditary`, `run(s)? in (the |my )?famil\w*`, `pass(ed)? (it )?(on|down)`, `genetic`, `from (my|his|her|their) (mother|father|parents?)`}},
	{"genetic changes", []string{`genes?`, `mutations?`, `chromosom\w+`}},
	{"prevention", []string{`prevent\w*`, `avoid\w*`, `reduce (my |the )?risk`, `protect\w*`, `vaccin\w+`}},
	{"outlook", []string{`prognosis`, `outlook`, `life expectancy`, `surviv\w+`, `go away`, `curable`, `fatal`, `die of`, `how long (will|does|do|can)`, `permanent`, `recover\w*`}},
	{"susceptibility", []string{`who (gets|is at risk|can get)`, `at risk`, `risk factors?`, `more likely`, `chances? of (getting|having)`}},
	{"frequency", []string{`how common`, `how many people`, `prevalen\w+`, `how rare`}},
	{"complications", []string{`complications?`, `lead to`, `long[- ]term effects?`, `damage`}},
	{"side effects", []string{`side[- ]?effects?`, `adverse`, `reactions? to`, `make (me|you|him|her) (feel )?(sick|tired|dizzy)`}},
	{"interactions with medications", []string{`interact\w*`, `take .* (with|and|while) .*`, `together with`, `combin\w+`, `mix\w*`, `same time as`}},
	{"dose", []string{`how much`, `dos(e|es|age|ing)`, `\d+ ?(mg|mcg|ml|milligrams?)`, `how many (pills|tablets|capsules)`}},
	{"usage", []string{`how (do|should|to) (i |you )?(take|use)`, `when (do|should) (i |you )?take`, `how often`}},
	{"contraindication", []string{`should not take`, `shouldn t take`, `safe (to take|for)`, `is it safe`, `can (i|you) take`}},
	{"forget a dose", []string{`miss(ed)? (a )?dose`, `forg[eo]t (to take|a dose)`}},
	{"emergency or overdose", []string{`overdose`, `too (much|many)`, `poison\w*`}},
	{"storage and disposal", []string{`stor(e|age)`, `expir\w+`, `dispos\w+`}},
	{"brand names", []string{`brand names?`, `generic`}},
	{"research", []string{`research`, `clinical trials?`, `studies`, `new treatments?`}},
	{"support groups", []string{`support groups?`}},
	{"stages", []string{`stages?`}},
	{"dietary", []string{`diet`, `eat\w*`, `foods?`, `nutrition`}},
	{"indication", []string{`used for`, `what is .* for`, `use of`}},
	{"information", []string{`what (is|are)`, `information (on|about)`, `tell me about`, `learn about`, `explain`, `mean\w*`}},
}

var intentRes = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(intents))
	for i, in := range intents {
		out[i] = regexp.MustCompile(`\b(` + strings.Join(in.patterns, "|") + `)\b`)
	}
	return out
}()

// questionTypes are the types a message asks for, in the order of the
// intents table; "information" when nothing more specific is asked.
func questionTypes(message string) []string {
	text := " " + strings.Join(words(message), " ") + " "
	var out []string
	for i, re := range intentRes {
		if re.MatchString(text) {
			out = append(out, intents[i].qtype)
		}
	}
	if len(out) > 1 && out[len(out)-1] == "information" {
		out = out[:len(out)-1] // "what is the treatment" asks for treatment
	}
	if len(out) == 0 {
		out = []string{"information"}
	}
	return out
}
