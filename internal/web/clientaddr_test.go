package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"healthqa/internal/account"
)

func TestClientAddr(t *testing.T) {
	nginx := []string{"127.0.0.1"}
	twoTiers := []string{"127.0.0.1", "10.0.0.0/8"}
	longChain := "10.0.0.1" + strings.Repeat(", 10.0.0.2", 2*maxForwardedHops)
	tests := []struct {
		name    string
		trusted []string
		remote  string
		xff     []string // header lines
		want    string
	}{
		{"no proxy trusted: the peer, whatever the header says", nil, "198.51.100.9:4000", []string{"203.0.113.7"}, "198.51.100.9"},
		{"untrusted peer: header ignored", nginx, "198.51.100.9:4000", []string{"203.0.113.7"}, "198.51.100.9"},
		{"trusted peer, one hop", nginx, "127.0.0.1:4000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"trusted peer without the header", nginx, "127.0.0.1:4000", nil, "127.0.0.1"},
		{"spoofed: the client's own header through nginx", nginx, "127.0.0.1:4000", []string{"192.0.2.66, 203.0.113.7"}, "203.0.113.7"},
		{"spoofed: the client claims to be a trusted proxy", nginx, "127.0.0.1:4000", []string{"127.0.0.1, 203.0.113.7"}, "203.0.113.7"},
		{"spoofed: garbage left of the real hop", nginx, "127.0.0.1:4000", []string{"<script>, 203.0.113.7"}, "203.0.113.7"},
		{"spoofed: a second header line from the client", nginx, "127.0.0.1:4000", []string{"192.0.2.66", "203.0.113.7"}, "203.0.113.7"},
		{"two tiers of proxies", twoTiers, "127.0.0.1:4000", []string{"192.0.2.66, 203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		{"every hop trusted: the farthest", twoTiers, "127.0.0.1:4000", []string{"10.9.9.9, 10.1.2.3"}, "10.9.9.9"},
		{"a bad rightmost hop: stop at the proxy", nginx, "127.0.0.1:4000", []string{"203.0.113.7, not-an-ip"}, "127.0.0.1"},
		{"a hop with a port is not an address", nginx, "127.0.0.1:4000", []string{"203.0.113.7:5555"}, "127.0.0.1"},
		{"IPv6 client", nginx, "127.0.0.1:4000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"IPv4-mapped peer matches an IPv4 prefix", nginx, "[::ffff:127.0.0.1]:4000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"IPv6 proxy", []string{"::1"}, "[::1]:4000", []string{"203.0.113.7"}, "203.0.113.7"},
		{"a forged chain longer than the bound", twoTiers, "127.0.0.1:4000", []string{longChain}, "10.0.0.2"},
		{"a peer that is no address", nginx, "pipe", []string{"203.0.113.7"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			trusted, err := ParseTrustedProxies(tc.trusted)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			got := clientAddr(r, trusted)
			if want := tc.want; (want == "" && got.IsValid()) || (want != "" && got != netip.MustParseAddr(want)) {
				t.Errorf("clientAddr = %v, want %q", got, want)
			}
		})
	}
}

func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		in   []string
		want string // prefixes joined by a space, or "error"
	}{
		{[]string{"127.0.0.1"}, "127.0.0.1/32"},
		{[]string{" 10.1.2.3/8 ", "", "::1"}, "10.0.0.0/8 ::1/128"},
		{[]string{"2001:db8::/32"}, "2001:db8::/32"},
		{[]string{"::ffff:10.0.0.1"}, "10.0.0.1/32"},
		{[]string{"10.0.0.0/33"}, "error"},
		{[]string{"::ffff:10.0.0.0/104"}, "error"},
		{[]string{"proxy.example"}, "error"},
		{[]string{"10.0.0.0/8", "nginx"}, "error"},
	}
	for _, tc := range tests {
		got, err := ParseTrustedProxies(tc.in)
		var s []string
		for _, p := range got {
			s = append(s, p.String())
		}
		if g := strings.Join(s, " "); (err != nil) != (tc.want == "error") || (err == nil && g != tc.want) {
			t.Errorf("ParseTrustedProxies(%q) = %q, %v; want %s", tc.in, g, err, tc.want)
		}
	}
}

// Behind nginx every vote comes from 127.0.0.1: with the proxy trusted,
// the feedback limit counts readers apart; without, it counts them as
// one (the reason for --trusted-proxy), and a reader cannot escape the
// limit by sending an X-Forwarded-For of their own through the proxy.
func TestFeedbackLimitBehindProxy(t *testing.T) {
	vote := func(s *Server, forwarded string) int {
		r := httptest.NewRequest("POST", "/feedback/no-such-answer", strings.NewReader("helpful=yes"))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = "127.0.0.1:5000"
		r.Header.Set("X-Forwarded-For", forwarded)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Code
	}
	tests := []struct {
		name    string
		trusted []string
		other   string // a second reader's X-Forwarded-For once the first is limited
		limited bool   // whether the second reader is refused too
	}{
		{"proxy trusted: another reader votes", []string{"127.0.0.1"}, "203.0.113.8", false},
		{"proxy trusted: a spoofed header does not help", []string{"127.0.0.1"}, "203.0.113.8, 203.0.113.7", true},
		{"proxy not trusted: everyone is the proxy", nil, "203.0.113.8", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestServer(t)
			var err error
			if s.opts.TrustedProxies, err = ParseTrustedProxies(tc.trusted); err != nil {
				t.Fatal(err)
			}
			for i := range feedbackBurst {
				if code := vote(s, "203.0.113.7"); code == http.StatusTooManyRequests {
					t.Fatalf("vote %d refused within the burst", i+1)
				}
			}
			if code := vote(s, "203.0.113.7"); code != http.StatusTooManyRequests {
				t.Fatalf("vote past the burst: %d, want 429", code)
			}
			if code := vote(s, tc.other); (code == http.StatusTooManyRequests) != tc.limited {
				t.Errorf("second reader (%s): %d, limited want %v", tc.other, code, tc.limited)
			}
		})
	}
}

// Behind a trusted proxy the sign-in throttle locks the client that
// failed, not every reader behind the proxy; a forged header does not
// free the locked client.
func TestSigninThrottleBehindProxy(t *testing.T) {
	site := newTestSite(t)
	var err error
	if site.srv.opts.TrustedProxies, err = ParseTrustedProxies([]string{"127.0.0.1", "::1"}); err != nil {
		t.Fatal(err)
	}
	u := site.createUser("Proxy Person", "")
	attacker, reader := site.anonymous(), site.anonymous()
	for i := range account.DefaultThrottle.ClientLimit {
		attacker.postForm("/signin", signinForm("victim"+string(rune('a'+i))+"@example.org", "wrong password"),
			"X-Forwarded-For", "203.0.113.7").Body.Close()
	}
	tests := []struct {
		name      string
		agent     *agent
		forwarded string
		want      int
	}{
		{"the client that failed is locked", attacker, "203.0.113.7", http.StatusTooManyRequests},
		{"a forged hop does not free it", attacker, "198.51.100.1, 203.0.113.7", http.StatusTooManyRequests},
		{"another reader signs in", reader, "203.0.113.8", http.StatusSeeOther},
	}
	for _, tc := range tests {
		resp := tc.agent.postForm("/signin", signinForm(u.Email, testPassword), "X-Forwarded-For", tc.forwarded)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}
}
