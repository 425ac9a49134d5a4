package sqlstore

import (
	"errors"
	"testing"
)

// TestAsyncWriter checks the writer's promises: batches written in the order sent, nothing
// written after the first error, that error returned by send, failure and finish, and finish
// safe to call twice.
func TestAsyncWriter(t *testing.T) {
	var got []int
	w := startWriter(2, func(x int) error { got = append(got, x); return nil })
	for i := range 100 {
		if err := w.send(i); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.finish(); err != nil || len(got) != 100 || got[0] != 0 || got[99] != 99 {
		t.Fatalf("finish = %v, wrote %d batches", err, len(got))
	}
	for i, x := range got {
		if x != i {
			t.Fatalf("batch %d written as %d-th", x, i)
		}
	}

	// The writer is held at the failing batch until two more are queued behind it.
	boom := errors.New("boom")
	gate := make(chan struct{})
	written := 0
	w = startWriter(2, func(x int) error {
		if x == 10 {
			<-gate
			return boom
		}
		written++
		return nil
	})
	for i := range 13 {
		if err := w.send(i); err != nil {
			t.Fatal(err)
		}
	}
	close(gate)
	var sendErr error
	for i := 13; i < 1000 && sendErr == nil; i++ {
		sendErr = w.send(i)
	}
	if sendErr != boom {
		t.Errorf("send after the failure = %v, want boom", sendErr)
	}
	if err := w.failure(); err != boom {
		t.Errorf("failure = %v", err)
	}
	if err := w.finish(); err != boom || w.finish() != boom {
		t.Errorf("finish = %v", err)
	}
	if written != 10 {
		t.Errorf("%d batches written, want the 10 before the failure", written)
	}
}
