package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"healthqa/internal/search"
	"healthqa/internal/store"
)

// HL7 Infobutton, URL-based (issue 12, docs/CONCEPTS.md): the knowledge
// request parameters MedlinePlus Connect uses, answered with our topic
// and question pages as an Atom feed (RFC 4287, the default) or JSON.
// Codes are answered in the order given: mainSearchCriteria.v.c first,
// then .v.c0 … .v.c9 (implementations number from 0 or from 1), each
// with its own .v.csN and .v.dnN (or the unnumbered ones). Everything is
// bounded: at most six codes in one request, and each parameter's length.

// Code systems, by HL7 OID.
const (
	oidUMLS     = "2.16.840.1.113883.6.86"
	oidICD10CM  = "2.16.840.1.113883.6.90"
	oidICD9CM   = "2.16.840.1.113883.6.103"
	oidSNOMEDCT = "2.16.840.1.113883.6.96"
	oidRxNorm   = "2.16.840.1.113883.6.88"
	oidLOINC    = "2.16.840.1.113883.6.1"
	oidNDC      = "2.16.840.1.113883.6.69"
)

// codeSystemNames are the systems we can name but not map to topics.
var codeSystemNames = map[string]string{
	oidUMLS: "UMLS", oidICD10CM: "ICD-10-CM", oidICD9CM: "ICD-9-CM", oidSNOMEDCT: "SNOMED CT",
	oidRxNorm: "RxNorm", oidLOINC: "LOINC", oidNDC: "NDC",
}

// Infobutton parameter names and bounds.
const (
	ibPrefix        = "mainSearchCriteria.v."
	ibRecipient     = "informationRecipient"
	ibLanguage      = "informationRecipient.languageCode.c"
	ibResponseType  = "knowledgeResponseType"
	ibNumbered      = 10 // .c0 … .c9, after the unnumbered code
	ibMaxCodes      = 6  // codes (or display names) answered in one request
	ibMaxCode       = 32
	ibMaxSystem     = 64
	ibMaxName       = 200
	ibTopicsPerCode = 10
	ibAskResults    = 5
)

// Result statuses, per requested code (documented in docs/CONCEPTS.md).
const (
	ibMatched     = "matched"      // topics carry the UMLS concept
	ibByName      = "display-name" // no code matched; found by the display name
	ibNoMatch     = "no-match"     // a UMLS CUI no topic carries, and no display name found anything
	ibUnsupported = "unsupported"  // a code system healthqa cannot map
	ibInvalid     = "invalid"      // a malformed code or a missing code system
)

// infobuttonParams lists every parameter the route reads, for the cache
// key: anything else cannot change the response.
func infobuttonParams() []string {
	names := []string{ibRecipient, ibLanguage, ibResponseType}
	for _, suffix := range ibSuffixes() {
		names = append(names, ibPrefix+"c"+suffix, ibPrefix+"cs"+suffix, ibPrefix+"dn"+suffix)
	}
	return names
}

func ibSuffixes() []string {
	s := []string{""}
	for i := range ibNumbered {
		s = append(s, strconv.Itoa(i))
	}
	return s
}

