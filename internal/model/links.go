package model

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sourceDomains are the sites each source publishes on: a link to a
// source's page is expected under one of them (a subdomain counts). The
// lists hold the hosts MedQuAD's own links use (www.nlm.nih.gov for the
// MedlinePlus collections, ghr.nlm.nih.gov, nihseniorhealth.gov) and the
// sites those pages moved to.
var sourceDomains = map[string][]string{
	"CancerGov":             {"cancer.gov"},
	"GARD":                  {"rarediseases.info.nih.gov"},
	"GHR":                   {"ghr.nlm.nih.gov", "medlineplus.gov"},
	"MPlusHealthTopics":     {"nlm.nih.gov", "medlineplus.gov"},
	"NIDDK":                 {"niddk.nih.gov"},
	"NINDS":                 {"ninds.nih.gov"},
	"NIHSeniorHealth":       {"nihseniorhealth.gov", "nia.nih.gov"},
	"NHLBI":                 {"nhlbi.nih.gov"},
	"CDC":                   {"cdc.gov"},
	"ADAM":                  {"nlm.nih.gov", "medlineplus.gov"},
	"MPlusDrugs":            {"nlm.nih.gov", "medlineplus.gov"},
	"MPlusHerbsSupplements": {"nlm.nih.gov", "medlineplus.gov"},
}

// KnownHost reports whether host is one of the source's domains or a
// subdomain of one. A source the model does not know has no domains.
func KnownHost(sourceKey, host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, d := range sourceDomains[sourceKey] {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// CheckLink is the rule for a link to a source's page, the one place it
// is written: an absolute http or https URL with a host, no user name
// or password, no white space, control or invisible formatting
// character (bidi overrides among them), and a host in plain ASCII, so
// that no look-alike letter hides where it leads. Letters such as the ö
// of one NIDDK page's path are allowed. A link that breaks the rule is
// never shown or served.
func CheckLink(raw string) (*url.URL, error) {
	for _, r := range raw {
		if r <= ' ' || (r >= 0x7F && r <= 0x9F) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return nil, fmt.Errorf("character %U is not allowed in a link", r)
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("not a URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		if u.Scheme == "" {
			return nil, errors.New("not an absolute http or https URL")
		}
		return nil, fmt.Errorf("scheme %q is not http or https", u.Scheme)
	case u.User != nil:
		return nil, errors.New("holds a user name or password")
	case u.Hostname() == "":
		return nil, errors.New("has no host")
	}
	for _, r := range u.Hostname() {
		if r > '~' {
			return nil, fmt.Errorf("character %U is not allowed in a link's host", r)
		}
	}
	return u, nil
}
