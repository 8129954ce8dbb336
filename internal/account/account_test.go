package account

import (
	"errors"
	"strings"
	"testing"
	"time"

	"healthqa/internal/model"
	"healthqa/internal/store"
)

func TestHashRoundTrip(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry the parameters", h)
	}
	tests := []struct {
		password string
		want     bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"Correct horse battery staple", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := Verify(tc.password, h); got != tc.want {
			t.Errorf("Verify(%q) = %v, want %v", tc.password, got, tc.want)
		}
	}
	h2, _ := Hash("correct horse battery staple")
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	if NeedsRehash(h) {
		t.Error("a fresh hash needs rehashing")
	}
}

func TestVerifyNormalizes(t *testing.T) {
	// "é" composed, and "e" with a combining accent: NFKC makes them one.
	h, err := Hash("caf\u00e9 au lait noir")
	if err != nil {
		t.Fatal(err)
	}
	if !Verify("cafe\u0301 au lait noir", h) {
		t.Error("a decomposed é does not verify against the composed one")
	}
}

func TestRehashOnOtherParams(t *testing.T) {
	weak, err := HashWith("some long password", Params{Time: 1, Memory: 8 * 1024, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !Verify("some long password", weak) {
		t.Fatal("hash with other parameters does not verify")
	}
	if !NeedsRehash(weak) {
		t.Error("hash with weaker parameters does not need rehashing")
	}
}

func TestVerifyBadHashes(t *testing.T) {
	for _, h := range []string{
		"",
		"plain",
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", // too much memory
		"$argon2id$v=19$m=19456,t=0,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaGhhc2hoYXNoaGFzaA",
	} {
		if Verify("anything at all", h) {
			t.Errorf("Verify accepted %q", h)
		}
		if !NeedsRehash(h) {
			t.Errorf("NeedsRehash(%q) = false", h)
		}
	}
	if VerifyDummy("anything") {
		t.Error("VerifyDummy returned true")
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		context  []string
		want     error
	}{
		{"short", nil, ErrPasswordShort},
		{"elevenchars", nil, ErrPasswordShort},
		{"twelve chars", nil, nil},
		// Twelve characters, 24 bytes: length is counted in characters.
		{"ééééééééééé", nil, ErrPasswordShort},
		{"éééééééééééé", nil, nil},
		{strings.Repeat("a", 128) + "", nil, nil},
		{strings.Repeat("a", 129), nil, ErrPasswordLong},
		{strings.Repeat("日", 129), nil, ErrPasswordLong},
		{"qwerty123456", nil, ErrPasswordCommon},
		{"QWERTY123456", nil, ErrPasswordCommon},
		{"1qaz2wsx3edc", nil, ErrPasswordCommon},
		{"no composition rules at all", nil, nil},
		{"jane.roe.home@example.org", []string{"jane.roe.home@example.org", "Jane"}, ErrPasswordIsYou},
		{"Jane.Roe.Home", []string{"jane.roe.home@example.org"}, ErrPasswordIsYou},
		{"\xff\xfe invalid utf8", nil, ErrPasswordUTF8},
	}
	for _, tc := range tests {
		if got := CheckPassword(tc.password, tc.context...); !errors.Is(got, tc.want) {
			t.Errorf("CheckPassword(%q) = %v, want %v", tc.password, got, tc.want)
		}
	}
}

func TestCommonList(t *testing.T) {
	if n := CommonPasswordCount(); n < 9900 || n > 10000 {
		t.Errorf("common password list holds %d entries, want about 10,000", n)
	}
	for _, p := range []string{"password", "123456", "qwerty", "letmein"} {
		if !IsCommonPassword(p) {
			t.Errorf("%q is not on the list", p)
		}
	}
	if IsCommonPassword("a long and unusual passphrase") {
		t.Error("an unusual passphrase is on the list")
	}
}

func TestTokens(t *testing.T) {
	a, ha := NewToken(APITokenPrefix)
	b, _ := NewToken(APITokenPrefix)
	if a == b || !strings.HasPrefix(a, "hqa_") || len(a) != 4+43 {
		t.Errorf("tokens %q, %q", a, b)
	}
	if string(HashToken(a)) != string(ha) || len(ha) != 32 {
		t.Error("hash differs from HashToken")
	}
	for s, want := range map[string]bool{a: true, "hqa_short": false, a[4:]: false, "hqa_" + strings.Repeat("*", 43): false} {
		if WellFormed(s, APITokenPrefix) != want {
			t.Errorf("WellFormed(%q) = %v", s, !want)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"  Jane@Example.ORG ", "jane@example.org", true},
		{"jane@localhost", "", false},
		{"Jane <jane@example.org>", "", false},
		{"a@example.org, b@example.org", "", false},
		{"", "", false},
		{strings.Repeat("a", 250) + "@example.org", "", false},
	}
	for _, tc := range tests {
		got, err := NormalizeEmail(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestCleanProfile(t *testing.T) {
	p, err := CleanProfile(model.Person{Name: "  Jane Roe ", Credentials: "MD, FAASM", Bio: "Line one\nline two"})
	if err != nil || p.Name != "Jane Roe" {
		t.Fatalf("CleanProfile = %+v, %v", p, err)
	}
	for _, bad := range []model.Person{
		{Name: ""},
		{Name: strings.Repeat("n", MaxNameRunes+1)},
		{Name: "A\u0000B"},
		{Name: "A\nB"},
		{Name: "ok", Bio: strings.Repeat("b", MaxBioRunes+1)},
	} {
		if _, err := CleanProfile(bad); err == nil {
			t.Errorf("CleanProfile(%q) accepted", bad.Name)
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Jane Roe, MD":          "jane-roe-md",
		"José  Álvarez":         "jose-alvarez",
		"日本":                    "contributor",
		"--A--":                 "a",
		strings.Repeat("x", 80): strings.Repeat("x", 60),
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThrottlePolicy(t *testing.T) {
	lock := DefaultThrottle.AccountRule().Lock
	want := map[int]time.Duration{1: 0, 4: 0, 5: time.Minute, 6: 2 * time.Minute, 7: 4 * time.Minute, 20: time.Hour}
	for n, w := range want {
		if got := lock(n); got != w {
			t.Errorf("account lock after %d failures = %v, want %v", n, got, w)
		}
	}
	if DefaultThrottle.ClientRule().Lock(19) != 0 || DefaultThrottle.ClientRule().Lock(20) != 15*time.Minute {
		t.Error("client limit is not 20")
	}
	now := time.Now()
	if !Locked(store.Throttle{LockedUntil: now.Add(time.Second)}, now) || Locked(store.Throttle{LockedUntil: now}, now) {
		t.Error("Locked")
	}
}

func TestClientKey(t *testing.T) {
	for in, want := range map[string]string{
		"203.0.113.9:5555":           "client:203.0.113.9",
		"[2001:db8:1:2:3:4:5:6]:443": "client:2001:db8:1:2::/64",
		"[::ffff:203.0.113.9]:1":     "client:203.0.113.9",
		"pipe":                       "client:pipe",
	} {
		if got := ClientKey(in); got != want {
			t.Errorf("ClientKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestViewerNil(t *testing.T) {
	var v *Viewer
	if v.Has(model.RoleAdmin) || v.SignedIn() || v.Organization() || v.ActorID() != 0 {
		t.Error("nil viewer has something")
	}
	v = NewViewer(store.User{ID: 3, Roles: []model.Role{model.RoleReviewer}})
	if !v.Has(model.RoleReviewer) || v.Has(model.RoleAdmin) || v.ActorID() != 3 {
		t.Errorf("viewer %+v", v)
	}
}
