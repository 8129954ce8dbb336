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
	return []*command{serveCmd(), importCmd(), askCmd(), digestCmd(), evalCmd(), statsCmd(), topicsCmd()}
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
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  --%s  (env %s, default %q)\n      %s\n", f.Name, envName(f.Name), f.DefValue, f.Usage)
	})
}

func (c *command) execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, action := c.flagSet()
	pos, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.usage(stdout)
		return exitOK
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

func applyEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := os.LookupEnv(envName(f.Name)); ok && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("environment %s=%q: %v", envName(f.Name), v, e)
			}
		}
	})
	return err
}

func envName(flagName string) string {
	return "HEALTHQA_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// dbFlag is the --db flag every command that reads the store shares.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", defaultDB(), "SQLite database file (created on first use)")
}

// defaultDB is a file in the working directory: one file, in plain sight.
func defaultDB() string { return "healthqa.db" }
