package eval

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"healthqa/internal/devdata"
)

func TestLoadDictionary(t *testing.T) {
	d := testDictionary(t)
	if got := d.Files; len(got) != 2 || got[0] != "en_US.dic" || got[1] != "en_med_glut.dic" {
		t.Errorf("Files = %v", got)
	}
	tests := []struct {
		word          string
		has, ordinary bool
	}{
		{"feeling", true, true},
		{"feelings", true, true},     // SFX S, [^y]
		{"worries", true, true},      // SFX S, y → ies after a consonant
		{"worried", false, false},    // the test rules have no y → ied
		{"worryed", true, true},      // what they do make of it
		{"crawled", true, true},      // SFX D, [^e]
		{"nights", true, true},       // SFX M, the apostrophe dropped
		{"unhappy", true, true},      // PFX U
		{"x", true, true},            // x-ray, split at the hyphen
		{"rays", true, true},         // x-rays
		{"dna", true, false},         // only ever written DNA
		{"holter", true, false},      // the medical list only
		{"hypokalemic", true, false}, // the medical list only
		{"header", false, false},     // the medical list's indented header is no word
		{"crawly", false, false},
	}
	for _, tt := range tests {
		if got := d.Has(tt.word); got != tt.has {
			t.Errorf("Has(%q) = %v, want %v", tt.word, got, tt.has)
		}
		if got := d.Ordinary(tt.word); got != tt.ordinary {
			t.Errorf("Ordinary(%q) = %v, want %v", tt.word, got, tt.ordinary)
		}
	}
	var none *Dictionary
	if none.Has("feeling") || none.Ordinary("feeling") || none.Len() != 0 {
		t.Error("a nil Dictionary has words")
	}
}

func TestLoadDictionaryMissing(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadDictionary(dir); !errors.Is(err, ErrNoDictionary) {
		t.Errorf("empty folder: err = %v, want ErrNoDictionary", err)
	}
	aff, _ := os.ReadFile("testdata/hunspell/en_US.aff")
	if err := os.WriteFile(filepath.Join(dir, "en_US.aff"), aff, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDictionary(dir); !errors.Is(err, ErrNoDictionary) {
		t.Errorf("affixes without en_US.dic: err = %v, want ErrNoDictionary", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "en_US.dic"), []byte("1\ncough/S\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDictionary(dir)
	if err != nil || !d.Has("coughs") || len(d.Files) != 1 {
		t.Errorf("without the medical list: %v, %v", d, err)
	}
}

func TestLoadDictionaryBadAffix(t *testing.T) {
	for name, aff := range map[string]string{
		"unclosed class": "SFX S Y 1\nSFX S 0 s [^y\n",
		"long flag":      "SFX SS Y 1\nSFX SS 0 s .\n",
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "en_US.aff"), []byte(aff), 0o644)
		os.WriteFile(filepath.Join(dir, "en_US.dic"), []byte("1\ncough/S\n"), 0o644)
		if _, err := LoadDictionary(dir); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// The system's en_US list (Debian hunspell-en-us), when installed, reads
// with its own affix rules into the forms a reader expects.
func TestLoadSystemDictionary(t *testing.T) {
	d, err := LoadDictionary("/usr/share/hunspell")
	if errors.Is(err, ErrNoDictionary) {
		devdata.Skip(t, "no Hunspell en_US dictionary in /usr/share/hunspell (Debian hunspell-en-us)")
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"cause", "caused", "causes", "causing", "itching", "doctors", "unhappy"} {
		if !d.Ordinary(w) {
			t.Errorf("en_US lacks %q", w)
		}
	}
	if d.Has("xqzv") {
		t.Error("en_US has a non-word")
	}
}
