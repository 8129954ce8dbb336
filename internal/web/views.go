package web

import (
	"context"
	"html/template"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"

	"healthqa/internal/answertext"
	"healthqa/internal/model"
	"healthqa/internal/store"
)

// The views below are what a page shows and what the JSON API returns:
// one structure for both, so the two never disagree.

type questionView struct {
	Question  model.Question     `json:"question"`
	TypeLabel string             `json:"type_label"`
	Topic     store.TopicSummary `json:"topic"`
	Answers   []answerView       `json:"answers"`
	Continue  []continueItem     `json:"continue_learning"`
	Related   []topicLink        `json:"related_topics"`
	Updated   time.Time          `json:"updated_at"`
	// Digest is shown on the page; the API serves it on its own
	// address.
	Digest *digestView `json:"-"`
}

type answerView struct {
	Anchor string       `json:"anchor"` // id of the answer on the page
	Key    string       `json:"key"`
	DocID  string       `json:"doc_id"`
	Source model.Source `json:"source"`
	// SourceQuestion is the source's own wording, when it says more than
	// the canonical title.
	SourceQuestion string      `json:"source_question,omitempty"`
	HasText        bool        `json:"has_text"`
	Text           string      `json:"text"`
	Blocks         []blockView `json:"blocks"`
	URL            string      `json:"url,omitempty"` // http(s) only, else left out
	SiteName       string      `json:"site_name"`
	UpdatedAt      time.Time   `json:"updated_at"`

	// A contributor answer (issue 9) has an author, the review that
	// published it and its HTML (sanitized when saved); see
	// attribution.go. An imported answer has none of them, only
	// ImportedFrom: it was never reviewed here.
	Author       *personView    `json:"author,omitempty"`
	Review       *medicalReview `json:"review,omitempty"`
	HTML         string         `json:"html,omitempty"`
	DueForReview bool           `json:"due_for_review,omitempty"`
	HistoryURL   string         `json:"history_url,omitempty"`
	ImportedFrom string         `json:"imported_from,omitempty"`
}

// SafeHTML is the contributor answer's stored HTML for the template.
func (v answerView) SafeHTML() template.HTML { return sanitizedHTML(v.HTML) }

type blockView struct {
	Kind  string   `json:"kind"` // paragraph, list or heading
	Text  string   `json:"text,omitempty"`
	Items []string `json:"items,omitempty"`
	// Parts and ItemParts cut Text and Items where a digest marks a
	// sentence; nil when nothing is marked.
	Parts     []textPart   `json:"-"`
	ItemParts [][]textPart `json:"-"`
}

type continueItem struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Type        string `json:"type"`
	Snippet     string `json:"snippet"`
	SnippetFrom string `json:"snippet_source,omitempty"` // source name
	AnswerCount int    `json:"answer_count"`
}

type topicLink struct {
	Slug          string `json:"slug"`
	Name          string `json:"name"`
	QuestionCount int    `json:"question_count"`
}

// sourceIndex maps source keys to sources.
type sourceIndex map[string]model.Source

func (s *Server) sources(ctx context.Context) (sourceIndex, error) {
	list, err := s.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	idx := make(sourceIndex, len(list))
	for _, src := range list {
		idx[src.Key] = src
	}
	return idx, nil
}

func (idx sourceIndex) get(key string) model.Source {
	if src, ok := idx[key]; ok {
		return src
	}
	return model.Source{Key: key, Name: key, ShortName: key}
}

func (s *Server) questionView(ctx context.Context, slug string) (*questionView, error) {
	q, answers, err := s.store.Question(ctx, slug)
	if err != nil {
		return nil, err
	}
	topic, err := s.store.Topic(ctx, q.TopicSlug)
	if err != nil {
		return nil, err
	}
	srcs, err := s.sources(ctx)
	if err != nil {
		return nil, err
	}
	v := &questionView{Question: q, Topic: topic, TypeLabel: typeLabel(q.Type)}
	now := s.now()
	for _, a := range answers {
		av := answerViewOf(a, srcs.get(a.SourceKey), q.Title)
		attribute(&av, a, now, s.opts.StaleAfter)
		if av.Review != nil && !av.DueForReview {
			// The page says "due for review" from then on: a cached
			// copy must not outlive that.
			cacheUntil(ctx, staleFrom(av.Review.At, s.opts.StaleAfter))
		}
		v.Answers = append(v.Answers, av)
		if a.UpdatedAt.After(v.Updated) {
			v.Updated = a.UpdatedAt
		}
	}
	siblings, err := s.store.TopicQuestions(ctx, q.TopicSlug)
	if err != nil {
		return nil, err
	}
	// Answers a reader can read here come first; the ones that only link
	// to their source follow.
	sort.SliceStable(v.Answers, func(i, j int) bool { return v.Answers[i].HasText && !v.Answers[j].HasText })
	v.Continue = continueItems(siblings, q.Slug, srcs)
	related, err := s.store.RelatedTopics(ctx, q.TopicSlug, 8)
	if err != nil {
		return nil, err
	}
	v.Related = topicLinks(related)
	d, err := s.digestOf(ctx, slug)
	if err != nil {
		return nil, err
	}
	attachDigest(v, d, srcs)
	return v, nil
}

