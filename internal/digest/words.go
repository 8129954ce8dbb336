package digest

// Word classes: closed-class English words and general classes of health
// writing. They were written while reading answers (dev ones included);
// entries that served one dev phrase were taken out, see
// docs/DIGEST-RULES.md.

// The heads that end a condition's name, in one place because three rules
// read them, each as stems; the search and corpus packages keep their own
// lists for other jobs (see search's genericHeads).
var (
	// conditionHeads make a phrase name a condition: "periodic limb
	// movement disorder" is another thing than "movement".
	conditionHeads = set(stem("disorder"), stem("syndrome"), stem("disease"))
	// topicNameHeads may be left off a topic's name without changing
	// what it names: "Crohn disease" is "Crohn's", "restless legs
	// syndrome" is "restless legs". "deficiency" is written unstemmed
	// and so never matches (its stem is "defici"); stemming it changes
	// digests, which wants a measured change of its own.
	topicNameHeads = set(stem("disease"), stem("syndrome"), stem("disorder"), stem("condition"), "deficiency", stem("tumor"))
	// genericHeadStems name no particular condition: "kidney problems",
	// "liver disease", "heart conditions".
	genericHeadStems = set(stem("problems"), stem("disease"), stem("disorders"), stem("conditions"),
		stem("issues"), stem("complications"), stem("abnormalities"))
)

// stopWords never count in a key. They differ from search's stopWords
// (internal/search/analyze.go) on purpose: a point's key must keep "no",
// "not" and "more" ("no cure" is a point), and drops the verbs answers
// wrap their points in ("include", "taking", "used"), where search drops
// the filler and apostrophe-less contractions of readers' messages.
var stopWords = set("a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
	"nor", "as", "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "it's", "this", "that",
	"these", "those", "which", "who", "whom", "whose", "what", "when", "where", "how", "why", "than", "then",
	"there", "their", "theirs", "they", "them", "he", "him", "his", "she", "her", "hers", "you", "your",
	"yours", "yourself", "we", "our", "ours", "i", "me", "my", "us", "into", "onto", "about", "under",
	"after", "before", "during", "between", "through", "up", "out", "off", "each", "own", "same", "too",
	"only", "just", "even", "well", "however", "although", "though", "because", "while", "whether",
	"until", "unless", "since", "upon", "within", "per", "via", "like", "such", "can", "could", "may",
	"might", "will", "would", "should", "must", "do", "does", "did", "has", "have", "had", "having",
	"doing", "done", "include", "includes", "including", "included", "called", "known", "also", "so",
	"if", "but", "either", "neither", "whereas", "thus", "therefore", "etc", "e.g", "i.e", "using",
	"taking", "getting", "following", "follow", "used", "take", "get", "maintain", "maintaining",
	"keep", "keeping", "try", "make", "making", "receive", "receiving", "participating", "participate")

// negations are kept in keys, as "not": "no medication" is never
// "medication".
var negations = set("no", "not", "without", "never", "none", "cannot", "can't", "don't", "doesn't", "isn't", "aren't")

// genericMods are quantifiers, hedges and vague adjectives: they are
// trimmed from the start of labels and never count in a key ("certain
// stimulants" is "stimulants").
var genericMods = set("certain", "some", "other", "others", "many", "most", "several", "various", "different",
	"additional", "common", "commonly", "standard", "specific", "particular", "usual", "typical", "possible",
	"potential", "main", "major", "important", "general", "overall", "any", "all", "both", "nearly", "almost",
	"often", "sometimes", "usually", "generally", "especially", "particularly", "mainly", "primarily",
	"typically", "frequently", "rarely", "occasionally", "mostly", "possibly", "probably", "very", "more",
	"less", "much", "further", "existing", "available", "effective", "good", "best", "new", "numerous",
	"few", "one", "two", "three", "four", "five", "six", "first", "second", "various", "plus", "also",
	"even", "always", "still", "currently", "now", "then", "again", "just", "only", "likely", "unlikely",
	"greater", "such", "wide", "broad", "same", "similar", "related", "associated", "following",
	"above", "below", "later", "early", "sometime", "actually", "really", "there", "here", "too", "already")

