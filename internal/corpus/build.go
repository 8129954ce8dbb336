// Package corpus turns MedQuAD documents into healthqa's content: it
// merges the foci that several sources name differently into one topic,
// makes one canonical question per topic and question type, and hangs
// every source's answer on it.
package corpus

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"healthqa/internal/medquad"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// Dataset names the content an import of MedQuAD owns in the store.
const Dataset = "medquad"

// Report says what Build made of the documents.
type Report struct {
	Documents       int      `json:"documents"`
	Pairs           int      `json:"pairs"`
	Entries         int      `json:"entries"` // distinct "<source>_<qid>"
	AnswersWithText int      `json:"answers_with_text"`
	Foci            int      `json:"foci"`
	Topics          int      `json:"topics"`
	MergedTopics    int      `json:"merged_topics"` // topics made from more than one focus
	MergedFoci      int      `json:"merged_foci"`   // the foci in those topics
	Questions       int      `json:"questions"`
	Sources         int      `json:"sources"`
	Skipped         []string `json:"skipped_pairs,omitempty"` // pairs left out, with the reason
	Notes           []string `json:"notes,omitempty"`         // repairs made, for the record
	// Warnings are links dropped from their entries, each with its file.
	Warnings []string `json:"warnings,omitempty"`
	// ForeignURLs are links kept that lead off their source's domains.
	ForeignURLs ForeignURLs `json:"foreign_urls"`
}

// ForeignURLs counts the links outside their source's known domains and
// shows the first few.
type ForeignURLs struct {
	Count    int      `json:"count"`
	Examples []string `json:"examples,omitempty"` // "<file>: <url> (<source>)"
}

// maxExamples is how many foreign links a report shows.
const maxExamples = 5

// Build makes the store content of the given documents. It is
// deterministic: the same documents give the same slugs, so re-importing
// changes nothing.
func Build(docs []*medquad.Document) (store.Content, Report) {
	b := builder{docs: docs, report: Report{Documents: len(docs)}}
	b.checkLinks()
	b.collectFoci()
	groups := newMerger(b.foci).groups()
	b.makeTopics(groups)
	b.makeQuestionsAndAnswers()
	b.dropUnasked()
	b.addSources()
	b.report.Topics = len(b.content.Topics)
	b.report.Questions = len(b.content.Questions)
	b.report.Sources = len(b.content.Sources)
	return b.content, b.report
}

type builder struct {
	docs      []*medquad.Document
	links     []string // per document: its URL if it passed the check, else ""
	foci      []focus
	topicOf   []int    // per document: index into content.Topics
	sentence  []string // per topic: its name as written inside a sentence
	members   []int    // per topic: how many foci it gathers
	content   store.Content
	report    Report
	topicSlug map[string]bool
}

func (b *builder) collectFoci() {
	for i, d := range b.docs {
		name := d.Focus
		if name == "" {
			name = nameFromURL(b.links[i])
			b.report.Notes = append(b.report.Notes,
				fmt.Sprintf("%s: no focus; named %q after its URL", d.Path, name))
		}
		b.foci = append(b.foci, focus{
			doc: i, source: d.Source, name: collapseSpace(name),
			cuis: d.CUIs, synonyms: d.Synonyms, category: string(category(d.Category)),
		})
	}
	b.report.Foci = len(b.foci)
}

// nameFromURL names a document that has no focus after the last segment
// of its page address, the only label the dataset gives it.
func nameFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "Untitled"
	}
	seg := strings.TrimSuffix(path.Base(strings.TrimRight(u.Path, "/")), path.Ext(u.Path))
	words := strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' })
	for i, w := range words {
		if len(w) <= 4 {
			words[i] = strings.ToUpper(w)
		} else {
			words[i] = capitalizeFirst(w)
		}
	}
	if len(words) == 0 {
		return "Untitled"
	}
	return strings.Join(words, " ")
}

func (b *builder) makeTopics(groups [][]int) {
	b.topicOf = make([]int, len(b.docs))
	b.topicSlug = map[string]bool{}
	// Slugs are handed out in name order so that they do not depend on
	// the order files were read in.
	topics := make([]topicDraft, len(groups))
	for i, g := range groups {
		topics[i] = b.draft(g)
	}
	sort.SliceStable(topics, func(i, j int) bool { return topics[i].order < topics[j].order })
	for _, t := range topics {
		t.topic.Slug = b.uniqueSlug(slugify(t.topic.Name))
		idx := len(b.content.Topics)
		b.content.Topics = append(b.content.Topics, t.topic)
		b.sentence = append(b.sentence, t.sentence)
		b.members = append(b.members, len(t.members))
		for _, fi := range t.members {
			b.topicOf[b.foci[fi].doc] = idx
		}
	}
}