func answerViewOf(a model.Answer, src model.Source, title string) answerView {
	v := answerView{
		Anchor:    "answer-" + a.Key,
		Key:       a.Key,
		DocID:     a.DocID,
		Source:    src,
		HasText:   a.HasText(),
		Text:      a.Text,
		Blocks:    []blockView{},
		URL:       webURL(a.SourceURL),
		SiteName:  siteName(a.SourceURL, src),
		UpdatedAt: a.UpdatedAt,
	}
	if wordingDiffers(a.SourceQuestion, title) {
		v.SourceQuestion = a.SourceQuestion
	}
	for _, b := range answertext.Parse(a.Text) {
		v.Blocks = append(v.Blocks, blockViewOf(b))
	}
	return v
}

func blockViewOf(b answertext.Block) blockView {
	switch b.Kind {
	case answertext.List:
		return blockView{Kind: "list", Items: b.Items}
	case answertext.Heading:
		return blockView{Kind: "heading", Text: b.Text}
	default:
		return blockView{Kind: "paragraph", Text: b.Text}
	}
}

func continueItems(siblings []store.QuestionSummary, current string, srcs sourceIndex) []continueItem {
	items := []continueItem{}
	for _, q := range siblings {
		if q.Slug == current {
			continue
		}
		it := continueItem{Slug: q.Slug, Title: q.Title, Type: q.Type, AnswerCount: q.AnswerCount}
		if q.Lead != "" {
			it.Snippet = snippet(q.Lead, 100)
			it.SnippetFrom = srcs.get(q.LeadSource).Name
		}
		items = append(items, it)
	}
	return items
}

// snippet starts at the answer's first paragraph or list: a leading
// heading ("Summary", the question restated) tells the reader nothing.
func snippet(text string, max int) string {
	blocks := answertext.Parse(text)
	for len(blocks) > 1 && blocks[0].Kind == answertext.Heading {
		blocks = blocks[1:]
	}
	var parts []string
	for _, b := range blocks {
		if b.Kind == answertext.List {
			parts = append(parts, b.Items...)
		} else {
			parts = append(parts, b.Text)
		}
	}
	return answertext.Snippet(strings.Join(parts, " "), max)
}

func topicLinks(list []store.TopicSummary) []topicLink {
	out := make([]topicLink, 0, len(list))
	for _, t := range list {
		out = append(out, topicLink{Slug: t.Slug, Name: t.Name, QuestionCount: t.QuestionCount})
	}
	return out
}

func typeLabel(key string) string {
	if qt, ok := model.LookupQuestionType(key); ok {
		return qt.Label
	}
	return key
}

// wordingDiffers tells whether a source's wording of the question says
// something the canonical title does not: "What is (are) Restless Legs
// Syndrome ?" does not, "Is restless legs syndrome inherited?" asked as
// "Is RLS passed down in families?" does. A wording with nothing but the
// dataset's template left ("What is (are)  ?") says nothing.
func wordingDiffers(wording, title string) bool {
	w := questionWords(strings.ReplaceAll(strings.ToLower(wording), "(are)", ""))
	if w == "" || questionWords(strings.TrimPrefix(strings.ToLower(wording), "what is (are)")) == "" {
		return false
	}
	return w != questionWords(strings.ToLower(title))
}

func questionWords(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// siteName names where a link goes, for "Read this answer on …": the
// withheld answers all live on MedlinePlus.
func siteName(raw string, src model.Source) string {
	u, err := url.Parse(raw)
	if err != nil {
		return src.ShortName
	}
	host := strings.TrimPrefix(u.Hostname(), "www.")
	switch {
	case strings.Contains(u.Path, "/medlineplus/") || strings.HasSuffix(host, "medlineplus.gov"):
		return "MedlinePlus"
	case host == "":
		return src.ShortName
	default:
		return host
	}
}
