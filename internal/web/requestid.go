package web

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"
)

// Request ids tie a request's log lines together, and to the balancer's
// and the client's: a well-formed X-Request-Id (nginx's $request_id in
// deploy/nginx.conf) is kept, any other is replaced by a random one, and
// the id goes back in the response's X-Request-Id. Every line the
// server logs with the request's context carries it (requestIDHandler).

const requestIDHeader = "X-Request-Id"

// maxRequestID bounds a client's id: enough for a UUID or a trace id
// with a prefix, too little to fill the logs.
const maxRequestID = 64

// goodRequestID accepts 1 to maxRequestID characters of letters,
// digits and "-_.:": nothing that could break a log line or a header.
func goodRequestID(id string) bool {
	if id == "" || len(id) > maxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

// newRequestID is 16 random bytes in hex, as nginx's $request_id. An
// id must be unique, not secret: math/rand/v2's generator (ChaCha8 per
// thread, seeded from the system) makes one without a system call on
// every request, which crypto/rand may need.
func newRequestID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	return hex.EncodeToString(b[:])
}

type requestIDKey struct{}

// withRequestID gives r its id, in its context and in the response's
// header.
func withRequestID(w http.ResponseWriter, r *http.Request) (*http.Request, string) {
	id := r.Header.Get(requestIDHeader)
	if !goodRequestID(id) {
		id = newRequestID()
	}
	w.Header().Set(requestIDHeader, id)
	return r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)), id
}

// RequestID is the id of the request whose context ctx is, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestIDHandler adds request_id to every record logged with a
// request's context (s.log.ErrorContext(r.Context(), …)).
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, rec slog.Record) error {
	if id := RequestID(ctx); id != "" {
		rec.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, rec)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// slowRequest is how long a request may take before its access line is
// logged at Info rather than Debug.
const slowRequest = 2 * time.Second

// logAccess writes the request's access line. At the default level
// (info) only requests that failed on the server (500, not the 503s
// of shedding, which come by the thousand under a flood and are
// counted by the metrics) or took longer than slowRequest are logged;
// --log-level debug logs every request. One line per request at Info
// would write a line per page served under load, thousands a second on
// cache hits: the logs would cost more than the pages, and the metrics
// count the same in aggregate.
func (s *Server) logAccess(r *http.Request, sw *statusWriter, d time.Duration) {
	level := slog.LevelDebug
	if sw.status == http.StatusInternalServerError || d >= slowRequest {
		level = slog.LevelInfo
	}
	ctx := r.Context()
	if !s.log.Enabled(ctx, level) {
		return
	}
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	s.log.LogAttrs(ctx, level, "request",
		slog.String("method", r.Method), slog.String("route", route), slog.String("path", r.URL.Path),
		slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes), slog.Duration("duration", d),
		slog.String("client", s.client(r)))
}
