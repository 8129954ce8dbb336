package corpus

import (
	"fmt"

	"healthqa/internal/model"
)

// checkLinks keeps each document's URL only if it passes model.CheckLink;
// a dropped link is a warning naming the file, and its entries are kept
// (the reader is then sent to the source's home page). A link that
// passes but leads off the source's known domains is kept and counted,
// since sites move, but someone should look at it.
func (b *builder) checkLinks() {
	b.links = make([]string, len(b.docs))
	for i, d := range b.docs {
		if d.URL == "" {
			continue
		}
		u, err := model.CheckLink(d.URL)
		if err != nil {
			b.report.Warnings = append(b.report.Warnings, fmt.Sprintf("%s: link %s dropped: %v", d.Path, quoteShort(d.URL), err))
			continue
		}
		b.links[i] = d.URL
		if !model.KnownHost(d.Source, u.Hostname()) {
			f := &b.report.ForeignURLs
			f.Count++
			if len(f.Examples) < maxExamples {
				f.Examples = append(f.Examples, fmt.Sprintf("%s: %s (%s)", d.Path, quoteShort(d.URL), d.Source))
			}
		}
	}
}

// quoteShort quotes a link for a report, cut to a readable length: the
// report names the problem, and the file holds the whole link.
func quoteShort(s string) string {
	const max = 100
	if len(s) > max {
		cut := max
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		return fmt.Sprintf("%q…", s[:cut])
	}
	return fmt.Sprintf("%q", s)
}
