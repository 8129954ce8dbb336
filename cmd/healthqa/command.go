package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"healthqa/internal/ingest"
)

// command is one subcommand: its flags, and what it does with them.
type command struct {
	name    string
	summary string
	args    string // the positional arguments, for usage
	help    string // more text for --help
	nargs   [2]int // least and most positional arguments; -1 = any
	setup   func(fs *flag.FlagSet) func(ctx context.Context, env *runEnv) error
}

// runEnv is what a command's action sees.
type runEnv struct {
	args           []string
	stdout, stderr io.Writer
}

// usageError is a mistake in how a command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

var errSkipped = ingest.ErrSkipped

func commands() []*command {
	cmds := []*command{serveCmd(), importCmd(), askCmd(), digestCmd(), evalCmd(), statsCmd(), topicsCmd(), migrateCmd(), versionCmd()}
	cmds = append(cmds, conceptsCmd(), readingCmd()) // issue 12
	return append(cmds, usersCmds()...)              // two-word names: see lookupArgs
}

// commandNames are what may follow "healthqa", for "did you mean".
func commandNames() []string {
	names := []string{"help"}
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// lookupArgs finds the command args start with, of one word or of two
// ("users add"), and returns the arguments after its name.
func lookupArgs(args []string) (*command, []string) {
	if len(args) > 1 {
		if c := lookup(args[0] + " " + args[1]); c != nil {
			return c, args[2:]
		}
	}
	return lookup(args[0]), args[1:]
}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (c *command) flagSet() (*flag.FlagSet, func(context.Context, *runEnv) error) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs, c.setup(fs)
}

func (c *command) usage(w io.Writer) {
	fs, _ := c.flagSet()
	fmt.Fprintf(w, "Usage: healthqa %s [flags] %s\n\n%s\n", c.name, c.args, c.summary)
	if c.help != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.help))
	}
	if !hasFlags(fs) {
		return
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		env := ""
		if envFlags[f.Name] {
			env = "env " + envName(f.Name) + ", "
		}
		fmt.Fprintf(w, "  %s  (%sdefault %q)\n      %s\n", flagName(f.Name), env, f.DefValue, f.Usage)
	})
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func (c *command) execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, action := c.flagSet()
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.usage(stdout)
		return exitOK
	}
	if err != nil {
		err = flagError(fs, err)
	}
	if err == nil {
		err = c.checkArgs(pos)
	}
	if err != nil {
		fmt.Fprintf(stderr, "healthqa %s: %v\n\n", c.name, err)
		c.usage(stderr)
		return exitUsage
	}
	return exitCode(action(ctx, &runEnv{args: pos, stdout: stdout, stderr: stderr}), stderr)
}

func (c *command) checkArgs(pos []string) error {
	least, most := c.nargs[0], c.nargs[1]
	if len(pos) < least || most >= 0 && len(pos) > most {
		return fmt.Errorf("wrong number of arguments: got %d", len(pos))
	}
	return nil
}

// parseFlags applies environment defaults, then parses flags given
// before, between or after the positional arguments; "--" ends flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := applyEnv(fs); err != nil {
		return nil, err
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// envFlags are the flags that describe the deployment rather than one
// run, and so may also be set by an environment variable, HEALTHQA_ and
// the name in capitals (HEALTHQA_BASE_URL for --base-url). Flags that
// shape one command's output (--json, -n, --out) are left out: a variable
// set for the server must not change what "healthqa ask" prints. The
// README's Environment table lists the same names.
var envFlags = map[string]bool{
	"db": true,
	// Read replicas: HEALTHQA_DB_REPLICA lists them, separated by commas.
	"db-replica": true, "db-replica-max-lag": true,
	"addr":      true,
	"base-url":  true,
	"log-level": true,
	"medquad":   true,

	// serve's bounds: the memory limit and the work in flight.
	"memory-limit":     true,
	"max-inflight-ask": true, "max-inflight": true, "max-queue": true, "max-queue-wait": true,

	// The review period is the deployment's editorial policy.
	"stale-after": true,

	// Operations (issue 10, docs/DEPLOY.md).
	"metrics-addr": true, "trusted-proxy": true, "drain-timeout": true, "drain-delay": true,
	// How soon a node sees other nodes' changes without notifications.
	"version-poll": true,
	// Where the speller's word lists are (issue 11).
	"word-lists": true,
}

// envNames are the variables not named after their flag: a list flag's
// variable is plural, since it takes a comma-separated list.
var envNames = map[string]string{"trusted-proxy": "HEALTHQA_TRUSTED_PROXIES"}

// envSetter is a flag value that tells the environment's value from the
// command line's, so that a repeatable flag on the command line replaces
// the variable's list rather than adding to it.
type envSetter interface{ setFromEnv(string) error }

func applyEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if !envFlags[f.Name] {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok && err == nil {
			set := f.Value.Set
			if es, ok := f.Value.(envSetter); ok {
				set = es.setFromEnv
			}
			if e := set(v); e != nil {
				err = fmt.Errorf("environment %s=%q: %v", envName(f.Name), v, e)
			}
		}
	})
	return err
}

func envName(flagName string) string {
	if n, ok := envNames[flagName]; ok {
		return n
	}
	return "HEALTHQA_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// flagName writes a flag as the docs do: --json, and -n for a one-letter
// flag. Go's flag package accepts either number of dashes.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// flagError rewrites the flag package's messages, which write every flag
// with one dash, in the docs' spelling, and suggests the flag a typo was
// probably meant to be. The package's message formats are matched by
// their fixed prefixes; anything else passes through unchanged.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		msg = "unknown flag " + flagName(name)
		if c := closest(name, names); c != "" {
			msg += " (did you mean " + flagName(c) + "?)"
		}
		return usageError{msg}
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return usageError{"flag " + flagName(name) + " needs a value"}
	}
	// "invalid value %q for flag -%s: %v", "invalid boolean value %q for -%s: %v"
	fs.VisitAll(func(f *flag.Flag) {
		msg = strings.Replace(msg, " -"+f.Name+": ", " "+flagName(f.Name)+": ", 1)
	})
	return usageError{msg}
}

// dbFlag is the --db flag every command that reads the store shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB(), "SQLite database file (import and serve create it), or a postgres:// URL of an existing PostgreSQL database")
}

// defaultDB is a file in the working directory: one file, in plain sight.
func defaultDB() string { return "healthqa.db" }
