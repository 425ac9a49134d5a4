package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"canbo/audit"
)

var testKey = bytes.Repeat([]byte{7}, 32)

// chain returns n signed events, seq 1…n.
func chain(n int) []audit.Event {
	evs := make([]audit.Event, n)
	prev := audit.Genesis()
	for i := range evs {
		evs[i] = audit.Event{
			Seq: int64(i + 1), At: time.Date(2025, 7, 1, 8, 0, i, 123456789, time.UTC), UserID: 2, Username: "lan",
			Client: "192.0.2.1", Action: "unit.event", Entity: "unit", EntityID: "42",
			Before: json.RawMessage(`{"name":"Phường Bến Nghé"}`), After: json.RawMessage(`{"name":"Phường Sài Gòn"}`),
			Reason: "NQ 1685/NQ-UBTVQH15",
		}
		audit.Sign(testKey, prev, &evs[i])
		prev = evs[i].MAC
	}
	return evs
}

func head(e audit.Event) *audit.Head { return &audit.Head{Seq: e.Seq, MAC: e.MAC} }

func TestVerify(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tamper func([]audit.Event) ([]audit.Event, *audit.Head)
		kind   audit.Kind
		seq    int64
		msg    string
	}{
		{"intact", func(e []audit.Event) ([]audit.Event, *audit.Head) { return e, head(e[9]) }, "", 0, ""},
		{"intact without head", func(e []audit.Event) ([]audit.Event, *audit.Head) { return e, nil }, "", 0, ""},
		{"head behind", func(e []audit.Event) ([]audit.Event, *audit.Head) { return e, head(e[6]) }, "", 0, ""},
		{"empty", func(e []audit.Event) ([]audit.Event, *audit.Head) { return nil, nil }, "", 0, ""},
		{"edited payload", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			e[4].After = json.RawMessage(`{"name":"X"}`)
			return e, head(e[9])
		}, audit.Edited, 5, "audit event 5: MAC mismatch (edited)"},
		{"edited time", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			e[0].At = e[0].At.Add(time.Microsecond)
			return e, head(e[9])
		}, audit.Edited, 1, "audit event 1: MAC mismatch (edited)"},
		{"edited MAC", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			e[3].MAC[0] ^= 1
			return e, head(e[9])
		}, audit.Edited, 4, ""},
		{"deleted middle", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			return append(e[:3:3], e[4:]...), head(e[9])
		}, audit.Deleted, 5, "audit event 5: event 4 is missing (deleted)"},
		{"deleted first", func(e []audit.Event) ([]audit.Event, *audit.Head) { return e[2:], head(e[9]) }, audit.Deleted, 3,
			"audit event 3: events 1–2 are missing (deleted)"},
		{"swapped contents", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			e[2], e[6] = e[6], e[2]
			e[2].Seq, e[6].Seq = 3, 7
			return e, head(e[9])
		}, audit.Reordered, 3, "audit event 3: does not follow event 2's MAC (reordered or replaced)"},
		{"out of order", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			e[2], e[3] = e[3], e[2]
			return e, head(e[9])
		}, audit.Deleted, 4, ""},
		{"duplicated", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			return append(e[:3:3], e[2:]...), head(e[9])
		}, audit.Reordered, 3, "audit event 3: out of order after event 3 (reordered)"},
		{"truncated", func(e []audit.Event) ([]audit.Event, *audit.Head) { return e[:7], head(e[9]) }, audit.Truncated, 7,
			"audit log truncated: head file says seq 10, log ends at 7"},
		{"all deleted", func(e []audit.Event) ([]audit.Event, *audit.Head) { return nil, head(e[9]) }, audit.Truncated, 0, ""},
		{"truncated and regrown", func(e []audit.Event) ([]audit.Event, *audit.Head) {
			h := head(e[9])
			e = e[:7]
			prev := e[6].MAC
			for i := 8; i <= 12; i++ {
				ev := audit.Event{Seq: int64(i), Action: "unit.event", At: e[0].At}
				audit.Sign(testKey, prev, &ev)
				e, prev = append(e, ev), ev.MAC
			}
			return e, h
		}, audit.Rewritten, 10, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, h := tc.tamper(chain(10))
			rep, err := audit.Verify(testKey, audit.Slice(evs), h)
			if tc.kind == "" {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if got, want := rep.Events, int64(len(evs)); got != want {
					t.Errorf("Events = %d, want %d", got, want)
				}
				if h != nil {
					if got, want := rep.Behind, rep.LastSeq-h.Seq; got != want {
						t.Errorf("Behind = %d, want %d", got, want)
					}
				}
				return
			}
			var b *audit.Broken
			if !errors.As(err, &b) {
				t.Fatalf("Verify = %v, want a *Broken of kind %s", err, tc.kind)
			}
			if b.Kind != tc.kind || b.Seq != tc.seq {
				t.Errorf("got %s at %d (%v), want %s at %d", b.Kind, b.Seq, err, tc.kind, tc.seq)
			}
			if tc.msg != "" && err.Error() != tc.msg {
				t.Errorf("message %q, want %q", err, tc.msg)
			}
		})
	}
}