// genericNouns are umbrella words: a phrase made of nothing else ("other
// medications", "chronic conditions", "these factors") is no point.
var genericNouns = set("medication", "medications", "medicine", "medicines", "drug", "drugs", "treatment",
	"treatments", "therapy", "therapies", "condition", "conditions", "disease", "diseases", "disorder",
	"disorders", "illness", "illnesses", "problem", "problems", "factor", "factors", "symptom", "symptoms",
	"sign", "signs", "complication", "complications", "feature", "features", "cause", "causes", "issue",
	"issues", "thing", "things", "option", "options", "measure", "measures", "type", "types", "form", "forms",
	"kind", "kinds", "way", "ways", "method", "methods", "approach", "approaches", "substance", "substances",
	"product", "products", "activity", "activities", "effect", "effects", "people", "person", "persons",
	"patient", "patients", "individual", "individuals", "case", "cases", "area", "areas", "part", "parts",
	"level", "levels", "amount", "amounts", "number", "numbers", "health", "care", "management", "risk",
	"risks", "chance", "chances", "body", "doctor", "doctors", "provider", "providers", "researcher",
	"researchers", "study", "studies", "research", "information", "group", "groups", "list", "lot", "lots",
	"result", "results", "agent", "agents", "class", "classes", "variety", "range", "example", "examples",
	"addition", "time", "times", "day", "days", "year", "years", "child", "children", "adult", "adults",
	"man", "men", "woman", "women", "family", "families", "someone", "anyone", "everyone", "lifestyle",
	"change", "changes", "action", "actions", "step", "steps", "tip", "tips", "guideline", "guidelines",
	"procedure", "procedures", "intervention", "interventions", "approach", "plan", "plans", "program",
	"programs", "service", "services", "support", "specialist", "specialists", "team", "setting", "way",
	"reason", "reasons", "question", "questions", "answer", "answers", "detail", "details", "item", "items",
	"syndrome", "syndromes", "development", "onset", "progression", "resolution", "occurrence", "appearance")

// classAdjectives do not make a class specific: "chronic diseases such as
// diabetes" names its members, "stimulant medications such as
// methylphenidate" is itself a point.
var classAdjectives = set("chronic", "medical", "health", "underlying", "associated", "related", "serious", "rare",
	"severe", "prescription", "high-risk", "other", "certain", "common", "some", "many", "various", "several",
	"additional", "known", "possible", "different", "specific", "following", "these", "such", "acute",
	"long-term", "short-term", "mild", "minor", "major", "main", "important", "risk", "high", "over-the-counter",
	"counter", "nonprescription", "lifestyle", "too", "supportive", "accompanying", "symptomatic", "characteristic", "new", "more", "most", "all", "any", "both", "nearly")

// polarityVerbs change what their object means ("avoid alcohol"): they stay
// in labels and keys.
var polarityVerbs = set("avoid", "avoiding", "avoids", "avoided", "eliminate", "eliminating", "limit",
	"limiting", "reduce", "reducing", "stop", "stopping", "quit", "quitting", "lower", "lowering",
	"decrease", "decreasing", "increase", "increasing", "cut", "cutting", "prevent", "preventing",
	"restrict", "restricting", "minimize", "minimizing")

// lightVerbs carry no meaning of their own before their object ("using
// certain stimulants", "having kidney problems", "maintain a regular
// sleep schedule"): they are trimmed from labels' starts and dropped from
// keys.
var lightVerbs = set("using", "use", "having", "have", "taking", "take", "getting", "get", "maintaining",
	"maintain", "keeping", "keep", "following", "follow", "making", "make", "doing", "do", "trying", "try",
	"receiving", "receive", "participating", "practicing", "practice", "allow", "allowing", "seeing")

// imperatives start a recommendation ("Avoid large meals before bedtime.",
// "Follow a regular sleep schedule.").
var imperatives = set("avoid", "eliminate", "limit", "reduce", "stop", "quit", "lower", "cut", "prevent",
	"restrict", "minimize", "follow", "keep", "maintain", "get", "take", "eat", "drink", "exercise", "wear",
	"use", "choose", "try", "increase", "protect", "stay", "lose", "manage", "control", "practice", "check",
	"join", "learn", "rest", "elevate", "apply", "schedule", "sleep", "do")

