package auth

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"net/netip"
	"sync"
	"time"
)

// Policy says when Throttle refuses login attempts. A zero or negative field takes its default.
type Policy struct {
	// MaxFailures failed logins for one account from one client within Window lock that
	// (account, client) pair for Lockout. Default 5.
	MaxFailures int
	// Lockout is how long a lock lasts. It is never extended by attempts made while locked, so
	// every lock ends. Default 15 minutes.
	Lockout time.Duration
	// Window is how long a failure counts; older ones are forgotten. Default 15 minutes.
	Window time.Duration

	// ClientMaxFailures failures from one client address within Window, whatever the accounts,
	// lock that address for Lockout (one address spraying many accounts). Default 20.
	ClientMaxFailures int
	// AccountMaxFailures failures for one account within Window, whatever the addresses, lock
	// the account for Lockout against clients it does not know (a guessing attack spread over
	// many addresses). It exceeds MaxFailures so that one address alone can never reach it.
	// Default 4×MaxFailures.
	AccountMaxFailures int
	// KnownClientTTL is how long a client stays known for an account after a successful login
	// there. Default 30 days.
	KnownClientTTL time.Duration
	// MaxKeys caps the counters kept, and separately the known clients. Default 100 000.
	MaxKeys int
}

// DefaultPolicy returns the policy in force when none is configured: 5 failures for one
// account from one address lock it for 15 minutes, and the other defaults documented on Policy.
func DefaultPolicy() Policy { return Policy{}.withDefaults() }

func (p Policy) withDefaults() Policy {
	if p.MaxFailures <= 0 {
		p.MaxFailures = 5
	}
	if p.Lockout <= 0 {
		p.Lockout = 15 * time.Minute
	}
	if p.Window <= 0 {
		p.Window = 15 * time.Minute
	}
	if p.ClientMaxFailures <= 0 {
		p.ClientMaxFailures = 20
	}
	if p.AccountMaxFailures <= 0 {
		p.AccountMaxFailures = 4 * p.MaxFailures
	}
	if p.KnownClientTTL <= 0 {
		p.KnownClientTTL = 30 * 24 * time.Hour
	}
	if p.MaxKeys <= 0 {
		p.MaxKeys = 100_000
	}
	return p
}

const (
	// pendingTTL is how long an attempt admitted by Allow counts until Fail or Succeed settles
	// it; a caller that does neither (a crash, a forgotten path) cannot leak a lock for longer.
	pendingTTL = time.Minute
	// settleRetry is the Retry-After given when the limit is taken by attempts still in flight.
	settleRetry = time.Second
)

