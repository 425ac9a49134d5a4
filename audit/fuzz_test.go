package audit_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"canbo/audit"
)

// FuzzParseHead: a head file is read from disk that an attacker may have written. Parsing must
// never panic, and whatever parses must be exactly what MarshalText writes.
func FuzzParseHead(f *testing.F) {
	f.Add([]byte("12 " + strings.Repeat("ab", 32) + "\n"))
	f.Add([]byte("1 " + strings.Repeat("00", 32)))
	f.Add([]byte("9223372036854775807 " + strings.Repeat("ff", 32)))
	f.Add([]byte("0x10 zz"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := audit.ParseHead(b)
		if err != nil {
			return
		}
		out, err := h.MarshalText()
		if err != nil {
			t.Fatalf("parsed head %+v does not marshal: %v", h, err)
		}
		if !bytes.Equal(bytes.TrimSuffix(out, []byte("\n")), bytes.TrimSuffix(b, []byte("\n"))) {
			t.Fatalf("ParseHead(%q) marshals back as %q", b, out)
		}
	})
}

// FuzzCanonical: two events that differ in any field must encode differently, in particular
// when text moves from one field to its neighbour (the attack JSON-less concatenation allows).
func FuzzCanonical(f *testing.F) {
	f.Add("lan", "192.0.2.1", "unit.event", "unit", "42", uint(2), int64(1))
	f.Add("", "", "", "", "", uint(0), int64(0))
	f.Add("a\x00b", "\x01", "x", "", "\xff", uint(1), int64(-1))
	f.Fuzz(func(t *testing.T, user, client, action, entity, id string, cut uint, seq int64) {
		e := audit.Event{Seq: seq, At: time.UnixMicro(seq).UTC(), Username: user, Client: client, Action: action,
			Entity: entity, EntityID: id, Before: json.RawMessage(user), After: json.RawMessage(id), Reason: client}
		c := audit.Canonical(&e)
		if !bytes.Equal(c, audit.Canonical(&e)) {
			t.Fatal("Canonical is not deterministic")
		}
		// Move a boundary between two neighbouring fields.
		joined := user + client
		k := int(cut % uint(len(joined)+1))
		moved := e
		moved.Username, moved.Client = joined[:k], joined[k:]
		if (moved.Username != e.Username) == bytes.Equal(audit.Canonical(&moved), c) {
			t.Fatalf("moving the username/client boundary to %d: canonical equality does not follow field equality", k)
		}
		// Text and payload fields, and Before/After, are never interchangeable.
		swapped := e
		swapped.Before, swapped.After = e.After, e.Before
		if !bytes.Equal(e.Before, e.After) && bytes.Equal(audit.Canonical(&swapped), c) {
			t.Fatal("swapping Before and After does not change the encoding")
		}
		changed := e
		changed.Seq++
		if bytes.Equal(audit.Canonical(&changed), c) {
			t.Fatal("seq is not covered")
		}
	})
}

// FuzzVerify flips one byte of one field of a signed chain, or drops/duplicates an event: Verify
// must fail exactly when the chain changed, never panic, and name an event that exists.
func FuzzVerify(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint16(0), uint8(1))
	f.Add(uint8(4), uint8(7), uint16(3), uint8(0x80))
	f.Add(uint8(2), uint8(10), uint16(0), uint8(0))
	f.Add(uint8(9), uint8(11), uint16(0), uint8(0))
	f.Fuzz(func(t *testing.T, which, field uint8, pos uint16, flip uint8) {
		evs := chain(10)
		h := head(evs[9])
		i := int(which) % len(evs)
		e := &evs[i]
		changed := flip != 0
		mutate := func(b []byte) []byte {
			if len(b) == 0 {
				changed = false
				return b
			}
			b = bytes.Clone(b)
			b[int(pos)%len(b)] ^= flip
			return b
		}
		mutateText := func(s string) string { return string(mutate([]byte(s))) }
		switch field % 12 {
		case 0:
			e.MAC = mutate(e.MAC)
		case 1:
			e.Prev = mutate(e.Prev)
		case 2:
			e.After = mutate(e.After)
		case 3:
			e.Before = mutate(e.Before)
		case 4:
			e.Reason = mutateText(e.Reason)
		case 5:
			e.Username = mutateText(e.Username)
		case 6:
			e.At = e.At.Add(time.Duration(flip) * time.Microsecond)
		case 7:
			e.UserID ^= int64(flip)
		case 8:
			e.EntityID = mutateText(e.EntityID)
		case 9:
			e.Seq ^= int64(flip)
		case 10:
			evs = append(evs[:i:i], evs[i+1:]...)
			changed = true
		case 11:
			evs = append(evs[:i+1:i+1], evs[i:]...)
			changed = true
		}
		_, err := audit.Verify(testKey, audit.Slice(evs), h)
		if changed && err == nil {
			t.Fatalf("event %d field %d flip %#x at %d: tampering not detected", i+1, field%12, flip, pos)
		}
		if !changed && err != nil {
			t.Fatalf("untouched chain fails: %v", err)
		}
	})
}
