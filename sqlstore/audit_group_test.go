package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestAuditGroupCommit: 40 readers audited at once (a profile read each) share commits — fewer
// commits than events — and still each event is recorded exactly once, under its own reader's
// name and address, each reader answered only after its event is stored, and the chain verifies.
func TestAuditGroupCommit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		k := mustAudit(t, db)
		const n = 40
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := canbo.NewContextWithUser(audit.WithRequest(context.Background(), fmt.Sprintf("198.51.100.%d", i)),
					&canbo.User{ID: int64(100 + i), Username: fmt.Sprintf("doc%d", i), Role: canbo.RoleOfficer})
				<-start
				e := &audit.Event{Action: "person.read", Entity: "person", EntityID: fmt.Sprint(i)}
				if err := db.Audit(ctx, e); err != nil {
					errs <- err
					return
				}
				// Answered: the event must be readable by anyone now.
				evs, _, err := db.AuditEvents(adminCtx, audit.Filter{Entity: "person", EntityID: fmt.Sprint(i)})
				if err != nil {
					errs <- err
				} else if len(evs) != 1 || evs[0].Username != fmt.Sprintf("doc%d", i) || evs[0].UserID != int64(100+i) ||
					evs[0].Client != fmt.Sprintf("198.51.100.%d", i) || evs[0].Seq != e.Seq {
					errs <- fmt.Errorf("reader %d (seq %d): stored %+v", i, e.Seq, evs)
				}
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if got := db.AuditAppends(); got != n {
			t.Errorf("%d events appended, want %d", got, n)
		}
		if c := db.AuditCommits(); c == 0 || c >= n {
			t.Errorf("%d commits for %d concurrent events: want them grouped into fewer", c, n)
		}
		rep, b := verifyErr(t, db, k)
		if b != nil || rep.Events != n || rep.Head == nil || rep.Head.Seq != n {
			t.Errorf("verify: %+v %v, want %d events with the head at %d", rep, b, n, n)
		}
	})
}