// Categories of the head of a list's introduction, to keep lists that
// answer another question out of a digest ("side effects such as fever"
// in a treatment answer).
const (
	catNone = iota
	catSymptom
	catSideEffect
	catTreatment
	catCause
	catTest
	catComplication
	catAnatomy
	catPerson
)

var headCategory = map[string]int{
	"symptom": catSymptom, "sign": catSymptom, "featur": catSymptom, "manifest": catSymptom, "complaint": catSymptom,
	"side": catSideEffect, "reaction": catSideEffect, "advers": catSideEffect, "effect": catSideEffect,
	"treatment": catTreatment, "therapi": catTreatment, "intervent": catTreatment, "remedi": catTreatment,
	"option": catTreatment, "surgeri": catTreatment, "cure": catTreatment,
	"caus": catCause, "factor": catCause, "trigger": catCause,
	"test": catTest, "exam": catTest, "examin": catTest, "diagnosi": catTest,
	"complic": catComplication, "problem": catComplication,
	"organ": catAnatomy, "tissu": catAnatomy, "structur": catAnatomy, "region": catAnatomy, "part": catAnatomy,
	"site": catAnatomy, "caviti": catAnatomy,
	"specialist": catPerson, "provid": catPerson, "doctor": catPerson, "physician": catPerson, "expert": catPerson,
	"team": catPerson, "professional": catPerson,
}

// excluded reports whether a list whose introduction is of category c
// answers a question other than qtype.
func excluded(qtype string, c int) bool {
	switch c {
	case catNone:
		return false
	case catSideEffect:
		return qtype != "side effects"
	case catAnatomy, catPerson:
		// "vital organs such as the liver and heart", "nearby structures
		// (such as the bladder)", "the following specialists:".
		return true
	}
	switch qtype {
	case "treatment", "prevention", "management":
		return c != catTreatment
	case "symptoms":
		return c == catTreatment || c == catCause || c == catTest
	case "causes", "susceptibility", "risk factors":
		return c != catCause
	case "exams and tests":
		return c != catTest
	case "complications":
		return c == catTreatment || c == catTest
	}
	return false
}

// boundaryWords end a noun phrase: verbs, modals, conjunctions that open a
// clause, relative pronouns.
var boundaryWords = set("is", "are", "was", "were", "be", "been", "can", "could", "may", "might", "will", "would",
	"should", "must", "do", "does", "did", "has", "had", "which", "that", "who", "whom", "whose", "where",
	"when", "while", "because", "although", "though", "if", "unless", "until", "whereas", "but", "so",
	"since", "thereby", "however", "appear", "appears", "seem", "seems", "tend", "tends", "isn't", "aren't",
	"don't", "doesn't", "can't", "won't", "than", "whether", "once", "where", "whereby", "therefore")

// purposeVerbs after "to" end a list: "... or zinc in order to prevent".
var purposeVerbs = set("help", "treat", "reduce", "prevent", "improve", "control", "relieve", "manage", "ease",
	"ensure", "lower", "slow", "stop", "keep", "make", "address", "remove", "avoid", "promote", "support",
	"provide", "increase", "decrease", "restore", "replace", "correct", "protect", "determine", "find",
	"confirm", "rule", "check", "look", "see", "diagnose", "identify", "measure", "detect", "be", "become")

// adverbs that may stand between an auxiliary and its verb, or open a
// conjunct ("and sometimes surgery").
var adverbs = set("also", "often", "sometimes", "usually", "generally", "typically", "commonly", "frequently",
	"occasionally", "rarely", "especially", "particularly", "primarily", "mainly", "mostly", "initially",
	"eventually", "then", "still", "currently", "now", "always", "never", "only", "even", "too", "further",
	"additionally", "likely", "possibly", "probably", "successfully", "safely", "temporarily", "not")

// determiners open noun phrases and are trimmed from labels.
var determiners = set("a", "an", "the", "this", "that", "these", "those", "their", "your", "its", "his", "her",
	"our", "my", "some", "any", "each", "every", "such", "no")