// Throttle limits login attempts in memory, per account and per client address. The zero
// value is not usable; call NewThrottle. It is safe for concurrent use.
//
// The caller asks Allow before checking a password (and again before a TOTP code), then
// reports the outcome with Fail, Succeed or Release. account must be the normalised login name, and unknown names must be
// throttled like real ones so that refusals do not reveal which accounts exist. client is
// ClientIP's result; IPv6 clients are counted per /64, the block one subscriber usually holds,
// so that walking through addresses in it gains nothing.
//
// # Design
//
// A lock on the account alone — five failures from anywhere lock "admin" for everyone — is a
// denial of service that an attacker renews every 15 minutes for ever. A lock on the address
// alone lets a botnet guess without limit. Throttle therefore keeps three counters and
// remembers which clients are known to be the account's owner:
//
//   - (account, client): MaxFailures failures lock the pair. This is what stops an attacker at
//     one address, and it touches nobody else: the owner elsewhere logs in as usual.
//   - client: ClientMaxFailures failures across accounts lock the address, against spraying.
//   - account: AccountMaxFailures failures from any addresses lock the account, against a
//     distributed attack. Being larger than MaxFailures, it needs failures from several
//     addresses within one Window; one address can never set it off.
//   - known clients: a successful login makes the (account, client) pair known for
//     KnownClientTTL, renewed at every success. A known pair ignores the client and account
//     locks, so neither an attacker elsewhere nor a sprayer behind the same NAT can lock the
//     owner out of a place they have logged in from; only failures on that very pair can.
//     Known clients live apart from the counters, and only Succeed adds them, so flooding the
//     counters cannot evict them.
//
// Failures count only within Window (they decay); a lock lasts exactly Lockout from the
// failure that set it and failures while locked neither count nor extend it, so every lock
// ends and an attacker can renew one only by failing again after it ends.
//
// Trade-offs. During a distributed attack on an account, its owner is refused from addresses
// not yet known (a new phone network, a trip) until Lockout after the attack stops; from known
// addresses they are not. An attacker sharing the owner's address (the same NAT) can lock the
// pair they share; a pair lock still ends after Lockout. Each address, however many accounts it
// has tried, still gets MaxFailures guesses per account per Lockout, and a botnet gets about
// AccountMaxFailures per account per Window once the account lock is set.
//
// Succeed forgives the pair's failures and, in the client counter, only the failures on that
// account: forgiving the client's failures on every account would let anyone with one valid
// login reset a spraying counter by logging in between batches. Succeed leaves the account
// counter alone, since one owner's login says nothing about guesses from elsewhere.
//
// Allow admits an attempt provisionally: it counts as a failure until settled (for at most
// pendingTTL), so that a burst of concurrent requests sent before any password check has
// finished gets no more attempts than MaxFailures.
//
// Memory is bounded: counters idle for longer than Window and Lockout are pruned as time goes
// on, each counter keeps at most its limit of timestamps, and at MaxKeys counters the least
// recently touched one is evicted (known clients likewise). A flood of more than MaxKeys
// distinct keys within one Window can thus evict a live lock, granting that key a fresh set of
// attempts; known clients are not touched by it. State is per process and lost on restart,
// which likewise grants one fresh set of attempts.
type Throttle struct {
	p Policy

	mu       sync.Mutex
	counters lru[*counter]
	known    lru[struct{}] // touched = last success; known until touched + KnownClientTTL
}

// NewThrottle returns a Throttle with policy p; zero fields of p take their defaults.
func NewThrottle(p Policy) *Throttle {
	p = p.withDefaults()
	t := &Throttle{p: p}
	t.counters.init(p.MaxKeys)
	t.known.init(p.MaxKeys)
	return t
}

// Policy returns the policy in force, defaults filled in.
func (t *Throttle) Policy() Policy { return t.p }

// Allow reports whether a login attempt for account from client may go ahead and, if not, how
// long until it may. An allowed attempt must be followed by Fail, Succeed or Release.
func (t *Throttle) Allow(account, client string, now time.Time) (ok bool, retryAfter time.Duration) {
	k := t.keys(account, client)
	n := now.UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(n)

	known := t.isKnown(k.known, n)
	var wait int64
	check := func(key tkey, limit int) {
		if c, ok := t.counters.get(key); ok {
			wait = max(wait, c.blockedFor(n, limit, t.window()))
		}
	}
	check(k.pair, t.p.MaxFailures)
	if !known {
		check(k.client, t.p.ClientMaxFailures)
		check(k.account, t.p.AccountMaxFailures)
	}
	if wait > 0 {
		return false, time.Duration(wait)
	}
	t.counter(k.pair, n).reserve(n, t.p.MaxFailures)
	t.counter(k.client, n).reserve(n, t.p.ClientMaxFailures)
	t.counter(k.account, n).reserve(n, t.p.AccountMaxFailures)
	return true, 0
}

// Fail records a failed login (wrong password or TOTP code, unknown account) for account from
// client.
func (t *Throttle) Fail(account, client string, now time.Time) {
	k := t.keys(account, client)
	n := now.UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(n)
	lock, win := int64(t.p.Lockout), t.window()
	t.counter(k.pair, n).fail(n, 0, t.p.MaxFailures, win, lock)
	t.counter(k.client, n).fail(n, k.tag, t.p.ClientMaxFailures, win, lock)
	t.counter(k.account, n).fail(n, 0, t.p.AccountMaxFailures, win, lock)
}

