package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"strconv"
)

// Head is the newest event a writer saw committed: its seq and MAC. It is kept outside the
// database so that removing the newest events shows.
type Head struct {
	Seq int64
	MAC []byte
}

// MarshalText encodes h as the head file holds it: "<seq> <hex MAC>\n".
func (h Head) MarshalText() ([]byte, error) {
	if h.Seq < 1 || len(h.MAC) != MACSize {
		return nil, fmt.Errorf("audit head: seq %d with a %d-byte MAC is not a head", h.Seq, len(h.MAC))
	}
	return fmt.Appendf(nil, "%d %s\n", h.Seq, hex.EncodeToString(h.MAC)), nil
}

// ParseHead reads a head file. It accepts exactly what MarshalText writes (the final newline
// optional) and nothing else: a head file that is not byte-for-byte canonical was not written
// by canbo.
func ParseHead(b []byte) (*Head, error) {
	b = bytes.TrimSuffix(b, []byte("\n"))
	seqText, macText, ok := bytes.Cut(b, []byte(" "))
	if !ok {
		return nil, errors.New(`audit head: want "<seq> <hex MAC>"`)
	}
	seq, err := strconv.ParseInt(string(seqText), 10, 64)
	if err != nil || seq < 1 || strconv.FormatInt(seq, 10) != string(seqText) {
		return nil, fmt.Errorf("audit head: bad seq %q", seqText)
	}
	mac, err := hex.DecodeString(string(macText))
	if err != nil || len(mac) != MACSize || hex.EncodeToString(mac) != string(macText) {
		return nil, fmt.Errorf("audit head: bad MAC %q", macText)
	}
	return &Head{Seq: seq, MAC: mac}, nil
}

// Kind names what is wrong with a log.
type Kind string

// What Verify can find.
const (
	Edited     Kind = "edited"     // an event's MAC does not match its content
	Deleted    Kind = "deleted"    // seq jumps: events are missing
	Reordered  Kind = "reordered"  // an event does not follow its predecessor's MAC, or seq goes back
	Truncated  Kind = "truncated"  // the log ends before the head file's seq
	Rewritten  Kind = "rewritten"  // the event at the head's seq has another MAC
	NoKey      Kind = "no key"     // there are events but no key to check them with
	Unreadable Kind = "unreadable" // a stored value cannot be read back (so it was edited)
)

// Broken is the first problem found in a log. Seq is the first bad event (for Truncated, the
// last event present); Want is the seq expected there (for Truncated and Rewritten, the head's).
type Broken struct {
	Kind   Kind
	Seq    int64
	Want   int64
	Detail string
}

// Error names the first bad event, in the words an operator needs to act.
func (b *Broken) Error() string {
	switch b.Kind {
	case Edited:
		return fmt.Sprintf("audit event %d: MAC mismatch (edited)", b.Seq)
	case Deleted:
		if b.Want == b.Seq-1 {
			return fmt.Sprintf("audit event %d: event %d is missing (deleted)", b.Seq, b.Want)
		}
		return fmt.Sprintf("audit event %d: events %d–%d are missing (deleted)", b.Seq, b.Want, b.Seq-1)
	case Reordered:
		if b.Seq < b.Want {
			return fmt.Sprintf("audit event %d: out of order after event %d (reordered)", b.Seq, b.Want-1)
		}
		return fmt.Sprintf("audit event %d: does not follow event %d's MAC (reordered or replaced)", b.Seq, b.Seq-1)
	case Truncated:
		return fmt.Sprintf("audit log truncated: head file says seq %d, log ends at %d", b.Want, b.Seq)
	case Rewritten:
		return fmt.Sprintf("audit event %d: MAC differs from the head file's (log rewritten or restored from another copy)", b.Seq)
	case NoKey:
		return fmt.Sprintf("audit event %d: no audit key to verify it with (%s)", b.Seq, b.Detail)
	}
	return fmt.Sprintf("audit event %d: %s (%s)", b.Seq, b.Detail, b.Kind)
}

// Report describes a log that verified.
type Report struct {
	Events  int64 // events checked
	LastSeq int64 // seq of the newest event, 0 for an empty log
	Head    *Head // the head checked against, nil if there was none
	Behind  int64 // how many events the log has beyond the head (a head write lost to a crash, or still in flight)
}

// Verify walks events in seq order and returns the first problem as a *Broken error: an
// edited event (its MAC does not match), deleted events (a gap in seq), a reordered or
// replaced event (its prev is not its predecessor's MAC), or, given a head, a log that ends
// before the head (truncated) or holds another event at the head's seq (rewritten). A head
// behind the log is fine (see the package documentation) and is reported in Report.Behind.
//
// Checks run in that order for each event, so a deletion is named at the event after the gap
// rather than as a broken link. Verify holds one event at a time: events may reuse its *Event,
// and an error it yields is returned as is (a store yields a *Broken of kind Unreadable for a
// row it cannot read back).
func Verify(key []byte, events iter.Seq2[*Event, error], head *Head) (Report, error) {
	rep := Report{Head: head}
	mac := hmac.New(sha256.New, key)
	prev := Genesis()
	want := int64(1)
	for e, err := range events {
		if err != nil {
			return rep, err
		}
		if len(key) == 0 {
			return rep, &Broken{Kind: NoKey, Seq: e.Seq, Detail: "audit.key missing"}
		}
		switch {
		case e.Seq > want:
			return rep, &Broken{Kind: Deleted, Seq: e.Seq, Want: want}
		case e.Seq < want:
			return rep, &Broken{Kind: Reordered, Seq: e.Seq, Want: want}
		case !hmac.Equal(e.Prev, prev):
			return rep, &Broken{Kind: Reordered, Seq: e.Seq, Want: want}
		case !hmac.Equal(computeMAC(mac, e), e.MAC):
			return rep, &Broken{Kind: Edited, Seq: e.Seq, Want: want}
		case head != nil && e.Seq == head.Seq && !hmac.Equal(e.MAC, head.MAC):
			return rep, &Broken{Kind: Rewritten, Seq: e.Seq, Want: head.Seq}
		}
		prev = append(prev[:0], e.MAC...)
		rep.Events++
		rep.LastSeq = e.Seq
		want++
	}
	if head != nil {
		if head.Seq > rep.LastSeq {
			return rep, &Broken{Kind: Truncated, Seq: rep.LastSeq, Want: head.Seq}
		}
		rep.Behind = rep.LastSeq - head.Seq
	}
	return rep, nil
}

// Slice adapts a slice of events for Verify.
func Slice(events []Event) iter.Seq2[*Event, error] {
	return func(yield func(*Event, error) bool) {
		for i := range events {
			if !yield(&events[i], nil) {
				return
			}
		}
	}
}