type ibRequest struct {
	Code        string `json:"code,omitempty"`
	CodeSystem  string `json:"code_system,omitempty"`
	SystemName  string `json:"code_system_name,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
}

type ibResult struct {
	ibRequest
	Status string    `json:"status"`
	Reason string    `json:"reason"`
	Topics []ibTopic `json:"topics"`
}

type ibTopic struct {
	Slug      string       `json:"slug"`
	Name      string       `json:"name"`
	URL       string       `json:"url"`
	Sources   []string     `json:"sources"`
	Questions []ibQuestion `json:"questions"`
}

type ibQuestion struct {
	Slug    string   `json:"slug"`
	Title   string   `json:"title"`
	URL     string   `json:"url"`
	Sources []string `json:"sources,omitempty"`
}

// ibResponse is the knowledge response, in either format.
type ibResponse struct {
	Title     string     `json:"title"`
	ID        string     `json:"id"`
	Updated   time.Time  `json:"updated"`
	Recipient string     `json:"information_recipient"`
	Language  string     `json:"language"`
	Note      string     `json:"note,omitempty"`
	Results   []ibResult `json:"results"`
}

// ibParam reads one parameter, bounded and checked as UTF-8.
func ibParam(q url.Values, name string, limit int) (string, error) {
	v := strings.TrimSpace(q.Get(name))
	if len(v) > limit {
		return "", fmt.Errorf("%s is longer than %d bytes", name, limit)
	}
	if !utf8.ValidString(v) {
		return "", fmt.Errorf("%s is not valid UTF-8", name)
	}
	return v, nil
}

// ibRequests reads the requested codes in order; an unnumbered code
// system or display name applies to numbered codes that lack their own.
func ibRequests(q url.Values) ([]ibRequest, error) {
	var out []ibRequest
	var def ibRequest
	for i, suffix := range ibSuffixes() {
		var r ibRequest
		var err error
		if r.Code, err = ibParam(q, ibPrefix+"c"+suffix, ibMaxCode); err != nil {
			return nil, err
		}
		if r.CodeSystem, err = ibParam(q, ibPrefix+"cs"+suffix, ibMaxSystem); err != nil {
			return nil, err
		}
		if r.DisplayName, err = ibParam(q, ibPrefix+"dn"+suffix, ibMaxName); err != nil {
			return nil, err
		}
		if i == 0 {
			def = r
		} else if r.CodeSystem == "" && r.Code != "" {
			r.CodeSystem = def.CodeSystem
		}
		if r.Code == "" && r.DisplayName == "" {
			continue
		}
		r.SystemName = codeSystemNames[r.CodeSystem]
		out = append(out, r)
	}
	return out, nil
}

// infobutton answers a knowledge request.
func (s *Server) infobutton(r *http.Request, ix *search.Index) (*rendered, error) {
	q := r.URL.Query()
	format, err := ibFormat(q.Get(ibResponseType))
	if err != nil {
		return ibProblem(err), nil
	}
	resp := ibResponse{Recipient: "PAT", Language: "en", Results: []ibResult{}}
	if v := strings.ToUpper(strings.TrimSpace(q.Get(ibRecipient))); v != "" {
		if v != "PAT" && v != "PROV" {
			return ibProblem(errors.New(ibRecipient + " is PAT (patient) or PROV (provider)")), nil
		}
		resp.Recipient = v
	}
	if v, err := ibParam(q, ibLanguage, 8); err != nil {
		return ibProblem(err), nil
	} else if v != "" {
		resp.Language = strings.ToLower(v)
	}
	if resp.Language != "en" {
		resp.Note = "healthqa's answers are in English only; the language asked for is echoed, and the answers are English"
	}
	reqs, err := ibRequests(q)
	if err != nil {
		return ibProblem(err), nil
	}
	if len(reqs) > ibMaxCodes {
		return ibProblem(fmt.Errorf("at most %d codes in one request; this one has %d", ibMaxCodes, len(reqs))), nil
	}
	if len(reqs) == 0 {
		return ibProblem(errors.New("name a code (" + ibPrefix + "c with " + ibPrefix + "cs) or a display name (" + ibPrefix + "dn)")), nil
	}
	for _, req := range reqs {
		res, err := s.ibAnswer(r, ix, req)
		if err != nil {
			return nil, err
		}
		resp.Results = append(resp.Results, res)
	}
	version, err := s.ver.get(r.Context())
	if err != nil {
		return nil, err
	}
	// The version is the clock in microseconds at the last content
	// change (store.Version), which is what "updated" means here.
	resp.Updated = time.UnixMicro(version).UTC().Truncate(time.Second)
	resp.ID = s.baseURL(r) + "/infobutton?" + canonicalQuery(r)
	resp.Title = ibTitle(resp.Results)
	if format == "json" {
		return jsonRendered(map[string]any{"knowledge_response": resp})
	}
	body, err := atomFeed(s.baseURL(r), resp)
	if err != nil {
		return nil, err
	}
	return newRendered(http.StatusOK, "application/atom+xml; charset=utf-8", body, 0), nil
}

// ibFormat maps knowledgeResponseType to "atom" or "json". MedlinePlus
// Connect's default is text/xml, its Atom feed; so is ours.
func ibFormat(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "text/xml", "application/atom+xml", "application/xml":
		return "atom", nil
	case "application/json":
		return "json", nil
	}
	return "", fmt.Errorf("%s is text/xml (Atom, the default), application/atom+xml or application/json", ibResponseType)
}

// ibProblem is a malformed request's answer: 400, problem JSON, never
// cached (its status is not 200).
func ibProblem(err error) *rendered {
	b, _ := json.Marshal(map[string]any{"type": "about:blank", "title": "bad request", "status": http.StatusBadRequest,
		"detail": err.Error(), "instance": "/infobutton"})
	return newRendered(http.StatusBadRequest, "application/problem+json", b, 0)
}

func ibTitle(results []ibResult) string {
	for _, r := range results {
		if len(r.Topics) > 0 {
			return "healthqa: " + r.Topics[0].Name
		}
	}
	return "healthqa: no matching topic"
}

// ibAnswer answers one requested code: by UMLS concept, else by the
// display name through question understanding (the ask engine).
func (s *Server) ibAnswer(r *http.Request, ix *search.Index, req ibRequest) (ibResult, error) {
	res := ibResult{ibRequest: req, Topics: []ibTopic{}}
	switch {
	case req.Code == "":
		res.Status, res.Reason = ibNoMatch, "no code given"
	case req.CodeSystem == "":
		res.Status, res.Reason = ibInvalid, "a code needs its code system ("+ibPrefix+"cs), such as "+oidUMLS+" for UMLS"
	case req.CodeSystem != oidUMLS:
		name := req.SystemName
		if name == "" {
			name = "the code system " + req.CodeSystem
		}
		res.Status, res.Reason = ibUnsupported, "healthqa cannot map "+name+" codes to its topics; send a UMLS concept ("+oidUMLS+") or a display name"
	case !validCUI(req.Code):
		res.Status, res.Reason = ibInvalid, "a UMLS concept identifier is C followed by seven digits, such as C0035258"
	default:
		p, err := s.conceptPage(r.Context(), req.Code)
		switch {
		case errors.Is(err, store.ErrNotFound):
			res.Status, res.Reason = ibNoMatch, "no topic carries the concept "+req.Code
		case err != nil:
			return res, err
		default:
			res.Status, res.Reason = ibMatched, plural(p.TopicCount, "topic carries", "topics carry")+" the concept"
			if p.Generic {
				res.Reason += "; it is a broad class, so the topics are related rather than one"
			}
			res.Topics = s.ibTopics(r, p, ibTopicsPerCode)
			return res, nil
		}
	}
	if req.DisplayName != "" && ix != nil {
		if topics := s.ibByName(r, ix, req.DisplayName); len(topics) > 0 {
			res.Reason += "; found by the display name instead"
			res.Status, res.Topics = ibByName, topics
		}
	}
	return res, nil
}

func (s *Server) ibTopics(r *http.Request, p store.ConceptPage, limit int) []ibTopic {
	base := s.baseURL(r)
	var out []ibTopic
	for _, t := range p.Topics {
		if len(out) == limit {
			break
		}
		it := ibTopic{Slug: t.Slug, Name: t.Name, URL: base + "/topics/" + t.Slug, Sources: t.Sources, Questions: []ibQuestion{}}
		for _, q := range t.Questions {
			it.Questions = append(it.Questions, ibQuestion{Slug: q.Slug, Title: q.Title, URL: base + "/q/" + q.Slug, Sources: q.Sources})
		}
		out = append(out, it)
	}
	return out
}

// ibByName asks the engine the display name and groups the questions it
// finds by topic, best first.
func (s *Server) ibByName(r *http.Request, ix *search.Index, name string) []ibTopic {
	v := askViewOf(r.Context(), ix, name)
	base := s.baseURL(r)
	var out []ibTopic
	at := map[string]int{}
	for _, res := range v.Results {
		if len(out) == ibAskResults {
			break
		}
		i, ok := at[res.TopicSlug]
		if !ok {
			i = len(out)
			at[res.TopicSlug] = i
			out = append(out, ibTopic{Slug: res.TopicSlug, Name: res.Topic, URL: base + "/topics/" + res.TopicSlug, Sources: []string{}, Questions: []ibQuestion{}})
		}
		out[i].Questions = append(out[i].Questions, ibQuestion{Slug: res.QuestionSlug, Title: res.Title, URL: base + "/q/" + res.QuestionSlug})
	}
	return out
}