// Succeed records a successful login for account from client: it clears the pair's failures,
// forgives the client's failures on this account and makes the pair a known client, which the
// account and client locks no longer hold back. Call it only once the login is complete —
// password and, where one is required, the second factor: marking a client known on the
// password alone would let someone holding a stolen password guess TOTP codes from many
// addresses past the account lock. A correct password awaiting its second factor is neither:
// report it with Release.
func (t *Throttle) Succeed(account, client string, now time.Time) {
	k := t.keys(account, client)
	n := now.UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(n)
	t.counters.remove(k.pair)
	if c, ok := t.counters.get(k.client); ok {
		c.settle(n)
		c.forgive(k.tag)
	}
	if c, ok := t.counters.get(k.account); ok {
		c.settle(n)
	}
	t.known.touch(k.known, n)
}

// Release ends an attempt admitted by Allow without counting it as a failure or a success:
// a correct password whose second factor is still to come (that attempt is then throttled on
// its own, with its own Allow). An attempt neither failed, succeeded nor released stops
// counting after a minute anyway.
func (t *Throttle) Release(account, client string, now time.Time) {
	k := t.keys(account, client)
	n := now.UnixNano()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune(n)
	for _, key := range []tkey{k.pair, k.client, k.account} {
		if c, ok := t.counters.get(key); ok {
			c.settle(n)
		}
	}
}

func (t *Throttle) window() int64 { return int64(t.p.Window) }

func (t *Throttle) isKnown(key tkey, n int64) bool {
	last, ok := t.known.touched(key)
	return ok && n < last+int64(t.p.KnownClientTTL)
}

// counter returns the counter for key, creating it, and marks it used at n.
func (t *Throttle) counter(key tkey, n int64) *counter {
	c, created := t.counters.touch(key, n)
	if created {
		*c = &counter{}
	}
	return *c
}

// prune drops state that can no longer matter: a counter last touched before n minus the
// longest of Window, Lockout and pendingTTL holds no live failure, lock or reservation.
func (t *Throttle) prune(n int64) {
	idle := max(int64(t.p.Window), int64(t.p.Lockout), int64(pendingTTL))
	t.counters.prune(n - idle)
	t.known.prune(n - int64(t.p.KnownClientTTL))
}

// tkey identifies a counter or known pair by a hash, so that each costs the same memory
// whatever the length of the account name an attacker sends.
type tkey [16]byte

type throttleKeys struct {
	pair, client, account, known tkey
	tag                          uint64 // the account, as recorded in the client's failures
}

func (t *Throttle) keys(account, client string) throttleKeys {
	client = throttleClient(client)
	k := throttleKeys{
		pair:    hashKey('p', account, client),
		client:  hashKey('c', client),
		account: hashKey('a', account),
	}
	k.known = hashKey('k', account, client)
	k.tag = binary.BigEndian.Uint64(k.account[:8])
	return k
}

func hashKey(kind byte, parts ...string) tkey {
	h := sha256.New()
	h.Write([]byte{kind})
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p))) // length-prefixed: ("ab","c") ≠ ("a","bc")
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k tkey
	copy(k[:], h.Sum(nil))
	return k
}

// throttleClient maps an address to the unit counted: IPv4 addresses as they are, IPv6 by
// /64. Anything else (a Unix socket, an empty string) counts as itself.
func throttleClient(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		return client
	}
	a = canonicalAddr(a)
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// counter holds the recent failures of one key, its lock and its attempts in flight.
type counter struct {
	fails       []failure // within Window, oldest first, fewer than the limit
	pending     []int64   // Allow times not yet settled, oldest first, at most the limit
	lockedUntil int64
}

type failure struct {
	at  int64
	tag uint64
}

