package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"healthqa/internal/search"
)

// wordListsFlag adds --word-lists: the Hunspell word lists the speller
// takes as known words (internal/search/hunspell.go). The default is
// Debian's; a system that keeps them elsewhere names its own, and
// "none" measures or serves with the corpus vocabulary alone.
func wordListsFlag(fs *flag.FlagSet) *string {
	d := search.DebianDictionaries
	def := strings.Join(append([]string{d.Affix}, d.Words...), ",")
	return fs.String("word-lists", def, "Hunspell word lists whose words the speller never corrects: the .aff file, then .dic files, comma-separated; none: the corpus vocabulary alone (missing files are a logged notice, not an error)")
}

// useWordLists makes the speller read the lists --word-lists names,
// logging on log when they are missing.
func useWordLists(value string, log *slog.Logger) error {
	d, err := parseWordLists(value)
	if err != nil {
		return usageError{fmt.Sprintf("--word-lists: %v", err)}
	}
	search.UseDictionaries(d, log)
	return nil
}

func parseWordLists(value string) (search.Dictionaries, error) {
	if strings.TrimSpace(value) == "none" {
		return search.Dictionaries{}, nil
	}
	var files []string
	for _, f := range strings.Split(value, ",") {
		if f = strings.TrimSpace(f); f != "" {
			files = append(files, f)
		}
	}
	if len(files) < 2 || !strings.HasSuffix(files[0], ".aff") {
		return search.Dictionaries{}, fmt.Errorf("%q: give the .aff file, then one or more .dic files, or none", value)
	}
	for _, f := range files[1:] {
		if !strings.HasSuffix(f, ".dic") {
			return search.Dictionaries{}, fmt.Errorf("%q is not a .dic file", f)
		}
	}
	return search.Dictionaries{Affix: files[0], Words: files[1:]}, nil
}
