package account

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"healthqa/internal/model"
)

// Field bounds, in characters. Every field a contributor controls is
// bounded, so that no page grows without limit from one account.
const (
	MaxEmailBytes     = 254 // RFC 5321's path limit
	MaxNameRunes      = 100
	MaxShortRunes     = 120 // credentials, specialty
	MaxAffilRunes     = 200
	MaxBioRunes       = 2000
	MaxTokenNameRunes = 80
)

// NormalizeEmail trims and lower-cases an address and checks that it is
// one plain address (no display name, no list). Addresses are compared
// lower-cased everywhere: most providers ignore case, and two accounts
// differing only in it would confuse people.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > MaxEmailBytes {
		return "", errors.New("enter an email address of at most 254 characters")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || !strings.Contains(s[strings.IndexByte(s, '@')+1:], ".") {
		return "", errors.New("enter one email address, such as name@example.org")
	}
	return s, nil
}

// CleanProfile trims the fields of p and checks their bounds; the name
// is required. Control characters are refused: they have no place in a
// name and can disguise one.
func CleanProfile(p model.Person) (model.Person, error) {
	fields := []struct {
		label string
		v     *string
		max   int
	}{
		{"name", &p.Name, MaxNameRunes},
		{"credentials", &p.Credentials, MaxShortRunes},
		{"specialty", &p.Specialty, MaxShortRunes},
		{"affiliation", &p.Affiliation, MaxAffilRunes},
		{"bio", &p.Bio, MaxBioRunes},
	}
	for _, f := range fields {
		*f.v = strings.TrimSpace(*f.v)
		if err := checkText(f.label, *f.v, f.max, f.label == "bio"); err != nil {
			return p, err
		}
	}
	if p.Name == "" {
		return p, errors.New("enter a name")
	}
	return p, nil
}

// CheckText bounds one line of text (or several, with newlines).
func checkText(label, v string, max int, multiline bool) error {
	if !utf8.ValidString(v) {
		return fmt.Errorf("the %s is not valid text", label)
	}
	if utf8.RuneCountInString(v) > max {
		return fmt.Errorf("the %s must be at most %d characters long", label, max)
	}
	for _, r := range v {
		if unicode.IsControl(r) && !(multiline && (r == '\n' || r == '\r' || r == '\t')) {
			return fmt.Errorf("the %s contains a control character", label)
		}
	}
	return nil
}

// CheckLine bounds a single-line field such as a token's name.
func CheckLine(label, v string, max int) error { return checkText(label, v, max, false) }

// Slug makes a profile address from a name: ASCII letters and digits in
// lower case, runs of anything else as one hyphen, at most 60 bytes;
// "contributor" when nothing is left. The store adds "-2"… when taken.
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		if unicode.Is(unicode.Mn, r) {
			continue // the accent of a decomposed "é"
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	if b.Len() == 0 {
		return "contributor"
	}
	return b.String()
}
