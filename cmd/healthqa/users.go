package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"healthqa/internal/account"
	"healthqa/internal/model"
	"healthqa/internal/store"
	"healthqa/internal/store/postgres"
	"healthqa/internal/store/sqlite"
	"healthqa/internal/web"
)

// usersCmds are "healthqa users add|list|roles": the only way to make
// the first admin, since there are no default credentials.
func usersCmds() []*command {
	return []*command{usersAddCmd(), usersListCmd(), usersRolesCmd(), usersResetCmd()}
}

// stdin is where passwords are read from; tests replace it.
var stdin io.Reader = os.Stdin

// roleList is a repeatable --role flag.
type roleList []model.Role

func (l *roleList) String() string { return rolesText(*l) }

func (l *roleList) Set(v string) error {
	r, ok := account.ParseRole(v)
	if !ok {
		return fmt.Errorf("unknown role %q (roles: contributor, reviewer, admin)", v)
	}
	*l = append(*l, r)
	return nil
}

func rolesText(roles []model.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// accountsStore is what the users commands need: accounts, and the
// stored sources that --source names.
type accountsStore interface {
	store.Store
	store.Accounts
}

// openAccounts opens an existing database: users are added to the
// database serve made, never to a new file a mistyped --db would create
// (a PostgreSQL database is never created by healthqa).
func openAccounts(ctx context.Context, path string) (accountsStore, error) {
	var st store.Store
	var err error
	if postgres.IsURL(path) {
		st, err = postgres.Open(ctx, path)
	} else {
		st, err = sqlite.OpenExisting(ctx, path)
	}
	if errors.Is(err, sqlite.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s: start `healthqa serve --db %s` once to create it", path, path)
	}
	if err != nil {
		return nil, err
	}
	a, ok := st.(accountsStore)
	if !ok {
		st.Close()
		return nil, fmt.Errorf("%s: this backend does not implement accounts yet", backendName(path))
	}
	return a, nil
}

func usersAddCmd() *command {
	return &command{
		name:    "users add",
		summary: "Add an account: the first admin, or anyone, from the command line.",
		args:    "EMAIL",
		help: `The password is read from the terminal without echo, or from the first
line of standard input when it is not a terminal or with --password-stdin.
It must be at least 12 characters and not a common password.

With --link no password is asked: a one-time link is printed, once, for
the person to choose a name and password in the browser (valid 72 hours;
the account exists once the link is used). healthqa sends no email.

Example: healthqa users add admin@example.org --role admin`,
		nargs: [2]int{1, 1},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			var roles roleList
			fs.Var(&roles, "role", "a role to grant: contributor, reviewer or admin (repeat for several)")
			name := fs.String("name", "", "the name readers see (default: the part of EMAIL before @)")
			fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
			link := fs.Bool("link", false, "print a one-time sign-up link instead of asking for a password")
			base := fs.String("base-url", web.DefaultBaseURL, "the site's public address, for --link")
			source := fs.String("source", "", "the key of the source (organization) the account speaks for; none: a person")
			return func(ctx context.Context, env *runEnv) error {
				if *link && *fromStdin {
					return usageError{"--link and --password-stdin exclude each other"}
				}
				email, err := account.NormalizeEmail(env.args[0])
				if err != nil {
					return usageError{err.Error()}
				}
				st, err := openAccounts(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				if _, err := st.UserByEmail(ctx, email); err == nil {
					return fmt.Errorf("an account with the email %s exists already: change its roles with `healthqa users roles`", email)
				}
				if err := checkSourceKey(ctx, st, *source); err != nil {
					return err
				}
				u := store.User{Email: email, Roles: account.SortRoles(roles)}
				u.SourceKey = *source
				if *link {
					return addByLink(ctx, env, st, u, *base)
				}
				u.Name = *name
				return addWithPassword(ctx, env, st, u, *fromStdin)
			}
		},
	}
}

// checkSourceKey accepts "" (a person) or the key of a stored source
// other than the one of individual experts.
func checkSourceKey(ctx context.Context, st accountsStore, key string) error {
	if key == "" {
		return nil
	}
	sources, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	for _, s := range sources {
		if s.Key == key && key != model.ContributorsSource {
			return nil
		}
	}
	return usageError{fmt.Sprintf("--source: no source %q (an admin creates one at /admin/sources)", key)}
}

func addWithPassword(ctx context.Context, env *runEnv, st accountsStore, nu store.User, fromStdin bool) error {
	email, name, roles := nu.Email, nu.Name, nu.Roles
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	p, err := account.CleanProfile(model.Person{Name: name})
	if err != nil {
		return usageError{"--name: " + err.Error()}
	}
	password, err := readPassword(env, fromStdin)
	if err != nil {
		return err
	}
	if err := account.CheckPassword(password, email, p.Name); err != nil {
		return err
	}
	h, err := account.Hash(password)
	if err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, store.User{Person: model.Person{Name: p.Name, Slug: account.Slug(p.Name), SourceKey: nu.SourceKey},
		Email: email, PasswordHash: h, Roles: roles, CreatedAt: time.Now()})
	if errors.Is(err, store.ErrExists) {
		return fmt.Errorf("an account with the email %s exists already", email)
	}
	if err != nil {
		return err
	}
	if err := st.AppendAudit(ctx, store.AuditEntry{Action: "user.create", Entity: "user", EntityID: fmt.Sprint(u.ID),
		ToState: rolesText(u.Roles), Detail: "command line: " + email}); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Added %s (%s), roles: %s. Sign in at /signin.\n", email, u.Name, orNone(u.Roles))
	return nil
}

