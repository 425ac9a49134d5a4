package auth

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// maxForwardedHops bounds how far back ClientIP walks X-Forwarded-For; real chains of
// trusted proxies are a few hops, and the header is attacker-sized.
const maxForwardedHops = 32

// ClientIP returns the address of the client of r, for throttling and the audit log.
//
// It is the host of r.RemoteAddr — the socket's peer, which the client cannot choose — unless
// that peer is in trustedProxies. Only then is X-Forwarded-For read, from the right: each
// trusted proxy appends the address it received the request from, so the right-most entry that
// is not itself a trusted proxy is the first address no one we trust can vouch beyond. Entries
// to its left were written by the client and are ignored, so a forged X-Forwarded-For gains
// nothing. If the chain holds only trusted proxies, or a trusted proxy wrote something that is
// not an address, the farthest trusted hop reached is returned: a real address we can vouch
// for, never a client-chosen string.
//
// Addresses are returned in canonical form (IPv4-mapped IPv6 unmapped, zone dropped) so that
// one client always yields one key. A RemoteAddr that is not an IP address (a Unix socket) is
// returned as is.
func ClientIP(r *http.Request, trustedProxies []netip.Prefix) string {
	peer, ok := parseHostAddr(r.RemoteAddr)
	if !ok {
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			return host
		}
		return r.RemoteAddr
	}
	if !trusted(peer, trustedProxies) {
		return peer.String()
	}
	found := peer
	hops := 0
	values := r.Header.Values("X-Forwarded-For")
	// Several header lines form one list in order (RFC 9110 §5.3), so walk them last to first.
	for i := len(values) - 1; i >= 0; i-- {
		v := values[i]
		for v != "" {
			if hops++; hops > maxForwardedHops {
				return found.String()
			}
			var entry string
			if j := strings.LastIndexByte(v, ','); j >= 0 {
				v, entry = v[:j], v[j+1:]
			} else {
				v, entry = "", v
			}
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue // "a,,b" or a trailing comma: no hop, nothing claimed
			}
			addr, ok := parseHostAddr(entry)
			if !ok {
				return found.String()
			}
			if !trusted(addr, trustedProxies) {
				return addr.String()
			}
			found = addr
		}
	}
	return found.String()
}

// parseHostAddr parses an IP address as found in RemoteAddr or X-Forwarded-For: bare
// ("192.0.2.1", "2001:db8::1"), bracketed ("[2001:db8::1]") or with a port, and canonicalises it.
func parseHostAddr(s string) (netip.Addr, bool) {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, err2 := netip.ParseAddrPort(s)
		if err2 != nil {
			inner, ok := strings.CutPrefix(s, "[")
			if inner, ok2 := strings.CutSuffix(inner, "]"); ok && ok2 {
				if a, err3 := netip.ParseAddr(inner); err3 == nil && a.Is6() {
					return canonicalAddr(a), true
				}
			}
			return netip.Addr{}, false
		}
		addr = ap.Addr()
	}
	return canonicalAddr(addr), true
}

// canonicalAddr unmaps ::ffff:a.b.c.d and drops any zone, which netip.Prefix.Contains would
// otherwise refuse to match and which says nothing about who the client is.
func canonicalAddr(a netip.Addr) netip.Addr {
	return a.Unmap().WithZone("")
}

func trusted(a netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
