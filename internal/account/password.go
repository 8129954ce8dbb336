package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Time    uint32 // passes over memory
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams meet OWASP's argon2id floor (19 MiB, 2 passes, 1 lane):
// about 30 ms of one core per hash, which bounds what a flood of
// sign-ins can cost (the throttle bounds the rest).
var DefaultParams = Params{Time: 2, Memory: 19 * 1024, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

var b64 = base64.RawStdEncoding

// Hash hashes a password that CheckPassword accepted, with DefaultParams,
// into a PHC string: $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
func Hash(password string) (string, error) { return HashWith(password, DefaultParams) }

// HashWith is Hash with other parameters.
func HashWith(password string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(normalize(password)), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrBadHash: a stored hash is not an argon2id PHC string this package
// can check.
var ErrBadHash = errors.New("not an argon2id PHC string")

// maxParams bound what a stored hash may ask of Verify, so that a
// tampered row cannot make one sign-in take gigabytes or minutes.
var maxParams = Params{Time: 16, Memory: 1 << 20, Threads: 16}

// parse splits a PHC string into its parameters, salt and key.
func parse(phc string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, ErrBadHash
	}
	if p.Time == 0 || p.Memory == 0 || p.Threads == 0 || p.Time > maxParams.Time || p.Memory > maxParams.Memory || p.Threads > maxParams.Threads {
		return p, nil, nil, ErrBadHash
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, ErrBadHash
	}
	return p, salt, key, nil
}

// Verify reports whether password matches the PHC string, comparing in
// constant time. An empty or malformed hash matches nothing, after the
// same work as a real one, so that timing does not tell them apart.
func Verify(password, phc string) bool {
	p, salt, key, err := parse(phc)
	if err != nil {
		p, salt, key, _ = parse(dummyHash())
		verifyKey(password, p, salt, key)
		return false
	}
	return verifyKey(password, p, salt, key)
}

func verifyKey(password string, p Params, salt, key []byte) bool {
	got := argon2.IDKey([]byte(normalize(password)), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// NeedsRehash reports whether a hash was made with other parameters than
// DefaultParams: after a successful sign-in the password is hashed again.
func NeedsRehash(phc string) bool {
	p, _, key, err := parse(phc)
	return err != nil || p != DefaultParams || len(key) != keyLen
}

var dummy = sync.OnceValue(func() string {
	h, err := Hash("an unused password for unknown accounts")
	if err != nil {
		panic(err)
	}
	return h
})

// dummyHash is a real hash of no one's password: signing in as an
// unknown account verifies against it, taking as long as a known one.
func dummyHash() string { return dummy() }

// VerifyDummy does the work of one Verify and returns false: for sign-ins
// of unknown or disabled accounts and accounts without a password.
func VerifyDummy(password string) bool {
	Verify(password, dummyHash())
	return false
}
