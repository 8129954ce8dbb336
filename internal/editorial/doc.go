// Package editorial is healthqa's editorial workflow: how contributors'
// answers are written (a Markdown subset rendered once, at save, and
// sanitized), compared (a word diff between revisions) and reviewed (a
// state machine that says who may do what, in which state). It holds the
// rules; the store keeps submissions and applies each transition in one
// transaction, and the web package puts pages and an API in front.
//
// See docs/EDITORIAL.md for the workflow and the sanitizer policy.
package editorial
