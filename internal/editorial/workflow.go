package editorial

import (
	"errors"
	"fmt"
	"slices"

	"healthqa/internal/model"
)

// State is where a submission stands. "approved" exists in the schema
// but is never a resting state: approving publishes at once.
type State string

// The states. A submission starts as a draft; rejected is final.
const (
	Draft            State = "draft"
	Submitted        State = "submitted"         // waiting in the review queue
	ChangesRequested State = "changes_requested" // back with the contributor, with a comment
	Published        State = "published"         // live; a newer draft may be saved beside it
	Unpublished      State = "unpublished"       // taken down by a reviewer, trail kept
	Rejected         State = "rejected"          // refused with a reason; final
)

// States lists every state in the order the dashboard shows them.
var States = []State{Draft, ChangesRequested, Submitted, Published, Unpublished, Rejected}

// Label is the state in words for pages.
func (s State) Label() string {
	switch s {
	case ChangesRequested:
		return "changes requested"
	}
	return string(s)
}

// Action is one editorial step.
type Action string

// The actions: contributors save and submit their own work; reviewers
// decide on others' work and unpublish.
const (
	Save           Action = "save"
	Submit         Action = "submit"
	Approve        Action = "approve"
	RequestChanges Action = "request_changes"
	Reject         Action = "reject"
	Unpublish      Action = "unpublish"
)

// Actions lists every action.
var Actions = []Action{Save, Submit, Approve, RequestChanges, Reject, Unpublish}

// Decision reports whether the action is a reviewer's.
func (a Action) Decision() bool { return a != Save && a != Submit }

// Errors of the workflow. The web layer maps ErrForbidden and ErrOwnWork
// to 403, ErrState and ErrConflict to 409.
var (
	ErrForbidden = errors.New("not allowed for this account")
	ErrOwnWork   = errors.New("nobody decides on their own work")
	ErrState     = errors.New("not possible in this state")
	// ErrConflict: the submission changed since the actor read it (a save
	// from another tab, another reviewer's decision).
	ErrConflict = errors.New("changed meanwhile")
)

// Actor is who acts: an account with its roles, and the organization it
// speaks for (empty for a person).
type Actor struct {
	UserID    int64
	Roles     []model.Role
	SourceKey string
}

// Has reports whether the actor holds role.
func (a Actor) Has(r model.Role) bool { return slices.Contains(a.Roles, r) }

// Item is what the rules need to know about a submission.
type Item struct {
	State     State
	AuthorID  int64
	SourceKey string // the organization it is written for; "" for a person
	Revision  int    // newest saved revision
	// PublishedRevision is the revision last published (0: never).
	PublishedRevision int
	// Live: an answers row shows it to the public now.
	Live bool
}

// Owns reports whether a acts for the submission's author: the author,
// or another account of the organization it was written for.
func (it Item) Owns(a Actor) bool {
	return a.UserID != 0 && (a.UserID == it.AuthorID || (it.SourceKey != "" && a.SourceKey == it.SourceKey))
}

// Next says what state act by a leads to, or why it may not happen. It
// is the one place the workflow's rules live; the store calls it inside
// the transaction that applies the step, so that two steps at once are
// decided one after the other.
func Next(it Item, a Actor, act Action) (State, error) {
	if err := allowed(it, a, act); err != nil {
		return "", err
	}
	switch act {
	case Save:
		if it.State == Submitted || it.State == Rejected {
			return "", stateErr(it.State, act)
		}
		return it.State, nil // a save changes the text, not the state
	case Submit:
		switch {
		case it.State == Published && it.Revision <= it.PublishedRevision:
			return "", fmt.Errorf("%w: the published text has not been revised since", ErrState)
		case it.State == Draft, it.State == ChangesRequested, it.State == Published, it.State == Unpublished:
			return Submitted, nil
		}
	case Approve:
		if it.State == Submitted {
			return Published, nil
		}
	case RequestChanges:
		if it.State == Submitted {
			return ChangesRequested, nil
		}
	case Reject:
		if it.State == Submitted && it.Live {
			// The revision is refused; the published answer stays.
			return Published, nil
		}
		if it.State == Submitted {
			return Rejected, nil
		}
	case Unpublish:
		if it.Live {
			return Unpublished, nil
		}
		return "", fmt.Errorf("%w: it is not published", ErrState)
	default:
		return "", fmt.Errorf("unknown action %q", act)
	}
	return "", stateErr(it.State, act)
}

// allowed decides who may act, whatever the state.
func allowed(it Item, a Actor, act Action) error {
	if act.Decision() {
		if !a.Has(model.RoleReviewer) {
			return fmt.Errorf("%w: only reviewers decide on submissions", ErrForbidden)
		}
		if it.Owns(a) {
			return ErrOwnWork
		}
		return nil
	}
	if !a.Has(model.RoleContributor) || !it.Owns(a) {
		return fmt.Errorf("%w: only its author can change a submission", ErrForbidden)
	}
	return nil
}

func stateErr(s State, act Action) error {
	switch s {
	case Submitted:
		return fmt.Errorf("%w: it is waiting for review", ErrState)
	case Rejected:
		return fmt.Errorf("%w: it was rejected", ErrState)
	}
	return fmt.Errorf("%w: cannot %s what is %s", ErrState, act, s.Label())
}

// CanCreate reports whether a may start a submission.
func CanCreate(a Actor) error {
	if !a.Has(model.RoleContributor) {
		return fmt.Errorf("%w: only contributors write answers", ErrForbidden)
	}
	return nil
}