// bodyParts name places of the body. A list of them after a preposition
// is where something happens ("pain in the back, shoulders, arms or
// legs"), and a body part alone is no point.
var bodyParts = set("head", "neck", "back", "shoulder", "shoulders", "arm", "arms", "leg", "legs", "hand", "hands",
	"foot", "feet", "finger", "fingers", "toe", "toes", "joint", "joints", "eye", "eyes", "ear", "ears", "nose",
	"mouth", "skin", "chest", "abdomen", "belly", "stomach", "face", "lip", "lips", "tongue", "knee", "knees", "hip",
	"hips", "elbow", "elbows", "wrist", "wrists", "ankle", "ankles", "spine", "pelvis", "skull", "rib", "ribs",
	"bone", "bones", "muscle", "muscles", "liver", "kidney", "kidneys", "heart", "lung", "lungs", "brain", "bladder",
	"throat", "gums", "teeth", "scalp", "thigh", "thighs", "buttocks", "groin", "genitals", "vagina", "penis",
	"breast", "breasts", "trunk", "limbs", "limb", "body", "organs", "organ", "tissue", "tissues", "spleen",
	"intestine", "intestines", "colon", "rectum", "anus", "esophagus", "pancreas", "thyroid", "nerves")

// adjectiveLike reports words that read as adjectives, for the coordination
// "X or Y Z" where X modifies Z ("physical and occupational therapy").
func adjectiveLike(w string) bool {
	if len(w) < 4 {
		return false
	}
	for _, suf := range []string{"al", "ic", "ous", "ive", "ary", "ed", "ble", "ical", "ful", "less", "ile", "ar"} {
		if len(w) > len(suf)+2 && w[len(w)-len(suf):] == suf {
			return true
		}
	}
	return false
}

// distributiveHeads are heads that several modifiers share in "kidney or
// liver problems", "cold and allergy medications", "alcohol and drug use".
var distributiveHeads = set("problem", "problems", "disease", "diseases", "disorder", "disorders", "failure",
	"damage", "infection", "infections", "medication", "medications", "medicine", "medicines", "drug",
	"drugs", "therapy", "therapies", "treatment", "treatments", "use", "abuse", "loss", "test", "tests",
	"symptom", "symptoms", "change", "changes", "defect", "defects", "abnormalities", "abnormality",
	"deficiency", "deficiencies", "level", "levels", "cancer", "cancers", "injury", "injuries", "pain",
	"surgery", "stones", "counseling", "training", "exercises", "supplements", "transplant", "transplants",
	"conditions", "issues", "function", "tumors", "tumor", "ulcers", "bleeding")

// Word classes as bits, cached with each word (see info) so that tokens
// answer class questions without map lookups.
const (
	cStopWords uint32 = 1 << iota
	cBoundaryWords
	cRelPronoun
	cFiniteVerb
	cAdverbs
	cDeterminers
	cGenericMods
	cGenericNouns
	cClassAdjectives
	cPolarityVerbs
	cLightVerbs
	cNegations
	cPreps
	cClauseVerbs
	cPurposeVerbs
	cTypeWords
	cQuantityWords
	cDistributiveHeads
	cImperatives
	cTreatPredicates
	cPronoun
	cConnectives
)

// classSets are the sets behind the class bits.
var classSets = []struct {
	bit uint32
	set map[string]bool
}{
	{cStopWords, stopWords},
	{cBoundaryWords, boundaryWords},
	{cRelPronoun, relPronoun},
	{cFiniteVerb, finiteVerb},
	{cAdverbs, adverbs},
	{cDeterminers, determiners},
	{cGenericMods, genericMods},
	{cGenericNouns, genericNouns},
	{cClassAdjectives, classAdjectives},
	{cPolarityVerbs, polarityVerbs},
	{cLightVerbs, lightVerbs},
	{cNegations, negations},
	{cPreps, preps},
	{cClauseVerbs, clauseVerbs},
	{cPurposeVerbs, purposeVerbs},
	{cTypeWords, typeWords},
	{cQuantityWords, quantityWords},
	{cDistributiveHeads, distributiveHeads},
	{cImperatives, imperatives},
	{cTreatPredicates, treatPredicates},
	{cPronoun, pronoun},
	{cConnectives, connectives},
}

// classesOf returns a lower-case word's class bits.
func classesOf(w string) uint32 {
	var b uint32
	for _, c := range classSets {
		if c.set[w] {
			b |= c.bit
		}
	}
	return b
}
