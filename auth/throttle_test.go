package auth_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"canbo/auth"
)

// step is one event of a throttle scenario at t0+at.
type step struct {
	at      time.Duration
	op      string // "fail": allowed, then fails; "login": allowed, then succeeds;
	account string // "refused": not allowed; "allow": allowed, left in flight;
	client  string // "release": allowed, then released; "failOnly": Fail without Allow
	retry   time.Duration
}

// attack returns n failed attempts on account from client at at.
func attack(at time.Duration, account, client string, n int) []step {
	s := make([]step, n)
	for i := range s {
		s[i] = step{at: at, op: "fail", account: account, client: client}
	}
	return s
}

// spread returns MaxFailures failures on account from each of the clients at at.
func spread(at time.Duration, account string, clients ...string) []step {
	var s []step
	for _, c := range clients {
		s = append(s, attack(at, account, c, 5)...)
	}
	return s
}

func steps(parts ...any) []step {
	var s []step
	for _, p := range parts {
		switch p := p.(type) {
		case step:
			s = append(s, p)
		case []step:
			s = append(s, p...)
		}
	}
	return s
}

// Addresses: A, B attackers' or users' addresses; K the owner's known one; N a new one.
const (
	addrA = "198.51.100.1"
	addrB = "198.51.100.2"
	addrK = "203.0.113.10"
	addrN = "203.0.113.99"
)

var botnet = []string{"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"}

