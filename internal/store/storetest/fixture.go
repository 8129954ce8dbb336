package storetest

import (
	"fmt"
	"strings"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

// dataset is the name the suite syncs its fixtures under.
const dataset = "medquad"

// Whole seconds, so that a backend storing microseconds (PostgreSQL) is
// as exact as one storing nanoseconds.
var (
	t0 = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
	t2 = t0.Add(2 * time.Hour)
)

// fixture is a small content built so that each read has something to
// get wrong: rows are listed out of the order reads must return them in,
// two answers share a doc id, one answer has no text, two questions have
// answers from two sources, and one question has an unknown type.
func fixture() store.Content {
	return store.Content{
		Sources: []model.Source{
			{Key: "NINDS", Name: "National Institute of Neurological Disorders and Stroke", ShortName: "NINDS",
				HomeURL: "https://www.ninds.nih.gov/", Description: "Brain research.", Kind: model.KindGovernment},
			{Key: "CDC", Name: "Centers for Disease Control and Prevention", ShortName: "CDC",
				HomeURL: "https://www.cdc.gov/", Description: "Public health.", Kind: model.KindGovernment},
			{Key: "GARD", Name: "Genetic and Rare Diseases Information Center", ShortName: "GARD",
				HomeURL: "https://rarediseases.info.nih.gov/", Description: "Rare diseases.", Kind: model.KindGovernment},
		},
		Topics: []model.Topic{
			{Slug: "restless-legs-syndrome", Name: "Restless legs syndrome", CUIs: []string{"C0035258"},
				SemanticTypes: []string{"T047"}, SemanticGroup: "Disorders", Category: model.CategoryDisease,
				Synonyms: []string{"Willis-Ekbom disease", "RLS"}, Foci: []string{"Restless Legs Syndrome"}},
			{Slug: "asthma", Name: "Asthma", CUIs: []string{"C0004096"}, SemanticTypes: []string{"T047"},
				SemanticGroup: "Disorders", Category: model.CategoryDisease,
				Synonyms: []string{"Bronchial asthma"}, Foci: []string{"Asthma", "asthma"}},
			{Slug: "aspirin", Name: "Aspirin", SemanticGroup: "Chemicals & Drugs", Category: model.CategoryDrug,
				Foci: []string{"Aspirin"}}, // nil CUIs, SemanticTypes, Synonyms
		},
		Questions: []model.Question{
			{Slug: "rls-zz-custom", TopicSlug: "restless-legs-syndrome", Type: "made up", Title: "Is RLS made up?"},
			{Slug: "rls-causes", TopicSlug: "restless-legs-syndrome", Type: "causes", Title: "What causes RLS?"},
			{Slug: "rls-information", TopicSlug: "restless-legs-syndrome", Type: "information", Title: "What is RLS?"},
			{Slug: "rls-a-causes", TopicSlug: "restless-legs-syndrome", Type: "causes", Title: "What else causes RLS?"},
			{Slug: "asthma-treatment", TopicSlug: "asthma", Type: "treatment", Title: "How is asthma treated?"},
			{Slug: "asthma-information", TopicSlug: "asthma", Type: "information", Title: "What is asthma?"},
			{Slug: "aspirin-side-effects", TopicSlug: "aspirin", Type: "side effects", Title: "Side effects of aspirin?"},
		},
		Answers: []model.Answer{
			answer("GARD_0001", "GARD_0001", "asthma-information", "GARD", "Asthma is a disease of the airways."),
			answer("NINDS_0002", "NINDS_0002", "asthma-information", "NINDS", ""), // withheld
			answer("CDC_0003", "CDC_0003", "asthma-treatment", "CDC", "Inhalers."),
			answer("GARD_0004", "GARD_0004", "aspirin-side-effects", "GARD", "Stomach upset."),
			answer("NINDS_0005", "NINDS_0005", "rls-information", "NINDS", "RLS is an urge to move the legs."),
			answer("GARD_0008", "GARD_0008", "rls-information", "GARD", "A sleep disorder."),
			answer("GARD_0000", "GARD_0000", "rls-information", "GARD", "A movement disorder."),
			answer("NINDS_0006", "NINDS_0006", "rls-causes", "NINDS", "Often unknown."),
			answer("NINDS_0006@b", "NINDS_0006", "rls-a-causes", "NINDS", "Iron deficiency."), // shares a doc id
			answer("CDC_0007", "CDC_0007", "rls-zz-custom", "CDC", "No."),
		},
	}
}

func answer(key, docID, question, source, text string) model.Answer {
	return model.Answer{
		Key:            key,
		DocID:          docID,
		QuestionSlug:   question,
		SourceKey:      source,
		SourceURL:      "https://example.org/" + strings.ToLower(docID),
		SourceQuestion: "Q for " + key,
		Text:           text,
		Dataset:        dataset,
		Origin:         source + "/" + docID + ".xml",
	}
}

// digestFixture is fixture with a digest for each of its two questions
// with answers from two sources, listed out of slug order. Each point
// has a supporting sentence from each of its sources, quoted from the
// answer, and the points are in no order a backend could restore.
func digestFixture() store.Content {
	c := fixture()
	ev := func(source, key, sentence string) model.DigestEvidence {
		return model.DigestEvidence{Source: source, AnswerKey: key, Sentence: sentence}
	}
	c.Digests = []model.Digest{
		{QuestionSlug: "rls-information", Points: []model.DigestPoint{
			{Label: "sleep disorder", Sources: []string{"GARD"}, Voices: 1,
				Evidence: []model.DigestEvidence{ev("GARD", "GARD_0008", "A sleep disorder.")}},
			{Label: "movement", Sources: []string{"GARD", "NINDS"}, Voices: 2, Evidence: []model.DigestEvidence{
				ev("GARD", "GARD_0000", "A movement disorder."),
				ev("NINDS", "NINDS_0005", "RLS is an urge to move the legs."),
			}},
			// GARD repeats NINDS's sentence: one voice.
			{Label: "urge to move", Sources: []string{"GARD", "NINDS"}, Voices: 1, Evidence: []model.DigestEvidence{
				{Source: "GARD", AnswerKey: "GARD_0000", Sentence: "RLS is an urge to move the legs.", Repeats: "NINDS"},
				ev("NINDS", "NINDS_0005", "RLS is an urge to move the legs."),
			}},
		}},
		{QuestionSlug: "asthma-information", Points: []model.DigestPoint{
			{Label: "airways", Sources: []string{"GARD"}, Voices: 1,
				Evidence: []model.DigestEvidence{ev("GARD", "GARD_0001", "Asthma is a disease of the airways.")}},
		}},
	}
	return c
}

// clone copies c deeply enough that a test may change any row of the
// copy, or any point of a digest, without touching the original.
func clone(c store.Content) store.Content {
	return store.Content{
		Sources:   append([]model.Source{}, c.Sources...),
		Topics:    append([]model.Topic{}, c.Topics...),
		Questions: append([]model.Question{}, c.Questions...),
		Answers:   append([]model.Answer{}, c.Answers...),
		Digests:   cloneDigests(c.Digests),
		// Abbreviations holds values: a copy of the slice is a deep copy.
		Abbreviations: append([]model.Abbreviation(nil), c.Abbreviations...),
	}
}

func cloneDigests(digests []model.Digest) []model.Digest {
	out := make([]model.Digest, len(digests))
	for i, d := range digests {
		out[i] = model.Digest{QuestionSlug: d.QuestionSlug, Points: make([]model.DigestPoint, len(d.Points))}
		for j, p := range d.Points {
			out[i].Points[j] = model.DigestPoint{
				Label:    p.Label,
				Sources:  append([]string{}, p.Sources...),
				Voices:   p.Voices,
				Evidence: append([]model.DigestEvidence{}, p.Evidence...),
			}
		}
	}
	return out
}

// without returns c minus the answers with the given keys.
func without(c store.Content, keys ...string) store.Content {
	c = clone(c)
	var kept []model.Answer
	for _, a := range c.Answers {
		drop := false
		for _, k := range keys {
			drop = drop || a.Key == k
		}
		if !drop {
			kept = append(kept, a)
		}
	}
	c.Answers = kept
	return c
}

// GenerateContent makes a synthetic content of the given size, with
// answer texts of about textSize bytes, for benchmarks and tests that
// need volume. Questions are spread evenly over topics and answers over
// questions; sources are model.Sources. Topic names start with every
// letter, a digit and an accented letter in turn. Topics share concepts
// as MedQuAD's do: each has one of its own, one shared by ten
// consecutive topics (MaxConceptTopics, so still related), one shared by
// four, and every third carries the broad C0012634 ("Disease"). The same
// arguments give the same content.
func GenerateContent(topics, questions, answers, textSize int) store.Content {
	c := store.Content{
		Sources:   append([]model.Source{}, model.Sources...),
		Topics:    make([]model.Topic, topics),
		Questions: make([]model.Question, questions),
		Answers:   make([]model.Answer, answers),
	}
	for i := range c.Topics {
		name := fmt.Sprintf("%s %d", generatedNames[i%len(generatedNames)], i)
		cuis := []string{fmt.Sprintf("C%07d", i), fmt.Sprintf("C8%06d", i/store.MaxConceptTopics), fmt.Sprintf("C9%06d", i/4)}
		if i%3 == 0 {
			cuis = append(cuis, "C0012634")
		}
		c.Topics[i] = model.Topic{
			Slug: fmt.Sprintf("condition-%d", i), Name: name,
			CUIs: cuis, SemanticTypes: []string{"T047"},
			SemanticGroup: "Disorders", Category: model.CategoryDisease,
			Synonyms: []string{name + " syndrome", "Morbus " + name}, Foci: []string{name},
		}
	}
	for i := range c.Questions {
		t := c.Topics[i%topics]
		qt := model.QuestionTypes[(i/topics)%len(model.QuestionTypes)]
		c.Questions[i] = model.Question{
			Slug: fmt.Sprintf("%s-q%d", t.Slug, i), TopicSlug: t.Slug, Type: qt.Key, Title: qt.Title(t.Name),
		}
	}
	filler := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", textSize/56+1)
	for i := range c.Answers {
		q := c.Questions[i%questions]
		src := model.Sources[i%len(model.Sources)].Key
		docID := fmt.Sprintf("%s_%07d", src, i)
		text := fmt.Sprintf("Answer %d about %s. ", i, q.Title)
		text += filler[:max(0, textSize-len(text))]
		c.Answers[i] = answer(docID, docID, q.Slug, src, text)
	}
	return c
}

// generatedNames start GenerateContent's topic names.
var generatedNames = []string{
	"Acne", "Bursitis", "Cataract", "Dermatitis", "Eczema", "Fever", "Gout",
	"Hepatitis", "Insomnia", "Jaundice", "Keratitis", "Lupus", "Migraine",
	"Neuropathy", "Otitis", "Psoriasis", "Q fever", "Rickets", "Scoliosis",
	"Tendinitis", "Uveitis", "Vertigo", "Whooping cough", "Xerosis", "Yaws",
	"Zoster", "5q minus syndrome", "Ödem",
}
