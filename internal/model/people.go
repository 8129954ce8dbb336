package model

import "time"

// Role is what an account may do beyond reading, which needs none. One
// account may hold several.
type Role string

// The roles, in the order pages list them.
const (
	RoleContributor Role = "contributor" // writes answers and proposes questions
	RoleReviewer    Role = "reviewer"    // medically reviews what contributors submit
	RoleAdmin       Role = "admin"       // invites accounts, grants roles, creates sources
)

// Roles lists every role.
var Roles = []Role{RoleContributor, RoleReviewer, RoleAdmin}

// More kinds of source: organizations an admin adds, and the one source
// row under which answers of individual experts are stored.
const (
	KindSociety    SourceKind = "professional society"
	KindIndividual SourceKind = "individual"
)

// Contributor content is stored beside imported content under its own
// dataset, which no import touches, and, for answers by individual
// experts, under one source row created on their first publication.
const (
	ContributorsDataset = "contributors"
	ContributorsSource  = "contributors"
)

// Person is the public profile of an account: what an answer's
// attribution and the profile page show. SourceKey is set when the
// account speaks for an organization rather than for itself.
type Person struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Credentials string `json:"credentials,omitempty"` // "MD, FAASM"
	Specialty   string `json:"specialty,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
	Bio         string `json:"bio,omitempty"`
	SourceKey   string `json:"source,omitempty"`
}

// Review is a medical review that happened on healthqa: who approved the
// answer's current text, and when. Imported answers have none.
type Review struct {
	Reviewer Person    `json:"reviewer"`
	At       time.Time `json:"at"`
}
