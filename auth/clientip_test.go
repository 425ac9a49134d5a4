package auth_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"canbo/auth"
)

var proxies = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("2001:db8:ffff::/48"),
}

func request(remote string, xff ...string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/login", nil)
	r.RemoteAddr = remote
	for _, v := range xff {
		r.Header.Add("X-Forwarded-For", v)
	}
	return r
}

func TestClientIP(t *testing.T) {
	manyProxies := strings.Repeat("10.1.1.1, ", 40) + "10.2.2.2"
	tests := []struct {
		name    string
		remote  string
		xff     []string
		proxies []netip.Prefix
		want    string
	}{
		{"direct", "203.0.113.7:51000", nil, proxies, "203.0.113.7"},
		{"forged header from an untrusted peer", "203.0.113.7:51000", []string{"198.51.100.1"}, proxies, "203.0.113.7"},
		{"forged trusted address from an untrusted peer", "203.0.113.7:51000", []string{"10.0.0.1"}, proxies, "203.0.113.7"},
		{"no trusted proxies configured", "10.0.0.2:80", []string{"198.51.100.1"}, nil, "10.0.0.2"},
		{"one proxy", "10.0.0.2:80", []string{"203.0.113.7"}, proxies, "203.0.113.7"},
		{"forged entry left of the proxy's", "10.0.0.2:80", []string{"198.51.100.1, 203.0.113.7"}, proxies, "203.0.113.7"},
		{"forged trusted entries left of the proxy's", "10.0.0.2:80", []string{"198.51.100.1, 10.0.0.5, 203.0.113.7"}, proxies, "203.0.113.7"},
		{"two proxies", "10.0.0.2:80", []string{"203.0.113.7, 10.0.0.1"}, proxies, "203.0.113.7"},
		{"two proxies, header lines", "10.0.0.2:80", []string{"198.51.100.1, 203.0.113.7", "10.0.0.1"}, proxies, "203.0.113.7"},
		{"only proxies in the chain", "10.0.0.2:80", []string{"10.0.0.1"}, proxies, "10.0.0.1"},
		{"proxy sent no header", "10.0.0.2:80", nil, proxies, "10.0.0.2"},
		{"empty header", "10.0.0.2:80", []string{""}, proxies, "10.0.0.2"},
		{"empty entries", "10.0.0.2:80", []string{" , 203.0.113.7,, ,"}, proxies, "203.0.113.7"},
		{"malformed right-most entry", "10.0.0.2:80", []string{"203.0.113.7, garbage"}, proxies, "10.0.0.2"},
		{"malformed entry after a proxy hop", "10.0.0.2:80", []string{"unknown, 10.0.0.1"}, proxies, "10.0.0.1"},
		{"hostname entry", "10.0.0.2:80", []string{"evil.example"}, proxies, "10.0.0.2"},
		{"overflowing octet", "10.0.0.2:80", []string{"203.0.113.256"}, proxies, "10.0.0.2"},
		{"entry with port", "10.0.0.2:80", []string{"203.0.113.7:5555"}, proxies, "203.0.113.7"},
		{"IPv6 peer", "[2001:db8::1]:443", []string{"198.51.100.1"}, proxies, "2001:db8::1"},
		{"IPv6 trusted proxy", "[2001:db8:ffff::1]:443", []string{"2001:db8:1::5"}, proxies, "2001:db8:1::5"},
		{"IPv6 entry bracketed with port", "10.0.0.2:80", []string{"[2001:db8::7]:443"}, proxies, "2001:db8::7"},
		{"IPv6 entry bracketed", "10.0.0.2:80", []string{"[2001:db8::7]"}, proxies, "2001:db8::7"},
		{"IPv6 entry not canonical", "10.0.0.2:80", []string{"2001:DB8:0:0::7"}, proxies, "2001:db8::7"},
		{"bracketed IPv4 is malformed", "10.0.0.2:80", []string{"[203.0.113.7]"}, proxies, "10.0.0.2"},
		{"IPv4-mapped peer", "[::ffff:10.0.0.2]:80", []string{"203.0.113.7"}, proxies, "203.0.113.7"},
		{"IPv4-mapped entry", "10.0.0.2:80", []string{"::ffff:203.0.113.7"}, proxies, "203.0.113.7"},
		{"zoned peer", "[fe80::1%eth0]:80", nil, proxies, "fe80::1"},
		{"peer without port", "203.0.113.7", nil, proxies, "203.0.113.7"},
		{"unix socket peer", "@", []string{"203.0.113.7"}, proxies, "@"},
		{"empty peer", "", []string{"203.0.113.7"}, proxies, ""},
		{"hop limit", "10.0.0.2:80", []string{"203.0.113.7, " + manyProxies}, proxies, "10.1.1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.ClientIP(request(tt.remote, tt.xff...), tt.proxies); got != tt.want {
				t.Errorf("ClientIP = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzClientIP(f *testing.F) {
	f.Add("10.0.0.2:80", "198.51.100.1, 203.0.113.7, 10.0.0.1")
	f.Add("203.0.113.7:1", "10.0.0.1")
	f.Add("[2001:db8:ffff::1]:443", "[2001:db8::7]:443,,garbage")
	f.Add("@", "")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		got := auth.ClientIP(request(remote, xff), proxies)
		bare := auth.ClientIP(request(remote), proxies)
		peer, err := netip.ParseAddrPort(remote)
		if err != nil {
			return
		}
		if !trustedPeer(peer.Addr()) {
			if got != bare {
				t.Errorf("untrusted peer %q: header %q changed the result from %q to %q", remote, xff, bare, got)
			}
			return
		}
		a, err := netip.ParseAddr(got)
		if err != nil {
			t.Fatalf("result %q is not an address", got)
		}
		if a.String() != got {
			t.Errorf("result %q is not canonical", got)
		}
		if got == bare {
			return
		}
		// Otherwise it came from the header, and every entry right of it is a trusted proxy.
		entries := strings.Split(xff, ",")
		for i := len(entries) - 1; i >= 0; i-- {
			e, ok := entryAddr(entries[i])
			if ok && e.String() == got {
				return
			}
			if strings.TrimSpace(entries[i]) != "" && (!ok || !trustedPeer(e)) {
				break
			}
		}
		t.Errorf("result %q is not the first untrusted entry of %q", got, xff)
	})
}

func trustedPeer(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func entryAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil && a.Is6() && strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		return a.Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}
