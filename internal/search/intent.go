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
	{"causes", []string{`caus\w*`, `why (do|does|did|am|is|are|would)`, `is (that|this|it) why`, `was (that|this|it) why`, `how come`, `reasons?`, `what makes`, `trigger\w*`, `due to`, `where does .* come from`, `mak\w* .{0,20}worse`, `worsen\w*`, `could (that|this|it) be`}},
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

// intentAlts are the intents' patterns split into their alternatives,
// each with the literal text every match of it starts with. Where the
// text lacks that literal the alternative cannot match and its
// expression is not run: Go's regexp has no DFA, and running every
// intent's whole alternation over a long message was the costliest part
// of understanding it. A pattern matches exactly when one of its
// alternatives does (TestIntentAltsMatchAsPatterns).
var intentAlts = func() [][]intentAlt {
	out := make([][]intentAlt, len(intents))
	for i, in := range intents {
		for _, p := range in.patterns {
			prefix, _ := regexp.MustCompile(p).LiteralPrefix()
			out[i] = append(out[i], intentAlt{prefix: prefix, re: regexp.MustCompile(`\b(` + p + `)\b`)})
		}
	}
	return out
}()

type intentAlt struct {
	prefix string
	re     *regexp.Regexp
}

// intentMatches says which intents match text.
func intentMatches(text string) []bool {
	text = " " + strings.Join(words(text), " ") + " "
	out := make([]bool, len(intentAlts))
	for i, alts := range intentAlts {
		for _, a := range alts {
			if strings.Contains(text, a.prefix) && a.re.MatchString(text) {
				out[i] = true
				break
			}
		}
	}
	return out
}
