package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"healthqa/internal/ingest"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/textcontrol"
)

func importCmd() *command {
	return &command{
		name:    "import",
		summary: "Import a dataset into the database.",
		args:    "medquad PATH",
		help: `PATH is MedQuAD's zip archive or an unpacked folder of it. The import is one
transaction: interrupted at any moment, it leaves the database as it was.
Importing the same data again changes nothing; changed entries are updated
in place. A file that cannot be read is named and skipped, everything else
is imported, and the exit status is 3.

Exit status: 0 imported, 1 failed (nothing changed), 2 usage, 3 imported
with some files skipped.`,
		nargs: [2]int{2, 2},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print the summary as JSON")
			return func(ctx context.Context, env *runEnv) error {
				if env.args[0] != "medquad" {
					return usageError{fmt.Sprintf("unknown dataset %q: the dataset healthqa imports is medquad", env.args[0])}
				}
				st, err := openStore(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				sum, err := ingest.MedQuAD(ctx, st, env.args[1], ingest.Options{Progress: env.stderr})
				if err != nil && !errors.Is(err, ingest.ErrSkipped) {
					return escapedError{err}
				}
				printSummary(env.stdout, sum, *asJSON)
				return err
			}
		},
	}
}

func printSummary(w io.Writer, s ingest.Summary, asJSON bool) {
	if asJSON {
		writeJSON(w, s)
		return
	}
	r := s.Corpus
	fmt.Fprintf(w, "Imported %s in %.1fs\n", textcontrol.Escape(s.Archive), s.Duration.Seconds())
	fmt.Fprintf(w, "  files       %6d read, %d skipped\n", s.Files, len(s.Skipped))
	fmt.Fprintf(w, "  entries     %6d (%d question-answer pairs, %d with answer text)\n", r.Entries, r.Pairs, r.AnswersWithText)
	fmt.Fprintf(w, "  topics      %6d from %s; %s merged from %s\n", r.Topics, plural(r.Foci, "focus", "foci"), plural(r.MergedTopics, "topic", "topics"), plural(r.MergedFoci, "focus", "foci"))
	fmt.Fprintf(w, "  questions   %6d\n", r.Questions)
	fmt.Fprintf(w, "  digests     %6d (questions %s; %.2fs)\n", s.Digests, model.DigestRule, s.DigestTime.Seconds())
	fmt.Fprintf(w, "  sources     %6d\n", r.Sources)
	fmt.Fprintf(w, "  abbrevs     %6d defined in the answers (%s)\n", s.Abbreviations, changes(s.Changes.Abbreviations))
	fmt.Fprintf(w, "  index       search snapshot %s (%.2fs)\n", s.Index.Snapshot, s.Index.Time.Seconds())
	fmt.Fprintf(w, "  changes     answers %s; questions %s; topics %s; digests %s\n", changes(s.Changes.Answers), changes(s.Changes.Questions), changes(s.Changes.Topics), changes(s.Changes.Digests))
	// Paths, reasons and links come from the archive: escaped, so that a
	// file name cannot drive the terminal.
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", textcontrol.Escape(n))
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", textcontrol.Escape(warn))
	}
	if f := r.ForeignURLs; f.Count > 0 {
		what := "links outside their source's known domains"
		if f.Count == 1 {
			what = "link outside its source's known domains"
		}
		fmt.Fprintf(w, "  warning: %d %s: %s\n", f.Count, what, textcontrol.Escape(strings.Join(f.Examples, "; ")))
	}
	for _, p := range r.Skipped {
		fmt.Fprintf(w, "  skipped entry: %s\n", textcontrol.Escape(p))
	}
	for _, f := range s.Skipped {
		fmt.Fprintf(w, "  SKIPPED %s: %s\n", textcontrol.Escape(f.Path), textcontrol.Escape(strings.TrimPrefix(f.Reason, f.Path+": ")))
	}
}

// escapedError shows an import's failure with its control characters
// escaped, since the message may quote names from the archive; errors.Is
// still sees the cause.
type escapedError struct{ err error }

func (e escapedError) Error() string { return textcontrol.Escape(e.err.Error()) }
func (e escapedError) Unwrap() error { return e.err }

func changes(c store.Changes) string {
	return fmt.Sprintf("%d new, %d updated, %d unchanged, %d deleted", c.Inserted, c.Updated, c.Unchanged, c.Deleted)
}

func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(terminalSafeJSON(buf.Bytes()))
	return err
}