// blockedFor returns how long the key refuses attempts from n, or 0.
func (c *counter) blockedFor(n int64, limit int, window int64) int64 {
	if n < c.lockedUntil {
		return c.lockedUntil - n
	}
	c.expire(n, window)
	if len(c.fails)+len(c.pending) >= limit {
		return int64(settleRetry)
	}
	return 0
}

func (c *counter) expire(n, window int64) {
	i := 0
	for i < len(c.fails) && c.fails[i].at <= n-window {
		i++
	}
	c.fails = c.fails[i:]
	c.expirePending(n)
}

func (c *counter) expirePending(n int64) {
	j := 0
	for j < len(c.pending) && c.pending[j] <= n-int64(pendingTTL) {
		j++
	}
	c.pending = c.pending[j:]
}

func (c *counter) reserve(n int64, limit int) {
	if len(c.pending) >= limit { // only clients that bypass this counter get here
		c.pending = c.pending[1:]
	}
	c.pending = append(c.pending, n)
}

// settle ends the oldest attempt in flight. Reservations are anonymous: which one ends does
// not matter as long as each admitted attempt ends one.
func (c *counter) settle(n int64) {
	c.expirePending(n)
	if len(c.pending) > 0 {
		c.pending = c.pending[1:]
	}
}

func (c *counter) fail(n int64, tag uint64, limit int, window, lockout int64) {
	c.settle(n)
	if n < c.lockedUntil {
		return // already locked: counting would only extend the lock
	}
	c.expire(n, window)
	c.fails = append(c.fails, failure{at: n, tag: tag})
	if len(c.fails) >= limit {
		c.lockedUntil = n + lockout
		c.fails = nil
	}
}

func (c *counter) forgive(tag uint64) {
	kept := c.fails[:0]
	for _, f := range c.fails {
		if f.tag != tag {
			kept = append(kept, f)
		}
	}
	c.fails = kept
}

// lru is a map whose entries are ordered by when they were last touched, oldest first, so
// that pruning and eviction cost O(1) each.
type lru[V any] struct {
	max   int
	m     map[tkey]*list.Element
	order list.List // of *lruItem[V]
}

type lruItem[V any] struct {
	key     tkey
	touched int64
	v       V
}

func (l *lru[V]) init(max int) {
	l.max = max
	l.m = make(map[tkey]*list.Element)
}

func (l *lru[V]) len() int { return len(l.m) }

func (l *lru[V]) get(k tkey) (V, bool) {
	if e, ok := l.m[k]; ok {
		return e.Value.(*lruItem[V]).v, true
	}
	var zero V
	return zero, false
}

func (l *lru[V]) touched(k tkey) (int64, bool) {
	if e, ok := l.m[k]; ok {
		return e.Value.(*lruItem[V]).touched, true
	}
	return 0, false
}

// touch marks k used at n, creating it (evicting the oldest entry if full), and returns a
// pointer to its value and whether it was created.
func (l *lru[V]) touch(k tkey, n int64) (*V, bool) {
	if e, ok := l.m[k]; ok {
		it := e.Value.(*lruItem[V])
		it.touched = max(it.touched, n) // a clock stepping back must not make it look idle
		l.order.MoveToBack(e)
		return &it.v, false
	}
	if len(l.m) >= l.max {
		oldest := l.order.Front()
		l.order.Remove(oldest)
		delete(l.m, oldest.Value.(*lruItem[V]).key)
	}
	it := &lruItem[V]{key: k, touched: n}
	l.m[k] = l.order.PushBack(it)
	return &it.v, true
}

func (l *lru[V]) remove(k tkey) {
	if e, ok := l.m[k]; ok {
		l.order.Remove(e)
		delete(l.m, k)
	}
}

// prune removes the entries last touched at or before cutoff.
func (l *lru[V]) prune(cutoff int64) {
	for e := l.order.Front(); e != nil; e = l.order.Front() {
		it := e.Value.(*lruItem[V])
		if it.touched > cutoff {
			return
		}
		l.order.Remove(e)
		delete(l.m, it.key)
	}
}
