package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestPostgresSessionWithoutJIT: canbo's PostgreSQL sessions run without JIT compilation
// (compiling a search's correlated subqueries took seconds of a statement that ran in
// milliseconds), unless the URL sets jit itself.
func TestPostgresSessionWithoutJIT(t *testing.T) {
	ctx := context.Background()
	dsn := sqltest.DSN(t, sqlstore.Postgres)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	for _, c := range []struct{ dsn, want string }{{dsn, "off"}, {dsn + sep + "jit=on", "on"}} {
		db, err := sqlstore.Open(ctx, c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		var jit string
		err = db.SQL().QueryRowContext(ctx, `SHOW jit`).Scan(&jit)
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		if jit != c.want {
			t.Errorf("%s: jit = %s, want %s", c.dsn, jit, c.want)
		}
	}
}
