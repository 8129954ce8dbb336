package store

import (
	"context"
	"errors"
	"time"

	"healthqa/internal/model"
)

// Errors of the Accounts methods, beside ErrNotFound.
var (
	// ErrExists: an account with that email, or a source with that key,
	// is already stored.
	ErrExists = errors.New("already exists")
	// ErrLastAdmin: the change would leave no enabled admin account, so
	// nobody could manage accounts from the web any more.
	ErrLastAdmin = errors.New("the last enabled admin cannot lose the role or be disabled")
)

// User is one account: a person, or someone speaking for an
// organization (Person.SourceKey set). Email is stored as given: callers
// lower-case it at the edge.
type User struct {
	ID int64
	model.Person
	Email string
	// PasswordHash is the argon2id PHC string; empty until a password
	// is set, and such an account cannot sign in.
	PasswordHash      string
	Roles             []model.Role // in model.Roles order, never nil
	Disabled          bool
	CreatedAt         time.Time
	PasswordChangedAt time.Time // zero until a password is set
}

// Has reports whether the user holds role.
func (u User) Has(role model.Role) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Session is a signed-in browser, found by the SHA-256 of the token in
// its cookie (IDHash).
type Session struct {
	IDHash     []byte
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// SessionTimeouts bound a session's life: Idle since it was last seen,
// Absolute since it was created.
type SessionTimeouts struct {
	Idle, Absolute time.Duration
}

// Invite lets whoever holds its token create the account of Email with
// Roles, once, before ExpiresAt; or, with Reset, choose a new password
// for the existing account of Email. CreatedBy is 0 for the command line.
type Invite struct {
	TokenHash []byte
	Reset     bool
	Email     string
	Roles     []model.Role
	SourceKey string
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Throttle is the sign-in failure count under one key
// ("account:<email>", "client:<address>").
type Throttle struct {
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time // zero when not locked
}

// MaxForgotten bounds the spent rate-limit rows (sign-in counts, vote
// buckets) one call forgets: more than one call can add.
const MaxForgotten = 100

// ThrottleRule is how RecordFailure counts: failures within Window of
// the first are counted together; Lock gives the lock a count earns
// (0: none).
type ThrottleRule struct {
	Window time.Duration
	Lock   func(failures int) time.Duration
}

// APIToken is an organization account's credential for the API, scoped
// to SourceKey; only the SHA-256 of the token is stored.
type APIToken struct {
	ID         int64
	Hash       []byte
	UserID     int64
	SourceKey  string
	Name       string
	CreatedAt  time.Time
	RevokedAt  time.Time // zero while valid
	LastUsedAt time.Time // zero until used
}

// AuditEntry is one line of the append-only audit log. ActorID 0 is the
// command line; ActorName is filled by AuditLog only.
type AuditEntry struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string // "user.roles", "submission.approve"
	Entity    string // "user", "submission", "source", "token"
	EntityID  string
	FromState string
	ToState   string
	Detail    string
}

// MaxAuditPage caps AuditLog's limit, MaxUsersPage Users'.
const (
	MaxAuditPage = 500
	MaxUsersPage = 500
)

// Accounts keeps accounts, sessions, invitations, sign-in throttling,
// API tokens, the audit log, and the sources admins create. None of its
// writes moves Store.Version: they change no public page.
type Accounts interface {
	// AppendAudit adds e to the audit log (At zero: now). The log
	// refuses any change to a written entry.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AuditLog lists entries newest first, those with ID < before
	// (before 0: from the newest), at most limit (capped at MaxAuditPage).
	AuditLog(ctx context.Context, before int64, limit int) ([]AuditEntry, error)

	// CreateUser stores u with its roles and returns it with ID, Slug and
	// CreatedAt set: Slug is u.Slug, or u.Slug with "-2", "-3"… when
	// taken. ErrExists when the email is taken.
	CreateUser(ctx context.Context, u User) (User, error)
	User(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	UserBySlug(ctx context.Context, slug string) (User, error)
	// Users lists accounts by ID, those with ID > after, at most limit
	// (capped at MaxUsersPage).
	Users(ctx context.Context, after int64, limit int) ([]User, error)
	// UpdateProfile sets the name, credentials, specialty, affiliation
	// and bio of p; the slug and source stay.
	UpdateProfile(ctx context.Context, id int64, p model.Person) error
	// SetRoles replaces the user's roles; ErrLastAdmin if that takes the
	// role from the last enabled admin.
	SetRoles(ctx context.Context, id int64, roles []model.Role) error
	// SetDisabled disables (ending every session) or enables an account;
	// ErrLastAdmin when disabling the last enabled admin.
	SetDisabled(ctx context.Context, id int64, disabled bool) error
	// SetPassword stores a new hash and deletes the user's sessions
	// except the one whose hash is keep (nil: all).
	SetPassword(ctx context.Context, id int64, hash string, keep []byte, now time.Time) error

	// CreateSession stores s.
	CreateSession(ctx context.Context, s Session) error
	// SessionUser finds the session and its user, and marks it seen at
	// now (written at most once a minute, to spare the database). An
	// expired session, or one of a disabled user, is deleted and
	// ErrNotFound.
	SessionUser(ctx context.Context, idHash []byte, now time.Time, to SessionTimeouts) (Session, User, error)
	DeleteSession(ctx context.Context, idHash []byte) error
	DeleteUserSessions(ctx context.Context, userID int64) error

	// CreateInvite stores inv.
	CreateInvite(ctx context.Context, inv Invite) error
	// Invite finds an unused, unexpired invitation; ErrNotFound otherwise.
	Invite(ctx context.Context, tokenHash []byte, now time.Time) (Invite, error)
	// AcceptInvite uses the invitation, once, and creates its account
	// from u (Email, Roles and SourceKey come from the invitation) in the
	// same transaction. ErrNotFound when the invitation is unknown, used,
	// expired or a reset link; ErrExists when the email has an account
	// meanwhile.
	AcceptInvite(ctx context.Context, tokenHash []byte, now time.Time, u User) (User, error)
	// ResetPassword uses a reset link, once: the account of its email
	// gets the password hash and loses every session, in one
	// transaction. ErrNotFound when the link is unknown, used, expired,
	// not a reset link, or its account is gone.
	ResetPassword(ctx context.Context, tokenHash []byte, now time.Time, hash string) (User, error)

	// Throttle returns the failures under key (zero when none).
	Throttle(ctx context.Context, key string) (Throttle, error)
	// RecordFailure counts one failure under key at now, as rule says.
	// It also forgets up to MaxForgotten counts, under any key, whose
	// window under rule is over and that hold no lock: they are the same
	// as none (every caller counts under one window), and without this
	// the table would grow by every address and name ever tried.
	RecordFailure(ctx context.Context, key string, now time.Time, rule ThrottleRule) (Throttle, error)
	// ClearThrottle forgets the failures under key.
	ClearThrottle(ctx context.Context, key string) error

	// CreateAPIToken stores t and returns its ID.
	CreateAPIToken(ctx context.Context, t APIToken) (int64, error)
	// APITokenUser finds a valid token by hash with its user, and marks
	// it used at now (at most once a minute). Revoked tokens and tokens of
	// disabled users are ErrNotFound.
	APITokenUser(ctx context.Context, hash []byte, now time.Time) (APIToken, User, error)
	// RevokeAPIToken revokes the user's token id; ErrNotFound when the
	// user has no such valid token.
	RevokeAPIToken(ctx context.Context, userID, id int64, now time.Time) error
	// APITokens lists the user's tokens, revoked ones included, newest first.
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)

	// CreateSource stores a new source; ErrExists if its key is taken
	// (an imported source is never changed this way).
	CreateSource(ctx context.Context, src model.Source) error
}
