package corpus

import (
	"sort"
	"strings"

	"healthqa/internal/model"
)

// topicDraft is a merged topic before its slug is given.
type topicDraft struct {
	topic    model.Topic
	sentence string // the name as it reads inside a question
	members  []int  // indexes into foci
	order    string // sorts drafts independently of reading order
}

// draft merges a group of foci into one topic.
func (b *builder) draft(members []int) topicDraft {
	var names, cuis, types, synonyms []string
	var groups, categories []string
	for _, fi := range members {
		f := b.foci[fi]
		d := b.docs[f.doc]
		names = append(names, f.name)
		cuis = append(cuis, d.CUIs...)
		types = append(types, d.SemanticTypes...)
		synonyms = append(synonyms, d.Synonyms...)
		groups = append(groups, d.SemanticGroup)
		categories = append(categories, d.Category)
	}
	sentence := chooseName(names)
	t := model.Topic{
		Name:          capitalizeFirst(sentence),
		CUIs:          sortedUnique(cuis),
		SemanticTypes: sortedUnique(types),
		SemanticGroup: mostCommon(groups),
		Category:      category(mostCommon(categories)),
		Foci:          sortedUnique(names),
	}
	t.Synonyms = otherNames(t.Name, append(names, synonyms...))
	return topicDraft{
		topic:    t,
		sentence: sentence,
		members:  members,
		order:    normalize(t.Name) + "\x00" + b.docs[b.foci[members[0]].doc].Path,
	}
}

// chooseName picks the spelling most sources use, damaged spellings
// losing to intact ones, and of that the form with the fewest capitals
// ("restless legs syndrome" over "Restless Legs Syndrome"), which reads
// naturally inside a sentence.
func chooseName(names []string) string {
	votes := map[string]int{}
	for _, n := range names {
		votes[normalize(n)]++
	}
	keys := make([]string, 0, len(votes))
	for k := range votes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, intact := range keys {
			if votes[intact] > 0 && vowelDamaged(k, intact) {
				votes[intact] += votes[k]
				delete(votes, k)
				break
			}
		}
	}
	best := ""
	for k, v := range votes {
		if best == "" || v > votes[best] || v == votes[best] && betterKey(k, best) {
			best = k
		}
	}
	var forms []string
	for _, n := range names {
		if normalize(n) == best {
			forms = append(forms, n)
		}
	}
	sort.Slice(forms, func(i, j int) bool {
		ui, uj := uppercaseCount(forms[i]), uppercaseCount(forms[j])
		if ui != uj {
			return ui < uj
		}
		return forms[i] < forms[j]
	})
	return forms[0]
}

// betterKey breaks a tie in votes: the longer name (an intact spelling
// is longer than its damaged twin, a full name than its short form),
// then alphabetical order for determinism.
func betterKey(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a < b
}

// otherNames lists the "also called" names: every other name and
// synonym, one spelling of each, those most sources give first. Left out:
// the name itself without its generic head ("Restless Legs") or with
// letters lost ("Mnire disease"), and
// catalogue entries with qualifiers ("Restless legs syndrome,
// susceptibility to, 1").
func otherNames(name string, all []string) []string {
	self := normalize(name)
	votes := map[string]int{}
	spelling := map[string]string{}
	for _, n := range all {
		n = collapseSpace(n)
		k := normalize(n)
		if k == "" || k == self || k == bare(self) || vowelDamaged(k, self) || strings.Count(n, ",") > 1 {
			continue
		}
		if _, ok := spelling[k]; !ok {
			spelling[k] = n
		}
		votes[k]++
	}
	out := make([]string, 0, len(votes))
	for k := range votes {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if votes[out[i]] != votes[out[j]] {
			return votes[out[i]] > votes[out[j]]
		}
		return strings.ToLower(spelling[out[i]]) < strings.ToLower(spelling[out[j]])
	})
	for i, k := range out {
		out[i] = spelling[k]
	}
	return out
}

func mostCommon(list []string) string {
	count := map[string]int{}
	best := ""
	for _, s := range list {
		if s == "" {
			continue
		}
		count[s]++
		if best == "" || count[s] > count[best] || count[s] == count[best] && s < best {
			best = s
		}
	}
	return best
}

// category defaults to Disease: MedQuAD sets it only in the MedlinePlus
// collections, and says that all the others are about diseases.
func category(s string) model.Category {
	switch strings.ToLower(s) {
	case "drug":
		return model.CategoryDrug
	case "other":
		return model.CategoryOther
	default:
		return model.CategoryDisease
	}
}