func TestVerifyWrongKey(t *testing.T) {
	_, err := audit.Verify(bytes.Repeat([]byte{8}, 32), audit.Slice(chain(3)), nil)
	if got, want := err.Error(), "audit event 1: MAC mismatch (edited)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	_, err = audit.Verify(nil, audit.Slice(chain(3)), nil)
	var b *audit.Broken
	if !errors.As(err, &b) || b.Kind != audit.NoKey {
		t.Errorf("no key: got %v, want a NoKey *Broken", err)
	}
}

func TestRedact(t *testing.T) {
	type account struct {
		Username     string            `json:"username"`
		PasswordHash string            `json:"password_hash"`
		APIToken     string            `json:"apiToken"`
		TOTPSecret   string            `json:"totp_secret"`
		EmailOTP     string            `json:"emailOTP"`
		Footprint    int               `json:"footprint"`
		Sessions     []string          `json:"sessions"`
		Nested       []map[string]any  `json:"nested"`
		Extra        map[string]string `json:"extra"`
	}
	got := string(audit.Redact(account{
		Username: "lan", PasswordHash: "$argon2id$…", APIToken: "t0k", TOTPSecret: "JBSW", EmailOTP: "123456",
		Footprint: 3, Sessions: []string{"s1"},
		Nested: []map[string]any{{"Passwd": "x", "ok": 1.5e300}, {"otp_code": 1, "note": "<b>&</b>"}},
		Extra:  map[string]string{"SessionID": "abc", "z": "Đ"},
	}))
	want := `{"extra":{"z":"Đ"},"footprint":3,"nested":[{"ok":1.5e+300},{"note":"<b>&</b>"}],"username":"lan"}`
	if got != want {
		t.Errorf("Redact:\n got %s\nwant %s", got, want)
	}
	for _, s := range []string{"argon", "t0k", "JBSW", "123456", "abc", "s1"} {
		if strings.Contains(got, s) {
			t.Errorf("redacted payload still holds %q", s)
		}
	}
	if got := audit.Redact(json.RawMessage(got)); string(got) != want {
		t.Errorf("Redact is not idempotent: %s", got)
	}
	if got := audit.Redact(json.RawMessage(`{"n": 12345678901234567890123}`)); string(got) != `{"n":12345678901234567890123}` {
		t.Errorf("numbers must pass unchanged, got %s", got)
	}
	if got := audit.Redact(nil); got != nil {
		t.Errorf("Redact(nil) = %s, want nil", got)
	}
	if got := audit.Redact(make(chan int)); string(got) != `"(unencodable value)"` {
		t.Errorf("Redact(chan) = %s", got)
	}
}

