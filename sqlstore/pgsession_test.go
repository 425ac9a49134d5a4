package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPostgresSessionSettings: canbo's PostgreSQL sessions run without JIT compilation and
// parallel workers (each cost seconds or hundreds of milliseconds of statements that ran in a
// few), unless the URL sets them itself.
func TestPostgresSessionSettings(t *testing.T) {
	ctx := context.Background()
	dsn := sqltest.DSN(t, sqlstore.Postgres)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	for _, c := range []struct{ dsn, want string }{{dsn, "off 0"}, {dsn + sep + "jit=on", "on 0"}} {
		db, err := sqlstore.Open(ctx, c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		err = db.SQL().QueryRowContext(ctx, `SELECT current_setting('jit') || ' ' || current_setting('max_parallel_workers_per_gather')`).Scan(&jit)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if jit != c.want {
			t.Errorf("%s: jit, parallel workers = %s, want %s", c.dsn, jit, c.want)
		}
	}
}