func TestThrottle(t *testing.T) {
	const m = time.Minute
	tests := []struct {
		name   string
		policy auth.Policy
		steps  []step
	}{
		{
			name: "five failures lock the pair for the lockout",
			steps: steps(
				attack(0, "admin", addrA, 5),
				step{at: 0, op: "refused", account: "admin", client: addrA, retry: 15 * m},
				step{at: 15*m - time.Second, op: "refused", account: "admin", client: addrA, retry: time.Second},
				step{at: 15 * m, op: "fail", account: "admin", client: addrA},
			),
		},
		{
			name: "four failures do not lock",
			steps: steps(
				attack(0, "admin", addrA, 4),
				step{at: 0, op: "login", account: "admin", client: addrA},
			),
		},
		{
			name: "a locked address does not lock the account elsewhere",
			steps: steps(
				attack(0, "admin", addrA, 5),
				step{at: 0, op: "login", account: "admin", client: addrN},
			),
		},
		{
			name: "one address renewing its lock forever never locks the owner out",
			steps: func() []step {
				var s []step
				for i := range 12 { // three hours, one lock every Lockout
					at := time.Duration(i) * 15 * m
					s = append(s, attack(at, "admin", addrA, 5)...)
					s = append(s, step{at: at, op: "refused", account: "admin", client: addrA, retry: 15 * m})
					// The owner from an address never seen before.
					s = append(s, step{at: at + m, op: "login", account: "admin", client: fmt.Sprintf("203.0.113.%d", 100+i)})
				}
				return s
			}(),
		},
		{
			name: "a distributed attack locks the account against new clients only",
			steps: steps(
				step{at: -time.Hour, op: "login", account: "admin", client: addrK},
				spread(0, "admin", botnet...),
				step{at: 0, op: "refused", account: "admin", client: addrN, retry: 15 * m},
				step{at: 0, op: "refused", account: "admin", client: "192.0.2.77", retry: 15 * m},
				step{at: m, op: "login", account: "admin", client: addrK},
				step{at: 15 * m, op: "login", account: "admin", client: addrN},
			),
		},
		{
			name: "a botnet renewing the account lock forever cannot lock out a known client",
			steps: func() []step {
				s := []step{{at: -24 * time.Hour, op: "login", account: "admin", client: addrK}}
				for i := range 12 {
					at := time.Duration(i) * 15 * m
					s = append(s, spread(at, "admin", botnet...)...)
					s = append(s, step{at: at, op: "refused", account: "admin", client: addrN, retry: 15 * m})
					s = append(s, step{at: at + m, op: "login", account: "admin", client: addrK})
				}
				return s
			}(),
		},
		{
			name: "the account lock ends when the attack stops",
			steps: steps(
				spread(0, "admin", botnet...),
				step{at: 14 * m, op: "refused", account: "admin", client: addrN, retry: m},
				step{at: 15 * m, op: "login", account: "admin", client: addrN},
			),
		},
		{
			name: "failures on the known pair itself still lock it",
			steps: steps(
				step{at: 0, op: "login", account: "admin", client: addrK},
				attack(m, "admin", addrK, 5),
				step{at: m, op: "refused", account: "admin", client: addrK, retry: 15 * m},
			),
		},
		{
			name: "a known client is forgotten after KnownClientTTL",
			steps: steps(
				step{at: 0, op: "login", account: "admin", client: addrK},
				spread(30*24*time.Hour, "admin", botnet...),
				step{at: 30 * 24 * time.Hour, op: "refused", account: "admin", client: addrK, retry: 15 * m},
			),
		},
		{
			name: "each login renews the known client",
			steps: steps(
				step{at: 0, op: "login", account: "admin", client: addrK},
				step{at: 20 * 24 * time.Hour, op: "login", account: "admin", client: addrK},
				spread(40*24*time.Hour, "admin", botnet...),
				step{at: 40 * 24 * time.Hour, op: "login", account: "admin", client: addrK},
			),
		},
		{
			name: "one address spraying many accounts is locked",
			steps: func() []step {
				s := []step{{at: -time.Hour, op: "login", account: "owner", client: addrA}}
				for i := range 20 {
					s = append(s, step{at: 0, op: "fail", account: fmt.Sprintf("user%d", i), client: addrA})
				}
				return append(s,
					step{at: 0, op: "refused", account: "user99", client: addrA, retry: 15 * m},
					step{at: 0, op: "login", account: "user99", client: addrB},      // other addresses unaffected
					step{at: 0, op: "login", account: "owner", client: addrA},       // the known owner behind the same address
					step{at: 15 * m, op: "login", account: "user99", client: addrA}, // and the lock ends
				)
			}(),
		},
		{
			name: "a valid login does not reset another account's spraying",
			steps: func() []step {
				var s []step
				for i := range 19 {
					s = append(s, step{at: 0, op: "fail", account: fmt.Sprintf("user%d", i), client: addrA})
				}
				return append(s,
					step{at: 0, op: "login", account: "insider", client: addrA},
					step{at: 0, op: "fail", account: "user19", client: addrA},
					step{at: 0, op: "refused", account: "user20", client: addrA, retry: 15 * m},
				)
			}(),
		},
		{
			name: "a valid login forgives the user's own typos at the address",
			steps: func() []step {
				s := attack(0, "me", addrA, 4)
				for i := range 15 {
					s = append(s, step{at: 0, op: "fail", account: fmt.Sprintf("user%d", i), client: addrA})
				}
				s = append(s, step{at: 0, op: "login", account: "me", client: addrA}) // 19 → 15
				for i := 15; i < 19; i++ {
					s = append(s, step{at: 0, op: "fail", account: fmt.Sprintf("user%d", i), client: addrA})
				}
				return append(s, step{at: 0, op: "fail", account: "user19", client: addrA})
			}(),
		},
		{
			name: "a login clears the pair's failures",
			steps: steps(
				attack(0, "admin", addrA, 4),
				step{at: 0, op: "login", account: "admin", client: addrA},
				attack(0, "admin", addrA, 4),
				step{at: 0, op: "login", account: "admin", client: addrA},
			),
		},
		{
			name: "failures older than the window are forgotten",
			steps: steps(
				attack(0, "admin", addrA, 4),
				attack(15*m, "admin", addrA, 4),
				step{at: 15 * m, op: "login", account: "admin", client: addrA},
			),
		},
		{
			name: "failures within the window add up",
			steps: steps(
				attack(0, "admin", addrA, 4),
				attack(15*m-time.Second, "admin", addrA, 1),
				step{at: 15*m - time.Second, op: "refused", account: "admin", client: addrA, retry: 15 * m},
			),
		},
		{
			name: "failures while locked do not extend the lock",
			steps: steps(
				attack(0, "admin", addrA, 5),
				step{at: 5 * m, op: "failOnly", account: "admin", client: addrA},
				step{at: 10 * m, op: "failOnly", account: "admin", client: addrA},
				step{at: 10 * m, op: "refused", account: "admin", client: addrA, retry: 5 * m},
				step{at: 15 * m, op: "login", account: "admin", client: addrA},
			),
		},
		{
			name: "an IPv6 /64 counts as one client",
			steps: steps(
				step{at: 0, op: "fail", account: "admin", client: "2001:db8::1"},
				step{at: 0, op: "fail", account: "admin", client: "2001:db8::2"},
				step{at: 0, op: "fail", account: "admin", client: "2001:db8::a:3"},
				step{at: 0, op: "fail", account: "admin", client: "2001:db8::ffff:ffff:ffff:4"},
				step{at: 0, op: "fail", account: "admin", client: "2001:db8::5"},
				step{at: 0, op: "refused", account: "admin", client: "2001:db8::6", retry: 15 * m},
				step{at: 0, op: "login", account: "admin", client: "2001:db8:0:1::1"},
			),
		},
		{
			name: "an IPv4-mapped address is the IPv4 address",
			steps: steps(
				attack(0, "admin", "::ffff:198.51.100.1", 5),
				step{at: 0, op: "refused", account: "admin", client: addrA, retry: 15 * m},
			),
		},
		{
			name: "attempts in flight count against the limit",
			steps: steps(
				step{at: 0, op: "allow", account: "admin", client: addrA},
				step{at: 0, op: "allow", account: "admin", client: addrA},
				step{at: 0, op: "allow", account: "admin", client: addrA},
				step{at: 0, op: "allow", account: "admin", client: addrA},
				step{at: 0, op: "allow", account: "admin", client: addrA},
				step{at: 0, op: "refused", account: "admin", client: addrA, retry: time.Second},
				step{at: 0, op: "login", account: "admin", client: addrB},
				step{at: m, op: "allow", account: "admin", client: addrA}, // unsettled ones lapse
			),
		},
		{
			name: "a correct password awaiting its second factor counts neither way",
			steps: steps(
				attack(0, "admin", addrA, 4),
				step{at: 0, op: "release", account: "admin", client: addrA},
				step{at: 0, op: "release", account: "admin", client: addrA},
				step{at: 0, op: "release", account: "admin", client: addrA},
				step{at: 0, op: "release", account: "admin", client: addrA},
				step{at: 0, op: "release", account: "admin", client: addrA},
				step{at: 0, op: "fail", account: "admin", client: addrA}, // the TOTP code is wrong
				step{at: 0, op: "refused", account: "admin", client: addrA, retry: 15 * m},
			),
		},
		{
			name: "a correct password does not make the address known",
			steps: steps(
				step{at: 0, op: "release", account: "admin", client: addrA},
				spread(0, "admin", botnet...),
				step{at: 0, op: "refused", account: "admin", client: addrA, retry: 15 * m},
			),
		},
		{
			name:   "policy: 3 failures lock for an hour",
			policy: auth.Policy{MaxFailures: 3, Lockout: time.Hour, Window: time.Hour},
			steps: steps(
				attack(0, "admin", addrA, 2),
				attack(50*m, "admin", addrA, 1),
				step{at: 50 * m, op: "refused", account: "admin", client: addrA, retry: time.Hour},
				step{at: 110 * m, op: "login", account: "admin", client: addrA},
			),
		},
		{
			name:   "policy: account limit",
			policy: auth.Policy{AccountMaxFailures: 7},
			steps: steps(
				attack(0, "admin", addrA, 4),
				attack(0, "admin", addrB, 3),
				step{at: 0, op: "refused", account: "admin", client: addrN, retry: 15 * m},
			),
		},
		{
			name:   "policy: client limit",
			policy: auth.Policy{ClientMaxFailures: 2},
			steps: steps(
				attack(0, "a", addrA, 1),
				attack(0, "b", addrA, 1),
				step{at: 0, op: "refused", account: "c", client: addrA, retry: 15 * m},
			),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := auth.NewThrottle(tt.policy)
			for i, s := range tt.steps {
				now := t0.Add(s.at)
				ok, retry := true, time.Duration(0)
				if s.op != "failOnly" {
					ok, retry = th.Allow(s.account, s.client, now)
				}
				if want := s.op != "refused"; ok != want || (!ok && retry != s.retry) {
					t.Fatalf("step %d (%s %s from %s at +%v): Allow = %v, %v; want %v, %v",
						i, s.op, s.account, s.client, s.at, ok, retry, want, s.retry)
				}
				switch s.op {
				case "fail", "failOnly":
					th.Fail(s.account, s.client, now)
				case "login":
					th.Succeed(s.account, s.client, now)
				case "release":
					th.Release(s.account, s.client, now)
				}
			}
		})
	}
}

