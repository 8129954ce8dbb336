package corpus

// Slug is the address form the import gives names and question titles
// (lower-case ASCII letters and digits joined by single dashes, accents
// folded, at most 120 bytes), for callers that make questions outside an
// import: a contributor's proposed question gets its slug the same way.
func Slug(s string) string { return slugify(s) }
