package digest

// Treatment cues beyond "treated with", "such as" and "may help": the
// verbs English health writing names a treatment with as their object.
// Each is a construction of the language, tested on sentences written
// for the tests (TestTreatmentCues), not a wording of any answer:
//
//   - "doctors may prescribe antibiotics or steroids" (prescribe, its
//     object a list of treatments; "prescribed by" and "prescribe
//     for" name people and purposes, not treatments);
//   - "people may benefit from physical therapy and speech therapy";
//   - "treatment consists of a low-salt diet and diuretics" (after a
//     treatment word only: "the diet consists of" is no treatment);

// treatmentCueLen returns the length of a treatment cue at i whose
// object is a list of treatments, or 0.
func treatmentCueLen(toks []tok, i int) int {
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1].w
	}
	switch toks[i].w {
	case "prescribe", "prescribes":
		if next != "" && next != "for" && next != "to" && toks[i+1].word() {
			return 1
		}
	case "benefit", "benefits":
		if next == "from" {
			return 2
		}
	case "consists", "consist", "consisted":
		if next == "of" && classCategory(toks, clauseStart(toks, i), i) == catTreatment {
			return 2
		}
	}
	return 0
}

// treatmentObjects reads a treatment cue's object list. Unlike the
// relation cues, the clause's subject may be people ("doctors may
// prescribe"): the verb itself says what its object is.
func (x *extractor) treatmentObjects(u *unit, i, j int) {
	toks := u.toks
	end := region(toks, j)
	for _, m := range conjuncts(toks, j, end) {
		x.add(u, m, kEnum)
	}
}