func TestPolicyDefaults(t *testing.T) {
	tests := []struct {
		name string
		in   auth.Policy
		want auth.Policy
	}{
		{"zero", auth.Policy{}, auth.Policy{
			MaxFailures: 5, Lockout: 15 * time.Minute, Window: 15 * time.Minute,
			ClientMaxFailures: 20, AccountMaxFailures: 20, KnownClientTTL: 30 * 24 * time.Hour, MaxKeys: 100_000,
		}},
		{"negative", auth.Policy{MaxFailures: -1, Lockout: -time.Second}, auth.Policy{
			MaxFailures: 5, Lockout: 15 * time.Minute, Window: 15 * time.Minute,
			ClientMaxFailures: 20, AccountMaxFailures: 20, KnownClientTTL: 30 * 24 * time.Hour, MaxKeys: 100_000,
		}},
		{"account limit follows MaxFailures", auth.Policy{MaxFailures: 3, Lockout: time.Hour}, auth.Policy{
			MaxFailures: 3, Lockout: time.Hour, Window: 15 * time.Minute,
			ClientMaxFailures: 20, AccountMaxFailures: 12, KnownClientTTL: 30 * 24 * time.Hour, MaxKeys: 100_000,
		}},
	}
	if got, want := auth.DefaultPolicy(), tests[0].want; got != want {
		t.Errorf("DefaultPolicy() = %+v, want %+v", got, want)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.NewThrottle(tt.in).Policy(); got != tt.want {
				t.Errorf("Policy() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestThrottle_MemoryBounded(t *testing.T) {
	th := auth.NewThrottle(auth.Policy{MaxKeys: 100})
	for i := range 10_000 {
		account, client := fmt.Sprintf("user%d", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		th.Fail(account, client, t0)
		if i%10 == 0 {
			th.Succeed(account, client, t0)
		}
	}
	counters, known := auth.ThrottleSizes(th)
	if counters > 100 || known > 100 {
		t.Errorf("sizes = %d counters, %d known; want at most 100 each", counters, known)
	}

	// Idle state is pruned once it can no longer matter.
	th.Allow("x", "192.0.2.1", t0.Add(16*time.Minute))
	if counters, _ := auth.ThrottleSizes(th); counters != 3 {
		t.Errorf("after the window: %d counters, want 3 (the new attempt's)", counters)
	}
	th.Allow("x", "192.0.2.1", t0.Add(31*24*time.Hour))
	if _, known := auth.ThrottleSizes(th); known != 0 {
		t.Errorf("after KnownClientTTL: %d known, want 0", known)
	}
}

func TestThrottle_Concurrent(t *testing.T) {
	// Many requests for one pair race through Allow before any Fail: exactly MaxFailures get
	// to try a password, whatever the interleaving.
	th := auth.NewThrottle(auth.Policy{})
	var mu sync.Mutex
	tried := 0
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 50 {
				if ok, _ := th.Allow("admin", addrA, t0); ok {
					mu.Lock()
					tried++
					mu.Unlock()
					th.Fail("admin", addrA, t0)
				}
				// Unrelated traffic, to give the race detector more to look at.
				account, client := fmt.Sprintf("u%d", i%7), fmt.Sprintf("192.0.2.%d", g)
				now := t0.Add(time.Duration(i) * time.Second)
				if ok, _ := th.Allow(account, client, now); ok {
					if i%3 == 0 {
						th.Succeed(account, client, now)
					} else {
						th.Fail(account, client, now)
					}
				}
			}
		})
	}
	wg.Wait()
	if got, want := tried, 5; got != want {
		t.Errorf("attempts allowed = %d, want %d", got, want)
	}
}