func TestNormalize(t *testing.T) {
	e := audit.Event{
		At:       time.Date(2025, 1, 2, 3, 4, 5, 999, time.FixedZone("ICT", 7*3600)),
		Username: "a\x00b\xff", Client: strings.Repeat("1", 100), Reason: strings.Repeat("đ", 5000),
		Before: json.RawMessage(`null`), After: json.RawMessage(`{ "b": 1, "a": {"token": "x"} }`),
	}
	audit.Normalize(&e)
	if e.At.Location() != time.UTC || e.At.Nanosecond() != 0 || e.At.Hour() != 20 {
		t.Errorf("At = %v, want UTC at microseconds", e.At)
	}
	if e.Username != "ab\uFFFD" {
		t.Errorf("Username = %q", e.Username)
	}
	if len(e.Client) != 64 || len(e.Reason) > 8000 || !strings.HasPrefix(e.Reason, "đđ") || strings.ContainsRune(e.Reason, '\uFFFD') {
		t.Errorf("limits: client %d bytes, reason %d bytes", len(e.Client), len(e.Reason))
	}
	if e.Before != nil || string(e.After) != `{"a":{},"b":1}` {
		t.Errorf("Before %s, After %s", e.Before, e.After)
	}
	again := e
	audit.Normalize(&again)
	if !bytes.Equal(audit.Canonical(&again), audit.Canonical(&e)) {
		t.Error("Normalize is not idempotent")
	}
}

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"password": true, "new_password": true, "PASSWD": true, "clientSecret": true, "token_hash": true,
		"session_id": true, "totp": true, "otp": true, "otp_code": true, "emailOtp": true, "hotp": true,
		"footprint": false, "name": false, "note": false, "photo": false, "hotpot": false, "code": false,
	} {
		if got := audit.SecretName(name); got != want {
			t.Errorf("SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestContext(t *testing.T) {
	ctx := context.Background()
	if got := audit.ClientFrom(ctx); got != "" {
		t.Errorf("ClientFrom(background) = %q", got)
	}
	if got := audit.ClientFrom(audit.WithRequest(ctx, "2001:db8::1")); got != "2001:db8::1" {
		t.Errorf("ClientFrom = %q", got)
	}
}

func TestKeeper(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "canbo.db.audit")
	if _, err := audit.LoadKeeper(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadKeeper of a missing folder: %v, want fs.ErrNotExist", err)
	}
	k, err := audit.OpenKeeper(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, audit.KeyFile): 0o600} {
		if fi, err := os.Stat(name); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", name, fi.Mode().Perm(), err, want)
		}
	}
	if h := k.Head(); h != nil {
		t.Errorf("new Keeper has head %v", h)
	}
	evs := make([]audit.Event, 3)
	prev := audit.Genesis()
	for i := range evs {
		evs[i] = audit.Event{Seq: int64(i + 1), Action: "export"}
		k.Sign(prev, &evs[i])
		prev = evs[i].MAC
	}
	if err := k.Committed(2, evs[1].MAC); err != nil {
		t.Fatal(err)
	}
	if err := k.Committed(3, evs[2].MAC); err != nil {
		t.Fatal(err)
	}
	if err := k.Committed(1, evs[0].MAC); err != nil { // late, from a slower writer: ignored
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, audit.HeadFile))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := (audit.Head{Seq: 3, MAC: evs[2].MAC}).MarshalText(); !bytes.Equal(b, want) {
		t.Errorf("head file %q, want %q", b, want)
	}
	// A second Keeper on the folder has the same key and finds the head.
	k2, err := audit.OpenKeeper(dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := k2.Verify(audit.Slice(evs), k2.Head()); err != nil || rep.Events != 3 || rep.Behind != 0 {
		t.Errorf("Verify with a reopened Keeper: %+v, %v", rep, err)
	}
	if err := os.Chmod(filepath.Join(dir, audit.KeyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := audit.LoadKeeper(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a world-readable key must be refused, got %v", err)
	}
}

func TestParseHead(t *testing.T) {
	mac := bytes.Repeat([]byte{0xab}, 32)
	good := "12 " + strings.Repeat("ab", 32)
	for _, s := range []string{good, good + "\n"} {
		h, err := audit.ParseHead([]byte(s))
		if err != nil || h.Seq != 12 || !bytes.Equal(h.MAC, mac) {
			t.Errorf("ParseHead(%q) = %v, %v", s, h, err)
		}
	}
	for _, s := range []string{"", "\n", "12", "0 " + strings.Repeat("ab", 32), "-1 " + strings.Repeat("ab", 32),
		"012 " + strings.Repeat("ab", 32), "+12 " + strings.Repeat("ab", 32), "12 " + strings.Repeat("AB", 32),
		"12 " + strings.Repeat("ab", 31), "12  " + strings.Repeat("ab", 32), good + "\n\n", good + " ", "99999999999999999999 " + strings.Repeat("ab", 32)} {
		if h, err := audit.ParseHead([]byte(s)); err == nil {
			t.Errorf("ParseHead(%q) = %v, want an error", s, h)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	e := chain(1)[0]
	for b.Loop() {
		audit.Sign(testKey, e.Prev, &e)
	}
}

func BenchmarkVerify(b *testing.B) {
	evs := chain(10000)
	for b.Loop() {
		if _, err := audit.Verify(testKey, audit.Slice(evs), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitted is the head write alone: temporary file, fsync, rename, fsync of the folder.
func BenchmarkCommitted(b *testing.B) {
	k, err := audit.OpenKeeper(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	mac := bytes.Repeat([]byte{1}, 32)
	var seq int64
	for b.Loop() {
		seq++
		if err := k.Committed(seq, mac); err != nil {
			b.Fatal(err)
		}
	}
}