func addByLink(ctx context.Context, env *runEnv, st accountsStore, nu store.User, base string) error {
	email, roles := nu.Email, nu.Roles
	base, err := web.CheckBaseURL(base)
	if err != nil {
		return usageError{"--base-url: " + err.Error()}
	}
	tok, hash := account.NewToken("")
	now := time.Now()
	if err := st.CreateInvite(ctx, store.Invite{TokenHash: hash, Email: email, Roles: roles, SourceKey: nu.SourceKey,
		CreatedAt: now, ExpiresAt: now.Add(account.InviteLifetime)}); err != nil {
		return err
	}
	if err := st.AppendAudit(ctx, store.AuditEntry{Action: "invite.create", Entity: "invite", EntityID: email,
		ToState: rolesText(roles), Detail: "command line"}); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "One-time link for %s (roles: %s), valid 72 hours; it is shown only now:\n", email, orNone(roles))
	fmt.Fprintf(env.stdout, "%s/invite/%s\n", base, tok)
	return nil
}

func orNone(roles []model.Role) string {
	if len(roles) == 0 {
		return "none"
	}
	return rolesText(roles)
}

// readPassword asks twice without echo on a terminal; otherwise it reads
// the first line of standard input.
func readPassword(env *runEnv, fromStdin bool) (string, error) {
	if f, ok := stdin.(*os.File); ok && !fromStdin && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.stderr, "Password (at least 12 characters): ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the two passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (or use --link)")
	}
	return line, nil
}

func usersListCmd() *command {
	return &command{
		name:    "users list",
		summary: "List the accounts with their roles.",
		nargs:   [2]int{0, 0},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *runEnv) error {
				st, err := openAccounts(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				type row struct {
					ID       int64        `json:"id"`
					Email    string       `json:"email"`
					Name     string       `json:"name"`
					Roles    []model.Role `json:"roles"`
					Source   string       `json:"source,omitempty"`
					Disabled bool         `json:"disabled"`
				}
				rows := []row{}
				for after := int64(0); ; {
					page, err := st.Users(ctx, after, store.MaxUsersPage)
					if err != nil {
						return err
					}
					for _, u := range page {
						rows = append(rows, row{u.ID, u.Email, u.Name, u.Roles, u.SourceKey, u.Disabled})
					}
					if len(page) < store.MaxUsersPage {
						break
					}
					after = page[len(page)-1].ID
				}
				if *asJSON {
					return writeJSON(env.stdout, rows)
				}
				tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLES\tORGANIZATION\tSTATE")
				for _, r := range rows {
					state := "active"
					if r.Disabled {
						state = "disabled"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Email, r.Name, orNone(r.Roles), r.Source, state)
				}
				return tw.Flush()
			}
		},
	}
}

