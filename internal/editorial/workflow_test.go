package editorial

import (
	"errors"
	"fmt"
	"testing"

	"healthqa/internal/model"
)

// The actors every rule is checked against. The submission is written
// by user 1 for organization "ORG".
var (
	author        = Actor{UserID: 1, Roles: []model.Role{model.RoleContributor}, SourceKey: "ORG"}
	orgMate       = Actor{UserID: 2, Roles: []model.Role{model.RoleContributor}, SourceKey: "ORG"}
	otherWriter   = Actor{UserID: 3, Roles: []model.Role{model.RoleContributor}}
	reviewer      = Actor{UserID: 4, Roles: []model.Role{model.RoleReviewer}}
	authorReviews = Actor{UserID: 1, Roles: []model.Role{model.RoleContributor, model.RoleReviewer}, SourceKey: "ORG"}
	mateReviews   = Actor{UserID: 5, Roles: []model.Role{model.RoleReviewer}, SourceKey: "ORG"}
	adminOnly     = Actor{UserID: 6, Roles: []model.Role{model.RoleAdmin}}
	anonymous     = Actor{}
	writerReviews = Actor{UserID: 7, Roles: []model.Role{model.RoleContributor, model.RoleReviewer}}
)

// items are the situations a submission can be in.
var items = map[string]Item{
	"draft":                  {State: Draft, Revision: 1},
	"submitted":              {State: Submitted, Revision: 2},
	"submitted revision":     {State: Submitted, Revision: 3, PublishedRevision: 2, Live: true},
	"changes requested":      {State: ChangesRequested, Revision: 2},
	"changes requested live": {State: ChangesRequested, Revision: 3, PublishedRevision: 2, Live: true},
	"published":              {State: Published, Revision: 2, PublishedRevision: 2, Live: true},
	"published newer draft":  {State: Published, Revision: 3, PublishedRevision: 2, Live: true},
	"unpublished":            {State: Unpublished, Revision: 2, PublishedRevision: 2},
	"rejected":               {State: Rejected, Revision: 2},
}

// want[item][action] is the outcome for an actor the action is meant
// for: the new state, or "state" when the state forbids it.
var want = map[string]map[Action]string{
	"draft":                  {Save: "draft", Submit: "submitted", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "state"},
	"submitted":              {Save: "state", Submit: "state", Approve: "published", RequestChanges: "changes_requested", Reject: "rejected", Unpublish: "state"},
	"submitted revision":     {Save: "state", Submit: "state", Approve: "published", RequestChanges: "changes_requested", Reject: "published", Unpublish: "unpublished"},
	"changes requested":      {Save: "changes_requested", Submit: "submitted", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "state"},
	"changes requested live": {Save: "changes_requested", Submit: "submitted", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "unpublished"},
	"published":              {Save: "published", Submit: "state", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "unpublished"},
	"published newer draft":  {Save: "published", Submit: "submitted", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "unpublished"},
	"unpublished":            {Save: "unpublished", Submit: "submitted", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "state"},
	"rejected":               {Save: "state", Submit: "state", Approve: "state", RequestChanges: "state", Reject: "state", Unpublish: "state"},
}

// TestNextEveryCase runs every state × action × actor kind.
func TestNextEveryCase(t *testing.T) {
	actors := map[string]Actor{
		"author": author, "org mate": orgMate, "other writer": otherWriter, "reviewer": reviewer,
		"author who reviews": authorReviews, "org mate who reviews": mateReviews, "admin only": adminOnly,
		"anonymous": anonymous, "writer who reviews": writerReviews,
	}
	for name, base := range items {
		it := base
		it.AuthorID, it.SourceKey = 1, "ORG"
		for _, act := range Actions {
			for who, a := range actors {
				t.Run(fmt.Sprintf("%s/%s/%s", name, act, who), func(t *testing.T) {
					expect := outcome(name, act, who)
					got, err := Next(it, a, act)
					if s := result(got, err); s != expect {
						t.Fatalf("Next = %s, want %s", s, expect)
					}
				})
			}
		}
	}
}

// outcome is the expected result for one case: who may act is checked
// before the state.
func outcome(item string, act Action, who string) string {
	if act.Decision() {
		switch who {
		case "reviewer", "writer who reviews":
			return want[item][act]
		case "author who reviews", "org mate who reviews":
			return "own work"
		}
		return "forbidden"
	}
	switch who {
	case "author", "org mate", "author who reviews":
		return want[item][act]
	}
	return "forbidden"
}

func result(s State, err error) string {
	switch {
	case err == nil:
		return string(s)
	case errors.Is(err, ErrOwnWork):
		return "own work"
	case errors.Is(err, ErrForbidden):
		return "forbidden"
	case errors.Is(err, ErrState):
		return "state"
	}
	return err.Error()
}

func TestOwns(t *testing.T) {
	person := Item{AuthorID: 1}
	if !person.Owns(Actor{UserID: 1}) || person.Owns(Actor{UserID: 2}) {
		t.Error("a person's submission is owned by its author only")
	}
	if person.Owns(Actor{UserID: 2, SourceKey: ""}) {
		t.Error("an empty source key must not match a person's submission")
	}
	if person.Owns(Actor{}) {
		t.Error("anonymous owns nothing")
	}
	org := Item{AuthorID: 1, SourceKey: "ORG"}
	if !org.Owns(Actor{UserID: 9, SourceKey: "ORG"}) || org.Owns(Actor{UserID: 9, SourceKey: "OTHER"}) {
		t.Error("an organization's submission is owned by its accounts")
	}
}

func TestCanCreate(t *testing.T) {
	if CanCreate(author) != nil || CanCreate(reviewer) == nil || CanCreate(anonymous) == nil {
		t.Error("only contributors may start a submission")
	}
}
