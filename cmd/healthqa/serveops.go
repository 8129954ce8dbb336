package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"healthqa/internal/web"
)

// serve's operations settings (issue 10, docs/DEPLOY.md): the metrics
// listener, the proxies trusted to name the client, and how the node
// drains on SIGTERM.
type opsFlags struct {
	metricsAddr *string
	proxies     proxyList
	drain       drainPlan
}

func addOpsFlags(fs *flag.FlagSet) *opsFlags {
	o := &opsFlags{}
	o.metricsAddr = fs.String("metrics-addr", "", "address of a separate listener serving Prometheus metrics at /metrics, e.g. 127.0.0.1:9090; empty: no metrics (they are never on the public address)")
	fs.Var(&o.proxies, "trusted-proxy", "a reverse proxy (address or CIDR prefix) whose X-Forwarded-For names the client, for the sign-in throttle, the feedback limit and the logs; repeat for several; the variable takes a comma-separated list (default: none, the connection's peer is the client)")
	fs.DurationVar(&o.drain.timeout, "drain-timeout", 10*time.Second, "on SIGTERM, how long requests in flight may take to finish after the listener closes; past it they are cut and serve exits 1")
	fs.DurationVar(&o.drain.delay, "drain-delay", 0, "on SIGTERM, how long to keep serving with /readyz at 503 before the listener closes, so that balancers with active health checks stop sending first (nginx's passive checks need none)")
	return o
}

// check refuses settings that cannot work, before anything opens.
func (o *opsFlags) check() error {
	if o.drain.timeout <= 0 {
		return usageError{"--drain-timeout: must be more than 0"}
	}
	if o.drain.delay < 0 {
		return usageError{"--drain-delay: must not be negative"}
	}
	return nil
}

// proxyList is --trusted-proxy: repeatable, each value also a
// comma-separated list, as HEALTHQA_TRUSTED_PROXIES gives it. Values
// from the environment are replaced, not extended, by the first one on
// the command line: a flag wins over the variable, as for every flag.
type proxyList struct {
	prefixes []netip.Prefix
	fromEnv  bool
}

func (l *proxyList) String() string {
	if l == nil {
		return ""
	}
	s := make([]string, len(l.prefixes))
	for i, p := range l.prefixes {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

func (l *proxyList) Set(v string) error {
	ps, err := web.ParseTrustedProxies(strings.Split(v, ","))
	if err != nil {
		return err
	}
	if l.fromEnv {
		l.prefixes, l.fromEnv = nil, false
	}
	l.prefixes = append(l.prefixes, ps...)
	return nil
}

// setFromEnv is Set for the environment's value (applyEnv).
func (l *proxyList) setFromEnv(v string) error {
	if err := l.Set(v); err != nil {
		return err
	}
	l.fromEnv = true
	return nil
}

// drainPlan is how serve stops on SIGTERM: /readyz turns 503 at once
// (begin), the node keeps serving for delay so that balancers polling
// /readyz take it out, then the listener closes (new connections are
// refused) and requests in flight have timeout to finish.
type drainPlan struct {
	delay, timeout time.Duration
	begin          func()
}

// drain stops srv by the plan. Requests still running at the deadline
// are cut and drain says so: the supervisor should know.
func (p drainPlan) drain(srv *http.Server, log *slog.Logger) error {
	if p.begin != nil {
		p.begin()
	}
	if p.delay > 0 {
		log.Info("draining: /readyz is 503; still serving", "for", p.delay)
		time.Sleep(p.delay)
	}
	log.Info("shutting down: the listener is closed, requests in flight may finish", "within", p.timeout)
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		srv.Close()
		return fmt.Errorf("requests still in flight %v after the listener closed were cut (--drain-timeout)", p.timeout)
	}
	return err
}

// newMetrics makes the metrics when there is a listener for them; nil
// otherwise, which counts nothing.
func newMetrics(addr string) *web.Metrics {
	if addr == "" {
		return nil
	}
	return web.NewMetrics()
}

// serveMetrics starts the metrics listener, when there is one; stop
// ends it. It listens before the site does, so that a mistyped address
// fails the start rather than a scrape later.
func serveMetrics(addr string, m *web.Metrics, log *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--metrics-addr: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 60 * time.Second, MaxHeaderBytes: 16 << 10}
	log.Info("metrics", "addr", "http://"+ln.Addr().String()+"/metrics")
	go srv.Serve(ln)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}
