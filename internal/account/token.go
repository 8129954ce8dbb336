package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// Token prefixes say what a token is when one turns up in a log or a
// repository, and let secret scanners find API tokens.
const (
	APITokenPrefix = "hqa_"
)

// NewToken returns 32 random bytes as base64url (43 characters) with
// prefix in front, and the SHA-256 the store keeps instead.
func NewToken(prefix string) (token string, hash []byte) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the SHA-256 of a token: what sessions, invitations and
// API tokens are looked up by. A fast hash is enough for 256 random
// bits, unlike for passwords.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// WellFormed reports whether s looks like a token NewToken made with
// prefix, so that garbage is refused before any database look-up.
func WellFormed(s, prefix string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}
