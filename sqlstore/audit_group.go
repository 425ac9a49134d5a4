package sqlstore

import (
	"context"
	"errors"
	"strings"
	"sync"

	"canbo/audit"
)

// auditGroup gathers the events DB.Audit is asked to record while another batch is being
// committed, so that they are committed together: one transaction, one fsync, for all of them.
// A profile read is audited (a durable write per read); one commit each capped the reads a
// server could answer at the disk's fsyncs per second, and on SQLite every commit also empties
// every other connection's page cache (a reader that begins after a commit starts cold), so
// under load most reads began cold. Each caller still returns only once its own event is
// committed.
type auditGroup struct {
	mu sync.Mutex
	// pending are the events waiting for the next batch, oldest first.
	pending []*pendingAudit
	// busy says a caller is committing a batch; the others wait to be answered or to be told
	// to commit the next one.
	busy bool
}

// pendingAudit is one caller's event waiting in the group.
type pendingAudit struct {
	ctx context.Context // the caller's values (user, scope, client), not its cancellation
	e   *audit.Event
	// done receives the batch's outcome, or lead: the caller commits the next batch itself.
	done chan auditOutcome
}

type auditOutcome struct {
	err  error
	lead bool
}

// Audit records an event that belongs to no other write — a failed login or authorization, a
// full-profile read, an export. Events recorded at the same time share a transaction
// (auditGroup); Audit returns once e is committed, or with the error that kept its batch from
// committing (then none of the batch's events was written).
func (d *DB) Audit(ctx context.Context, e *audit.Event) error {
	if d.AuditKeeper() == nil {
		return errAuditOff
	}
	if strings.TrimSpace(e.Action) == "" {
		return errors.New("audit: event without an action")
	}
	// The batch runs on one caller's context: each event keeps its own caller's user and
	// client, and no caller's departure fails the others' batch.
	p := &pendingAudit{ctx: context.WithoutCancel(ctx), e: e, done: make(chan auditOutcome, 1)}
	g := &d.auditGroup
	g.mu.Lock()
	g.pending = append(g.pending, p)
	lead := !g.busy
	g.busy = true
	g.mu.Unlock()
	if !lead {
		if o := <-p.done; !o.lead {
			return o.err
		}
	}
	return d.commitAuditBatch(p)
}

// commitAuditBatch is run by the caller whose turn it is: it waits for the write slot, takes
// every event pending by then (its own among them), appends them in one transaction, answers
// their callers, and hands the turn to the oldest event that arrived meanwhile.
func (d *DB) commitAuditBatch(self *pendingAudit) error {
	g := &d.auditGroup
	var batch []*pendingAudit
	err := func() error {
		tx, err := d.begin(self.ctx)
		// The slot is held from here on: events arriving now wait for the next batch.
		g.mu.Lock()
		batch, g.pending = g.pending, nil
		g.mu.Unlock()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		evs := make([]*audit.Event, len(batch))
		for i, p := range batch {
			if err := tx.audit(p.ctx, p.e); err != nil {
				return mapError(err)
			}
			evs[i] = p.e
		}
		if err := tx.commitAudit(evs...); err != nil {
			return err
		}
		d.auditCommits.Add(1)
		return nil
	}()
	for _, p := range batch {
		if p != self {
			p.done <- auditOutcome{err: err}
		}
	}
	g.mu.Lock()
	if len(g.pending) > 0 {
		g.pending[0].done <- auditOutcome{lead: true}
	} else {
		g.busy = false
	}
	g.mu.Unlock()
	return err
}

// AuditCommits counts the transactions DB.Audit committed (each holding one or more events):
// beside AuditAppends it shows how many events share a commit.
func (d *DB) AuditCommits() uint64 { return d.auditCommits.Load() }