func (b *builder) uniqueSlug(base string) string {
	if base == "" {
		base = "topic"
	}
	slug := base
	for n := 2; b.topicSlug[slug]; n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	b.topicSlug[slug] = true
	return slug
}

// makeQuestionsAndAnswers groups pairs by topic and type: several
// sources' answers to one topic and type are one question.
func (b *builder) makeQuestionsAndAnswers() {
	questions := map[string]int{} // topic index + type → question index
	qslugs := map[string]bool{}
	entries := map[string]bool{}
	answerKeys := map[string]bool{}
	for di, d := range b.docs {
		ti := b.topicOf[di]
		for _, p := range d.Pairs {
			b.report.Pairs++
			qt, ok := model.LookupQuestionType(p.QType)
			if !ok {
				b.report.Skipped = append(b.report.Skipped, fmt.Sprintf("%s %s: unknown question type %q", d.Path, p.QID, p.QType))
				continue
			}
			if p.Problem != "" {
				b.report.Skipped = append(b.report.Skipped, fmt.Sprintf("%s %s: %s", d.Path, p.QID, p.Problem))
				continue
			}
			a := answerOf(d, p, b.links[di])
			if answerKeys[a.Key] {
				b.report.Skipped = append(b.report.Skipped, fmt.Sprintf("%s %s: answer %s appears twice", d.Path, p.QID, a.Key))
				continue
			}
			answerKeys[a.Key] = true
			qkey := fmt.Sprintf("%d\x00%s", ti, qt.Key)
			qi, ok := questions[qkey]
			if !ok {
				qi = len(b.content.Questions)
				questions[qkey] = qi
				b.content.Questions = append(b.content.Questions, b.question(ti, qt, qslugs))
			}
			a.QuestionSlug = b.content.Questions[qi].Slug
			b.content.Answers = append(b.content.Answers, a)
			entries[a.DocID] = true
			if a.HasText() {
				b.report.AnswersWithText++
			}
		}
	}
	b.report.Entries = len(entries)
}

// dropUnasked removes topics of documents that hold no questions: a
// topic page with nothing on it helps no one.
func (b *builder) dropUnasked() {
	asked := map[string]bool{}
	for _, q := range b.content.Questions {
		asked[q.TopicSlug] = true
	}
	kept := b.content.Topics[:0]
	for i, t := range b.content.Topics {
		if !asked[t.Slug] {
			continue
		}
		kept = append(kept, t)
		// Merges are counted on the topics kept, so the summary's
		// figures describe the pages that exist.
		if b.members[i] > 1 {
			b.report.MergedTopics++
			b.report.MergedFoci += b.members[i]
		}
	}
	b.content.Topics = kept
}

func (b *builder) question(ti int, qt model.QuestionType, taken map[string]bool) model.Question {
	t := b.content.Topics[ti]
	title := qt.Title(b.sentence[ti])
	base := slugify(title)
	slug := base
	for n := 2; taken[slug]; n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	taken[slug] = true
	return model.Question{Slug: slug, TopicSlug: t.Slug, Type: qt.Key, Title: title}
}

func answerOf(d *medquad.Document, p medquad.Pair, link string) model.Answer {
	docID := d.DocID(p)
	key := docID
	stem := strings.TrimSuffix(path.Base(d.Path), path.Ext(d.Path))
	if prefix, _, ok := strings.Cut(p.QID, "-"); !ok || prefix != stem {
		// The dataset reuses a question id in another file (CancerGov's
		// sub-pages); the file keeps both answers.
		key = docID + "@" + stem
	}
	return model.Answer{
		Key:            key,
		DocID:          docID,
		SourceKey:      d.Source,
		SourceURL:      link,
		SourceQuestion: collapseSpace(p.Question),
		Text:           p.Answer,
		Dataset:        Dataset,
		Origin:         d.Path,
	}
}

// addSources lists the sources the documents name; a source the model
// does not know is kept under its key so no answer loses its origin.
func (b *builder) addSources() {
	seen := map[string]bool{}
	for _, d := range b.docs {
		seen[d.Source] = true
	}
	for _, s := range model.Sources {
		if seen[s.Key] {
			b.content.Sources = append(b.content.Sources, s)
			delete(seen, s.Key)
		}
	}
	var unknown []string
	for k := range seen {
		unknown = append(unknown, k)
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		b.content.Sources = append(b.content.Sources, model.Source{Key: k, Name: k, ShortName: k})
		b.report.Notes = append(b.report.Notes, fmt.Sprintf("unknown source %q kept under its key", k))
	}
}
