package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"canbo"
)

// A read-only store (Options.ReadOnly, `canbo serve --read-db`) is a second handle on a
// PostgreSQL streaming standby, on which the server computes its heavy reports so that they
// take no time from the primary. It is the same DB type as the primary's, so a report runs the
// very code it runs there; what differs is that it never migrates (a standby replays the
// primary's schema) and refuses every commit and write. A hot standby refuses writes itself;
// the refusal here also holds when the read URL reaches a primary (a multi-host URL with
// target_session_attrs=prefer-standby falls back to one, and a standby may be promoted), and
// it works through a pooler that would drop a default_transaction_read_only startup setting.
// SQLite has no standby: WAL already lets reads run beside the writer on the one file, so a
// second handle would add nothing and --read-db is refused there.

var errReadOnlySQLite = errors.New("a read-only store is a PostgreSQL standby: SQLite has none (its readers already run beside the writer)")

// errReadOnly is the refusal of a write on a read-only store: a bug in the caller, which must
// write through the primary.
func errReadOnly() error { return canbo.Errork(canbo.EINTERNAL, "err.sqlstore.readonly.write") }

// errSchema is ReplicaLag's refusal of a store whose schema is not this binary's: it computes
// with other tables, or the standby has not yet replayed a migration the primary just ran.
type errSchema struct{ have, want int }

func (e errSchema) Error() string {
	return fmt.Sprintf("read store at schema version %d, this program needs %d", e.have, e.want)
}

// ReplicaLag reads in one statement how far the store's data is behind the primary: 0 on a
// primary, or on a standby that has replayed everything it received (while the primary is idle
// nothing arrives, so an idle pair is not "lagging"); else the time since the commit of the
// last transaction it replayed, by the standby's clock. A store that cannot answer, or whose
// schema differs from this binary's, is an error.
func (d *DB) ReplicaLag(ctx context.Context) (time.Duration, error) {
	var standby bool
	var caughtUp sql.NullBool
	var lag sql.NullFloat64
	var schema sql.NullInt64
	if err := d.db.QueryRowContext(ctx, d.dialect.replicaState()).Scan(&standby, &caughtUp, &lag, &schema); err != nil {
		return 0, err
	}
	if want := latestMigration(d.engine); schema.Int64 != int64(want) {
		return 0, errSchema{int(schema.Int64), want}
	}
	switch {
	case !standby, caughtUp.Bool:
		return 0, nil
	case lag.Valid:
		return time.Duration(lag.Float64 * float64(time.Second)), nil
	}
	// Receiving, but nothing replayed since the standby started: the lag is unknown.
	return time.Duration(1<<63 - 1), nil
}

// latestMigration is the number of the engine's last embedded migration.
func latestMigration(e Engine) int {
	entries, _ := fs.ReadDir(migrationsFS, "migrations/"+string(e))
	last := 0
	for _, en := range entries {
		if n, err := strconv.Atoi(strings.SplitN(en.Name(), "_", 2)[0]); err == nil && n > last {
			last = n
		}
	}
	return last
}
