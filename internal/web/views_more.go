package web

import (
	"context"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

type topicView struct {
	Topic     store.TopicSummary `json:"topic"`
	Sources   []model.Source     `json:"sources"`
	Questions []topicQuestion    `json:"questions"`
	Related   []topicLink        `json:"related_topics"`
}

type topicQuestion struct {
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Type        string   `json:"type"`
	TypeLabel   string   `json:"type_label"`
	AnswerCount int      `json:"answer_count"`
	Sources     []string `json:"sources"`
	Snippet     string   `json:"snippet"`
}

func (s *Server) topicView(ctx context.Context, slug string) (*topicView, error) {
	t, err := s.store.Topic(ctx, slug)
	if err != nil {
		return nil, err
	}
	qs, err := s.store.TopicQuestions(ctx, slug)
	if err != nil {
		return nil, err
	}
	related, err := s.store.RelatedTopics(ctx, slug, 12)
	if err != nil {
		return nil, err
	}
	srcs, err := s.sources(ctx)
	if err != nil {
		return nil, err
	}
	v := &topicView{Topic: t, Related: topicLinks(related), Sources: []model.Source{}, Questions: []topicQuestion{}}
	for _, key := range t.Sources {
		v.Sources = append(v.Sources, srcs.get(key))
	}
	for _, q := range qs {
		v.Questions = append(v.Questions, topicQuestion{
			Slug: q.Slug, Title: q.Title, Type: q.Type, TypeLabel: typeLabel(q.Type),
			AnswerCount: q.AnswerCount, Sources: q.Sources, Snippet: snippet(q.Lead, 160),
		})
	}
	return v, nil
}

type topicsView struct {
	Letter  string              `json:"letter"` // "" for all
	Page    int                 `json:"page"`
	PerPage int                 `json:"per_page"`
	Pages   int                 `json:"pages"`
	Total   int                 `json:"total"`
	Topics  []topicLink         `json:"topics"`
	Letters []store.LetterCount `json:"letters"`
}

const topicsPerPage = 100

func (s *Server) topicsView(ctx context.Context, letter string, page int) (*topicsView, error) {
	letters, err := s.store.TopicLetters(ctx)
	if err != nil {
		return nil, err
	}
	tp, err := s.store.TopicsByLetter(ctx, letter, (page-1)*topicsPerPage, topicsPerPage)
	if err != nil {
		return nil, err
	}
	return &topicsView{
		Letter: letter, Page: page, PerPage: topicsPerPage,
		Pages: max(1, (tp.Total+topicsPerPage-1)/topicsPerPage), Total: tp.Total,
		Topics: topicLinks(tp.Topics), Letters: letters,
	}, nil
}

type sourceView struct {
	Source store.SourceSummary `json:"source"`
	Topics []store.SourceTopic `json:"topics"`
}

func (s *Server) sourceView(ctx context.Context, key string) (*sourceView, error) {
	sum, topics, err := s.store.SourceTopics(ctx, key)
	if err != nil {
		return nil, err
	}
	return &sourceView{Source: sum, Topics: topics}, nil
}

type searchView struct {
	Query   string         `json:"query"`
	Results []searchResult `json:"results"`
}

type searchResult struct {
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	TopicSlug   string   `json:"topic_slug"`
	AnswerCount int      `json:"answer_count"`
	Sources     []string `json:"sources"`
}

// maxQueryLength bounds title searches and suggestions; maxAskLength a
// question in the reader's own words, which can run to a long message.
const (
	maxQueryLength = 500
	maxAskLength   = 5000
)

func (s *Server) searchView(ctx context.Context, query string) (*searchView, error) {
	v := &searchView{Query: query, Results: []searchResult{}}
	if query == "" {
		return v, nil
	}
	found, err := s.store.SearchQuestions(ctx, query, 50)
	if err != nil {
		return nil, err
	}
	for _, q := range found {
		v.Results = append(v.Results, searchResult{Slug: q.Slug, Title: q.Title, TopicSlug: q.TopicSlug, AnswerCount: q.AnswerCount, Sources: q.Sources})
	}
	return v, nil
}

type homeView struct {
	Stats   store.Stats           `json:"stats"`
	Letters []store.LetterCount   `json:"letters"`
	Sources []store.SourceSummary `json:"sources"`
}

func (s *Server) homeView(ctx context.Context) (*homeView, error) {
	st, err := s.store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	letters, err := s.store.TopicLetters(ctx)
	if err != nil {
		return nil, err
	}
	srcs, err := s.store.SourceSummaries(ctx)
	if err != nil {
		return nil, err
	}
	return &homeView{Stats: st, Letters: letters, Sources: srcs}, nil
}
