package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Who the client is. Behind a reverse proxy (nginx in docs/DEPLOY.md)
// every connection comes from the proxy, so the sign-in throttle and the
// feedback limit, which count per client address, would count every
// reader as one. The proxy names the client in X-Forwarded-For; that
// header is believed only as far as the hops it names are proxies this
// node was told to trust (Options.TrustedProxies, serve's
// --trusted-proxy): anything to the left of the first untrusted hop was
// written by the client itself and may be a lie.

// ParseTrustedProxies reads CIDR prefixes ("10.0.0.0/8") or single
// addresses ("127.0.0.1", taken as /32 or /128), as serve's
// --trusted-proxy and HEALTHQA_TRUSTED_PROXIES give them.
func ParseTrustedProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		p, err := parseProxy(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parseProxy(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("trusted proxy %q: want an address or a CIDR prefix such as 10.0.0.0/8", s)
		}
		if p.Addr().Is4In6() {
			return netip.Prefix{}, fmt.Errorf("trusted proxy %q: write an IPv4 prefix as IPv4 (%s)", s, "10.0.0.0/8")
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("trusted proxy %q: want an address or a CIDR prefix such as 10.0.0.0/8", s)
	}
	a = a.Unmap().WithZone("")
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// maxForwardedHops bounds the work on a forged X-Forwarded-For: a real
// chain of proxies is a handful of hops.
const maxForwardedHops = 32

// clientAddr is the address of the client of r: the connection's peer,
// or, when the peer is a trusted proxy, the rightmost X-Forwarded-For
// hop that is not one. When every hop named is trusted, the leftmost is
// the client. A hop that does not parse ends the walk at the last
// trusted hop before it: what lies beyond was not written by a proxy we
// trust. The zero Addr means RemoteAddr itself is not an address (a
// test's or a unix socket's), and callers key by the raw text then.
func clientAddr(r *http.Request, trusted []netip.Prefix) netip.Addr {
	peer := peerAddr(r.RemoteAddr)
	if !peer.IsValid() || !isTrusted(peer, trusted) {
		return peer
	}
	client := peer
	hops := forwardedHops(r.Header.Values("X-Forwarded-For"))
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			return client
		}
		client = a.Unmap().WithZone("")
		if !isTrusted(client, trusted) {
			return client
		}
	}
	return client
}

// forwardedHops splits X-Forwarded-For's lines into hops, left to
// right, keeping at most the rightmost maxForwardedHops: the walk
// starts from the right and a longer chain is forged.
func forwardedHops(lines []string) []string {
	var hops []string
	for _, line := range lines {
		for h := range strings.SplitSeq(line, ",") {
			hops = append(hops, strings.TrimSpace(h))
		}
	}
	if len(hops) > maxForwardedHops {
		// The walk meets the cut first only if every hop right of it was
		// trusted; an empty hop there ends it at the last trusted one.
		hops = append([]string{""}, hops[len(hops)-maxForwardedHops:]...)
	}
	return hops
}

// peerAddr is the connection's peer address without port or zone.
func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientRemoteAddr is the client's address in RemoteAddr's form
// (host:port, port 0 when the address came from X-Forwarded-For), which
// is what the sign-in throttle and the feedback limit key by; RemoteAddr
// itself when it is no address.
func (s *Server) clientRemoteAddr(r *http.Request) string {
	a := clientAddr(r, s.opts.TrustedProxies)
	switch {
	case !a.IsValid():
		return r.RemoteAddr
	case len(s.opts.TrustedProxies) == 0:
		return r.RemoteAddr // nothing to look past: the common case costs nothing
	}
	return netip.AddrPortFrom(a, 0).String()
}

// client is the client's address for the access log.
func (s *Server) client(r *http.Request) string {
	if a := clientAddr(r, s.opts.TrustedProxies); a.IsValid() {
		return a.String()
	}
	return r.RemoteAddr
}
