// Command healthqa serves consumer health questions answered by several
// trusted sources at once, and imports, inspects and evaluates its
// content. Run "healthqa help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

// Exit statuses. exitSkipped is documented in the README: an import
// that finished but left some files out.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitSkipped = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, _ := lookupArgs(args[1:]); c != nil {
				c.usage(stdout)
				return exitOK
			}
		}
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	c, rest := lookupArgs(args)
	if subs := subcommands(args[0]); c == nil && len(subs) > 0 {
		fmt.Fprintf(stderr, "healthqa %s: name what to do: %s\nRun \"healthqa %s <what> --help\" for its flags.\n", args[0], strings.Join(subs, ", "), args[0])
		return exitUsage
	}
	if c == nil {
		fmt.Fprintf(stderr, "healthqa: unknown command %q", args[0])
		if s := closest(args[0], commandNames()); s != "" {
			fmt.Fprintf(stderr, " (did you mean %s?)", s)
		}
		fmt.Fprint(stderr, "\n\n")
		usage(stderr)
		return exitUsage
	}
	return c.execute(ctx, rest, stdout, stderr)
}

// subcommands lists the second words of the two-word commands that
// start with first ("add", "list", "roles" for "users").
func subcommands(first string) []string {
	var subs []string
	for _, c := range commands() {
		if rest, ok := strings.CutPrefix(c.name, first+" "); ok {
			subs = append(subs, rest)
		}
	}
	return subs
}

func usage(w io.Writer) {
	fmt.Fprint(w, "healthqa: health questions answered by several trusted sources.\n\nUsage: healthqa <command> [flags] [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"healthqa <command> --help\" for a command's flags, \"healthqa --version\" for the version.\n")
	fmt.Fprint(w, "\nEnvironment (settings of a deployment; a flag on the command line wins):\n")
	for _, name := range slices.Sorted(maps.Keys(envFlags)) {
		fmt.Fprintf(w, "  %-20s %s\n", envName(name), flagName(name))
	}
	fmt.Fprint(w, "  HEALTHQA_CACHE       where serve keeps the downloaded MedQuAD archive\n")
}

// exitCode maps a command's error to the process status.
func exitCode(err error, stderr io.Writer) int {
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "healthqa: %v\n", err)
		return exitUsage
	case errors.Is(err, errSkipped):
		return exitSkipped
	default:
		fmt.Fprintf(stderr, "healthqa: %v\n", err)
		return exitFailure
	}
}
