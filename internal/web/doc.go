// Package web serves healthqa to readers and programs: the question,
// topic, source and A–Z pages as HTML that works without JavaScript, the
// same content as a JSON API described by an OpenAPI document, and what
// search engines read (schema.org JSON-LD, sitemaps, robots.txt).
//
// Pages are rendered from the store once per content version and kept in
// memory, so a page costs a map lookup until the next import.
package web
