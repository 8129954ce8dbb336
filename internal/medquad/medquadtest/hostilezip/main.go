// Command hostilezip writes one of the hostile archives of medquadtest,
// for measuring the import on it:
//
//	go run ./internal/medquad/medquadtest/hostilezip -kind answers -n 40 -o /tmp/answers.zip
//	/usr/bin/time -v healthqa import medquad /tmp/answers.zip --db /tmp/h.db
package main

import (
	"flag"
	"fmt"
	"os"

	"healthqa/internal/medquad/medquadtest"
)

func main() {
	kind := flag.String("kind", "answers", "answers (N answers of 15.5 MB), unclosed (5 M unclosed elements) or bomb (3 × 64 MiB of white space)")
	n := flag.Int("n", 40, "how many answers, for -kind answers")
	out := flag.String("o", "hostile.zip", "the zip file to write")
	flag.Parse()
	var files []medquadtest.File
	switch *kind {
	case "answers":
		files = medquadtest.BigAnswers(*n, 15_500_000)
	case "unclosed":
		files = []medquadtest.File{medquadtest.Unclosed(5_000_000)}
	case "bomb":
		files = medquadtest.Bomb(3, 64<<20)
	default:
		fmt.Fprintf(os.Stderr, "hostilezip: unknown kind %q\n", *kind)
		os.Exit(2)
	}
	f, err := os.Create(*out)
	if err == nil {
		err = medquadtest.WriteZip(f, files)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hostilezip:", err)
		os.Exit(1)
	}
}
