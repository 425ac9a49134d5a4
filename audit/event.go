package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Event is one audited action: who (UserID, Username), when (At), from where (Client), what
// (Action on Entity/EntityID, Before → After) and why (Reason), chained to the event before it
// by Prev and MAC.
type Event struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`        // UTC, microseconds
	UserID   int64           `json:"user_id"`   // 0 for anonymous (failed login) or system work
	Username string          `json:"username"`  // the attempted name for a failed login
	Client   string          `json:"client"`    // the client's IP address
	Action   string          `json:"action"`    // e.g. unit.event, user.create, login.failed, person.read, export
	Entity   string          `json:"entity"`    // e.g. unit, person, user
	EntityID string          `json:"entity_id"` // text, so composite or external ids fit
	Before   json.RawMessage `json:"before"`    // redacted compact JSON, or nil
	After    json.RawMessage `json:"after"`     // redacted compact JSON, or nil
	Reason   string          `json:"reason"`    // the reason or legal basis given on the form
	Prev     []byte          `json:"prev"`      // the previous event's MAC; Genesis for the first
	MAC      []byte          `json:"mac"`       // HMAC-SHA256(key, Prev ‖ Canonical(e))
}

// MACSize is the length of an event's MAC and of Prev.
const MACSize = sha256.Size

// Genesis returns the prev of the first event: 32 zero bytes.
func Genesis() []byte { return make([]byte, MACSize) }

// canonicalTag starts every canonical encoding, so a MAC made for this format can never be
// mistaken for one over another format (or another use of the same key).
const canonicalTag = "canbo-audit-v1\x00"

// Canonical returns the bytes the MAC covers: every field of e except MAC, in a fixed order,
// numbers as 8 big-endian bytes and text as a uvarint length followed by the bytes. Length
// prefixes make the encoding injective (a field's end can never be confused with the next
// one's start), which JSON with its map order and escaping choices would not guarantee. At
// counts in whole microseconds since 1970 in UTC, the precision the stores keep.
func Canonical(e *Event) []byte {
	n := len(canonicalTag) + 3*8 + len(e.Username) + len(e.Client) + len(e.Action) + len(e.Entity) +
		len(e.EntityID) + len(e.Before) + len(e.After) + len(e.Reason) + len(e.Prev) + 9*binary.MaxVarintLen64
	b := make([]byte, 0, n)
	b = append(b, canonicalTag...)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.At.UnixMicro()))
	b = binary.BigEndian.AppendUint64(b, uint64(e.UserID))
	for _, s := range [...]string{e.Username, e.Client, e.Action, e.Entity, e.EntityID} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, s := range [...][]byte{e.Before, e.After} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Reason)))
	b = append(b, e.Reason...)
	b = binary.AppendUvarint(b, uint64(len(e.Prev)))
	return append(b, e.Prev...)
}

// Sign normalizes e (see Normalize), sets e.Prev to prev and e.MAC to
// HMAC-SHA256(key, prev ‖ Canonical(e)). Normalizing first means what is signed is exactly what
// a store can hold and give back, so a stored event verifies.
func Sign(key, prev []byte, e *Event) {
	Normalize(e)
	e.Prev = bytes.Clone(prev)
	e.MAC = computeMAC(hmac.New(sha256.New, key), e)
}

// computeMAC takes the HMAC state so that Verify can reuse one for a whole log.
func computeMAC(h hash.Hash, e *Event) []byte {
	h.Reset()
	h.Write(e.Prev)
	h.Write(Canonical(e))
	return h.Sum(nil)
}

// Field limits, in bytes. They bound what one request can make the log carry; payloads are not
// limited because a before/after snapshot is as large as the record it describes.
const (
	maxName   = 256
	maxClient = 64
	maxAction = 64
	maxEntity = 64
	maxID     = 128
	maxReason = 8000
)

// Normalize puts e in the form stores keep: At in UTC at microsecond precision; text as valid
// UTF-8 without NUL bytes (PostgreSQL text refuses both) cut to its field's limit; Before and
// After redacted (see Redact) and compact, with JSON null as nil. It is idempotent, and Sign
// calls it, so a caller that passed an unredacted payload still stores no secret.
func Normalize(e *Event) {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Username = cleanText(e.Username, maxName)
	e.Client = cleanText(e.Client, maxClient)
	e.Action = cleanText(e.Action, maxAction)
	e.Entity = cleanText(e.Entity, maxEntity)
	e.EntityID = cleanText(e.EntityID, maxID)
	e.Reason = cleanText(e.Reason, maxReason)
	if len(e.Before) > 0 {
		e.Before = Redact(e.Before)
	} else {
		e.Before = nil
	}
	if len(e.After) > 0 {
		e.After = Redact(e.After)
	} else {
		e.After = nil
	}
}

func cleanText(s string, limit int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= limit {
		return s
	}
	s = s[:limit]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1] // drop the cut rune's leading bytes
	}
	return s
}

// Redact returns v as compact JSON without any object member whose name looks like a secret
// (password, passwd, secret, token, session, totp — anywhere in the name, case-insensitive —
// or otp at the start or end of a word), at any depth, so a before/after snapshot of an account
// or a session can be logged whole without carrying what must never be logged. Object keys come
// out sorted and numbers exactly as they went in, so one value always gives the same bytes. A
// nil value or JSON null gives nil; a value that cannot be encoded gives a JSON string saying
// so, rather than an error that would make the audited action fail.
func Redact(v any) json.RawMessage {
	raw, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`"(unencodable value)"`)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil || x == nil {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the log is data, not HTML: keep < > & readable
	if err := enc.Encode(strip(x)); err != nil {
		return json.RawMessage(`"(unencodable value)"`)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func strip(x any) any {
	switch x := x.(type) {
	case map[string]any:
		for k, v := range x {
			if SecretName(k) {
				delete(x, k)
				continue
			}
			x[k] = strip(v)
		}
	case []any:
		for i, v := range x {
			x[i] = strip(v)
		}
	}
	return x
}

var secretWords = []string{"password", "passwd", "secret", "token", "session", "totp"}

// SecretName reports whether a JSON member name looks like it holds a secret. "otp" counts only
// at the start or end of a word (otp_code, emailOTP, hotp), because as a bare substring it would
// also hide harmless names such as "footprint".
func SecretName(name string) bool {
	l := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	for _, w := range words(name) {
		if strings.HasPrefix(w, "otp") || strings.HasSuffix(w, "otp") {
			return true
		}
	}
	return false
}

// words splits a name at non-alphanumerics and at lower-to-upper case changes (userOtp →
// user, otp), lower-cased.
func words(name string) []string {
	var out []string
	var cur []rune
	var prev rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
		prev = r
	}
	flush()
	return out
}

type ctxKey struct{}

// WithRequest returns a context that carries the client's address, for the events recorded
// while serving the request. Pass the IP address as the server determined it (auth.ClientIP),
// never a raw header.
func WithRequest(ctx context.Context, client string) context.Context {
	return context.WithValue(ctx, ctxKey{}, client)
}

// ClientFrom returns the client address WithRequest stored, or "" outside a request (command
// line, background work).
func ClientFrom(ctx context.Context) string {
	s, _ := ctx.Value(ctxKey{}).(string)
	return s
}

// Filter selects audit events for the audit page and exports. Zero fields do not filter.
type Filter struct {
	UserID   int64
	Username string // exact; finds failed logins for names with no account
	// Action is matched exactly, or as a prefix when it ends in "." ("unit." finds unit.event
	// and unit.link).
	Action   string
	Entity   string // person, unit, user, …
	EntityID string
	From, To time.Time // [From, To)
	Limit    int       // a page size; the store caps it
	Offset   int
}
