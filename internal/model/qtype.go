package model

import "strings"

// QuestionType is one of MedQuAD's 39 kinds of question, with the plain
// English question that a page of that kind answers.
type QuestionType struct {
	Key      string `json:"key"`      // MedQuAD's qtype, e.g. "exams and tests"
	Label    string `json:"label"`    // short heading, e.g. "Diagnosis"
	Template string `json:"template"` // "How is {topic} diagnosed?"
}

// Title fills the template with a topic name written as it reads inside
// a sentence.
func (t QuestionType) Title(topic string) string {
	return strings.Replace(t.Template, "{topic}", topic, 1)
}

// QuestionTypes lists every type in the order a topic page shows them:
// the overview first, then the questions readers ask most.
var QuestionTypes = []QuestionType{
	{"information", "Overview", "What is {topic}?"},
	{"causes", "Causes", "What causes {topic}?"},
	{"susceptibility", "Who is at risk", "Who is at risk for {topic}?"},
	{"symptoms", "Symptoms", "What are the symptoms of {topic}?"},
	{"exams and tests", "Diagnosis", "How is {topic} diagnosed?"},
	{"treatment", "Treatment", "What are the treatments for {topic}?"},
	{"outlook", "Outlook", "What is the outlook for {topic}?"},
	{"complications", "Complications", "What are the complications of {topic}?"},
	{"prevention", "Prevention", "How can {topic} be prevented?"},
	{"when to contact a medical professional", "When to see a doctor", "When should I see a doctor about {topic}?"},
	{"frequency", "How common", "How common is {topic}?"},
	{"inheritance", "Inheritance", "Is {topic} inherited?"},
	{"genetic changes", "Genetic changes", "What are the genetic changes related to {topic}?"},
	{"stages", "Stages", "What are the stages of {topic}?"},
	{"dietary", "Diet", "What should I know about diet and {topic}?"},
	{"considerations", "Considerations", "What else should I consider about {topic}?"},
	{"research", "Research", "What research is being done on {topic}?"},
	{"support groups", "Support", "Where can I find support for {topic}?"},
	{"how can i learn more", "Learn more", "How can I learn more about {topic}?"},
	{"indication", "Uses", "What is {topic} used for?"},
	{"usage", "How to use", "How should {topic} be used?"},
	{"dose", "Dose", "What is the usual dose of {topic}?"},
	{"how does it work", "How it works", "How does {topic} work?"},
	{"how effective is it", "Effectiveness", "How effective is {topic}?"},
	{"important warning", "Important warning", "What is the most important warning about {topic}?"},
	{"precautions", "Precautions", "What precautions should I take with {topic}?"},
	{"contraindication", "Who should not take it", "Who should not take {topic}?"},
	{"side effects", "Side effects", "What are the side effects of {topic}?"},
	{"severe reaction", "Severe reactions", "What are the signs of a severe reaction to {topic}?"},
	{"interactions with medications", "Drug interactions", "Does {topic} interact with other medicines?"},
	{"interactions with herbs and supplements", "Herb and supplement interactions", "Does {topic} interact with herbs and supplements?"},
	{"interactions with foods", "Food interactions", "Does {topic} interact with foods?"},
	{"forget a dose", "Missed dose", "What should I do if I forget a dose of {topic}?"},
	{"emergency or overdose", "Emergency or overdose", "What should I do in an emergency or overdose of {topic}?"},
	{"storage and disposal", "Storage and disposal", "How should I store and dispose of {topic}?"},
	{"brand names", "Brand names", "What are the brand names of {topic}?"},
	{"brand names of combination products", "Combination products", "What are the brand names of combination products with {topic}?"},
	{"why get vaccinated", "Why get vaccinated", "Why get vaccinated against {topic}?"},
	{"other information", "Other information", "What else should I know about {topic}?"},
}

var qtypeIndex = func() map[string]int {
	m := make(map[string]int, len(QuestionTypes))
	for i, t := range QuestionTypes {
		m[t.Key] = i
	}
	return m
}()

// LookupQuestionType finds a type by its MedQuAD key, ignoring case and
// surrounding space.
func LookupQuestionType(key string) (QuestionType, bool) {
	i, ok := qtypeIndex[strings.ToLower(strings.TrimSpace(key))]
	if !ok {
		return QuestionType{}, false
	}
	return QuestionTypes[i], true
}

// QuestionTypeOrder gives a type's place in QuestionTypes, for sorting;
// unknown types sort last.
func QuestionTypeOrder(key string) int {
	if i, ok := qtypeIndex[key]; ok {
		return i
	}
	return len(QuestionTypes)
}
