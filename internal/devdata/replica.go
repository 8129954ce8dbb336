package devdata

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgresBinEnv names the folder of PostgreSQL's server programs
// (initdb, pg_ctl, pg_basebackup); DefaultPostgresBin is Debian's for
// PostgreSQL 15.
const (
	PostgresBinEnv     = "HEALTHQA_TEST_POSTGRES_BIN"
	DefaultPostgresBin = "/usr/lib/postgresql/15/bin"
)

// Replication is a throw-away PostgreSQL primary and a streaming
// replica of it, two clusters of their own in a temporary folder, each
// on a free port of 127.0.0.1, both with trust authentication.
type Replication struct {
	// PrimaryURL and ReplicaURL name the database "healthqa" on each.
	PrimaryURL, ReplicaURL string
	dir, bin               string
	primaryData, replica   string
	tb                     testing.TB
}

// StreamingReplica makes a primary (initdb, wal_level=replica, a
// pg_hba line for replication from 127.0.0.1), a database "healthqa" on
// it, and a replica (pg_basebackup -R) that streams from it, and starts
// both. Both are stopped (pg_ctl stop -m immediate) and removed when
// the test ends, failed or not. The server programs refuse to run as
// root, so as root they run as the postgres user. Without the programs
// the test is skipped with a message, or fails under CI (Skip's rule).
func StreamingReplica(tb testing.TB) *Replication {
	tb.Helper()
	bin := os.Getenv(PostgresBinEnv)
	if bin == "" {
		bin = DefaultPostgresBin
	}
	for _, prog := range []string{"initdb", "pg_ctl", "pg_basebackup", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, prog)); err != nil {
			Skip(tb, "PostgreSQL's server programs are not in "+bin+" (set "+PostgresBinEnv+"): "+err.Error())
			return nil
		}
	}
	dir, err := os.MkdirTemp("", "healthqa-replication-")
	if err != nil {
		tb.Fatal(err)
	}
	r := &Replication{dir: dir, bin: bin, primaryData: filepath.Join(dir, "primary"), replica: filepath.Join(dir, "replica"), tb: tb}
	tb.Cleanup(r.remove)
	if os.Geteuid() == 0 {
		if err := chownToPostgres(dir); err != nil {
			Skip(tb, "running as root, the clusters must belong to the postgres user: "+err.Error())
			return nil
		}
	}
	primaryPort, replicaPort := freePort(tb), freePort(tb)
	r.run("initdb", "-D", r.primaryData, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
	r.appendFile(filepath.Join(r.primaryData, "postgresql.conf"), fmt.Sprintf(`
port = %d
listen_addresses = '127.0.0.1'
unix_socket_directories = '%s'
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
`, primaryPort, dir))
	r.appendFile(filepath.Join(r.primaryData, "pg_hba.conf"), "\nhost replication postgres 127.0.0.1/32 trust\n")
	r.start(r.primaryData)
	r.PrimaryURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/healthqa?sslmode=disable", primaryPort)
	r.exec(strings.Replace(r.PrimaryURL, "/healthqa?", "/postgres?", 1), "CREATE DATABASE healthqa")
	r.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(primaryPort), "-U", "postgres",
		"-D", r.replica, "-R", "-X", "stream", "--no-sync", "-c", "fast")
	// The copy carries the primary's settings; later lines win.
	r.appendFile(filepath.Join(r.replica, "postgresql.conf"), fmt.Sprintf("\nport = %d\n", replicaPort))
	r.start(r.replica)
	r.ReplicaURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/healthqa?sslmode=disable", replicaPort)
	var inRecovery bool
	r.query(r.ReplicaURL, "SELECT pg_is_in_recovery()", &inRecovery)
	if !inRecovery {
		tb.Fatal("the replica is not in recovery: pg_basebackup -R did not make a standby")
	}
	return r
}

