package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"strings"
)

func versionCmd() *command {
	return &command{
		name:    "version",
		summary: "Print the version: module version, source revision and Go release the binary was built from.",
		nargs:   [2]int{0, 0},
		setup: func(*flag.FlagSet) func(context.Context, *runEnv) error {
			return func(_ context.Context, env *runEnv) error {
				info, _ := debug.ReadBuildInfo()
				fmt.Fprintln(env.stdout, versionText(info))
				return nil
			}
		},
	}
}

// versionText says what the binary was built from, as Go recorded it:
// the module version ("(devel)" for a build in a checkout), the VCS
// revision and commit time, whether the tree had uncommitted changes,
// and the Go release. Nothing is filled in that Go did not record.
func versionText(info *debug.BuildInfo) string {
	if info == nil {
		return "healthqa (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(unknown)"
	}
	var rev, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	parts := []string{"healthqa", version}
	if rev != "" {
		vcs := "revision " + rev
		if when != "" {
			vcs += " of " + when
		}
		if modified {
			vcs += " with uncommitted changes"
		}
		parts = append(parts, "("+vcs+")")
	}
	if info.GoVersion != "" {
		parts = append(parts, "built with "+info.GoVersion)
	}
	return strings.Join(parts, " ")
}
