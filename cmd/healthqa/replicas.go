package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"healthqa/internal/store/postgres"
)

// replicaFlags are serve's --db-replica (repeatable; HEALTHQA_DB_REPLICA
// lists them separated by commas) and --db-replica-max-lag.
type replicaFlags struct {
	urls   replicaList
	maxLag time.Duration
}

func addReplicaFlags(fs *flag.FlagSet) *replicaFlags {
	rf := &replicaFlags{}
	fs.Var(&rf.urls, "db-replica", "a streaming replica of the PostgreSQL --db (postgres:// URL) to read pages and the API from; repeat for several. Signed-in and API-token requests, and all writes, use the primary (docs/POSTGRES.md)")
	fs.DurationVar(&rf.maxLag, "db-replica-max-lag", postgres.DefaultMaxLag, "skip a replica this far behind the primary (the age of the oldest WAL it has not replayed), until it catches up; at most 1h")
	return rf
}

// options checks the flags against --db and makes the store's options.
func (rf *replicaFlags) options(db string, log *slog.Logger) (postgres.ReplicaOptions, error) {
	if len(rf.urls) == 0 {
		return postgres.ReplicaOptions{}, nil
	}
	if !postgres.IsURL(db) {
		return postgres.ReplicaOptions{}, usageError{"--db-replica needs a PostgreSQL --db (postgres://…): a SQLite database is one file, read and written by one process, with no replicas"}
	}
	if rf.maxLag <= 0 || rf.maxLag > postgres.MaxMaxLag {
		return postgres.ReplicaOptions{}, usageError{fmt.Sprintf("--db-replica-max-lag %v: want more than 0 and at most %v", rf.maxLag, postgres.MaxMaxLag)}
	}
	return postgres.ReplicaOptions{URLs: rf.urls, MaxLag: rf.maxLag, Logger: log}, nil
}

// replicaList collects --db-replica values. One value may name several
// replicas separated by commas (HEALTHQA_DB_REPLICA), split only before
// "postgres://" or "postgresql://": pgx's multi-host URLs have commas
// too. The variable's replicas and the flags' add up.
type replicaList []string

func (l *replicaList) String() string { return strings.Join(*l, ",") }

func (l *replicaList) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return nil // HEALTHQA_DB_REPLICA= names none
	}
	for _, u := range splitURLs(v) {
		if !postgres.IsURL(u) {
			return errors.New("want a postgres:// or postgresql:// URL")
		}
		*l = append(*l, u)
	}
	return nil
}

// splitURLs cuts v at each comma that a PostgreSQL URL's scheme follows.
func splitURLs(v string) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == ',' && postgres.IsURL(strings.TrimSpace(v[i+1:])) {
			out = append(out, strings.TrimSpace(v[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(v[start:]))
}