func usersRolesCmd() *command {
	return &command{
		name:    "users roles",
		summary: "Grant or take away roles of an account.",
		args:    "EMAIL",
		help:    "Example: healthqa users roles jane@example.org --add reviewer --remove contributor\nThe last enabled admin keeps the admin role.",
		nargs:   [2]int{1, 1},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			var add, remove roleList
			fs.Var(&add, "add", "a role to grant (repeatable)")
			fs.Var(&remove, "remove", "a role to take away (repeatable)")
			return func(ctx context.Context, env *runEnv) error {
				email, err := account.NormalizeEmail(env.args[0])
				if err != nil {
					return usageError{err.Error()}
				}
				st, err := openAccounts(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				u, err := st.UserByEmail(ctx, email)
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no account with the email %s", email)
				}
				if err != nil {
					return err
				}
				roles := account.SortRoles(append(append([]model.Role{}, u.Roles...), add...))
				roles = removeRoles(roles, remove)
				if err := st.SetRoles(ctx, u.ID, roles); err != nil {
					return err
				}
				if err := st.AppendAudit(ctx, store.AuditEntry{Action: "user.roles", Entity: "user", EntityID: fmt.Sprint(u.ID),
					FromState: rolesText(u.Roles), ToState: rolesText(roles), Detail: "command line"}); err != nil {
					return err
				}
				fmt.Fprintf(env.stdout, "%s: roles %s\n", email, orNone(roles))
				return nil
			}
		},
	}
}

func removeRoles(roles, remove []model.Role) []model.Role {
	out := []model.Role{}
	for _, r := range roles {
		keep := true
		for _, x := range remove {
			keep = keep && r != x
		}
		if keep {
			out = append(out, r)
		}
	}
	return out
}

func usersResetCmd() *command {
	return &command{
		name:    "users reset",
		summary: "Print a one-time link with which an account chooses a new password.",
		args:    "EMAIL",
		help:    "The link works once, for 72 hours; using it ends every session of the account.\nhealthqa sends no email: pass the link on privately.",
		nargs:   [2]int{1, 1},
		setup: func(fs *flag.FlagSet) func(context.Context, *runEnv) error {
			db := dbFlag(fs)
			base := fs.String("base-url", web.DefaultBaseURL, "the site's public address, for the link")
			return func(ctx context.Context, env *runEnv) error {
				email, err := account.NormalizeEmail(env.args[0])
				if err != nil {
					return usageError{err.Error()}
				}
				b, err := web.CheckBaseURL(*base)
				if err != nil {
					return usageError{"--base-url: " + err.Error()}
				}
				st, err := openAccounts(ctx, *db)
				if err != nil {
					return err
				}
				defer st.Close()
				u, err := st.UserByEmail(ctx, email)
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no account with the email %s", email)
				}
				if err != nil {
					return err
				}
				tok, hash := account.NewToken("")
				now := time.Now()
				if err := st.CreateInvite(ctx, store.Invite{TokenHash: hash, Reset: true, Email: email, Roles: []model.Role{},
					CreatedAt: now, ExpiresAt: now.Add(account.InviteLifetime)}); err != nil {
					return err
				}
				if err := st.AppendAudit(ctx, store.AuditEntry{Action: "user.reset_link", Entity: "user", EntityID: fmt.Sprint(u.ID),
					Detail: "command line"}); err != nil {
					return err
				}
				fmt.Fprintf(env.stderr, "One-time password reset link for %s, valid 72 hours; it is shown only now:\n", email)
				fmt.Fprintf(env.stdout, "%s/invite/%s\n", b, tok)
				return nil
			}
		},
	}
}