// StopReplica stops the replica, fast (its sessions are ended); the
// primary keeps running.
func (r *Replication) StopReplica() {
	r.tb.Helper()
	r.run("pg_ctl", "-D", r.replica, "-m", "fast", "-w", "stop")
}

// CrashReplica stops the replica as a crash or a power cut would
// (pg_ctl stop -m immediate): its connections break without a word.
func (r *Replication) CrashReplica() {
	r.tb.Helper()
	r.run("pg_ctl", "-D", r.replica, "-m", "immediate", "-w", "stop")
}

// StartReplica starts the replica again after StopReplica or
// CrashReplica.
func (r *Replication) StartReplica() {
	r.tb.Helper()
	r.start(r.replica)
}

// WaitReplayed waits until the replica has replayed everything the
// primary had written when it was called.
func (r *Replication) WaitReplayed() {
	r.tb.Helper()
	var lsn string
	r.query(r.PrimaryURL, "SELECT pg_current_wal_lsn()::text", &lsn)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var done bool
		r.query(r.ReplicaURL, "SELECT pg_last_wal_replay_lsn() >= '"+lsn+"'::pg_lsn", &done)
		if done {
			return
		}
		if time.Now().After(deadline) {
			r.tb.Fatalf("the replica did not replay up to %s within 30 s", lsn)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *Replication) start(data string) {
	r.tb.Helper()
	r.run("pg_ctl", "-D", data, "-l", data+".log", "-w", "-t", "60", "start")
}

// remove stops both clusters, whatever state the test left them in,
// then deletes the folder.
func (r *Replication) remove() {
	for _, data := range []string{r.replica, r.primaryData} {
		if _, err := os.Stat(filepath.Join(data, "postmaster.pid")); err == nil {
			if out, err := r.command("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop").CombinedOutput(); err != nil {
				r.tb.Errorf("stopping the cluster in %s: %v\n%s", data, err, out)
			}
		}
	}
	os.RemoveAll(r.dir)
}

// command runs one of the server programs, as postgres when we are root.
func (r *Replication) command(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(r.bin, prog)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (r *Replication) run(prog string, args ...string) {
	r.tb.Helper()
	cmd := r.command(prog, args...)
	cmd.Dir = r.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		r.tb.Fatalf("%s %s: %v\n%s%s", prog, strings.Join(args, " "), err, out, r.logs())
	}
}

// logs are the clusters' server logs, for a failure's message.
func (r *Replication) logs() string {
	var b strings.Builder
	for _, data := range []string{r.primaryData, r.replica} {
		if out, err := os.ReadFile(data + ".log"); err == nil {
			fmt.Fprintf(&b, "\n--- %s.log ---\n%s", filepath.Base(data), out)
		}
	}
	return b.String()
}

func (r *Replication) appendFile(path, text string) {
	r.tb.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		r.tb.Fatal(err)
	}
}

func (r *Replication) exec(dsn, sql string) {
	r.tb.Helper()
	r.query(dsn, sql)
}

// query runs one statement on dsn, scanning its one row into dest, if
// any.
func (r *Replication) query(dsn, sql string, dest ...any) {
	r.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		r.tb.Fatalf("%s: %v", redactURL(dsn), err)
	}
	defer conn.Close(context.Background())
	if len(dest) == 0 {
		_, err = conn.Exec(ctx, sql)
	} else {
		err = conn.QueryRow(ctx, sql).Scan(dest...)
	}
	if err != nil {
		r.tb.Fatalf("%s on %s: %v", sql, redactURL(dsn), err)
	}
}

func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// freePort asks the kernel for a free port of 127.0.0.1. Another
// process may take it before the cluster does; the start then fails
// with the log saying so.
func freePort(tb testing.TB) int {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// chownToPostgres gives dir to the postgres user, who runs the servers.
func chownToPostgres(dir string) error {
	u, err := user.Lookup("postgres")
	if err != nil {
		return err
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("postgres user ids %q/%q", u.Uid, u.Gid)
	}
	return os.Chown(dir, uid, gid)
}
