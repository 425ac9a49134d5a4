package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestRulesCommands runs `canbo rules` without a database, against calibration points of the
// rules (docs/RULES.md §retirement, §retirement-notice and §congress).
func TestRulesCommands(t *testing.T) {
	for _, c := range []struct {
		args []string
		want map[string]any
	}{
		{[]string{"rules", "retirement", "--sex", "male", "--birth", "1964-10"},
			map[string]any{"retirement_date": "2026-04-30", "notice_date": "2025-10-31", "decision_date": "2026-01-31"}},
		{[]string{"rules", "retirement", "--sex", "female", "--birth", "1969-04"},
			map[string]any{"retirement_date": "2025-12-31", "pension_from": "2026-01-01"}},
		{[]string{"rules", "retirement", "--sex", "male", "--birth", "1961"},
			map[string]any{"retirement_month": "2021-04", "birth_month_assumed": true}},
		{[]string{"rules", "congress", "--sex", "male", "--birth", "1965-09", "--level", "commune", "--kind", "reelect"},
			map[string]any{"computed_at": "2025-07"}},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), c.args, nil, &out, &out); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		var got map[string]any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%v: %v in %s", c.args, err, out.String())
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%v: %s = %v, want %v", c.args, k, got[k], v)
			}
		}
		if src, _ := got["source"].(map[string]any); src["number"] == "" {
			t.Errorf("%v: no source", c.args)
		}
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"rules", "retirement", "--sex", "male", "--birth", "31/02/1965"}, nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "birth") {
		t.Errorf("impossible birth date: %v", err)
	}
}

// TestRulesCommandsWithDB: given --db, `canbo rules` uses the versions stored there, as the
// server does; without it, the shipped defaults.
func TestRulesCommandsWithDB(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			dsn := sqltest.DSN(t, engine)
			db, err := sqlstore.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.SetAuditDir(filepath.Join(t.TempDir(), "audit")); err != nil {
				t.Fatal(err)
			}
			version := `{"source":{"kind":"Nghị định","number":"99/2026/NĐ-CP","issuer":"Chính phủ","date":"2026-11-15","status":"firm"},
				"from":"2027-01-01","start_year":2021,
				"male":{"previous":{"years":60,"months":0},"base":{"years":60,"months":3},"step_months":3,"cap":{"years":63,"months":0}},
				"female":{"previous":{"years":55,"months":0},"base":{"years":55,"months":4},"step_months":4,"cap":{"years":60,"months":0}},
				"notice_months":6,"decision_months":3}`
			_, err = db.AddRuleVersion(canbo.SystemContext(context.Background()), "retirement", json.RawMessage(version))
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			rules := func(args ...string) map[string]any {
				t.Helper()
				var out bytes.Buffer
				if err := run(context.Background(), append([]string{"rules"}, args...), nil, &out, &out); err != nil {
					t.Fatalf("%v: %v", args, err)
				}
				var got map[string]any
				if err := json.Unmarshal(out.Bytes(), &got); err != nil {
					t.Fatalf("%v: %v in %s", args, err, out.String())
				}
				return got
			}
			retire := []string{"retirement", "--sex", "male", "--birth", "1970-01"}
			if got := rules(retire...); got["retirement_date"] != "2032-01-31" {
				t.Errorf("without --db: %v", got["retirement_date"])
			}
			got := rules(append(retire, "--db", dsn)...)
			if src, _ := got["source"].(map[string]any); got["retirement_date"] != "2033-01-31" || src["number"] != "99/2026/NĐ-CP" {
				t.Errorf("with --db: %v under %v", got["retirement_date"], got["source"])
			}
			if got := rules("retirement", "--sex", "male", "--birth", "1964-10", "--db", dsn); got["retirement_date"] != "2026-04-30" {
				t.Errorf("with --db, an earlier retirement: %v, want 2026-04-30 as before", got["retirement_date"])
			}
			// Congress: a man born 01/1970 now retires 01/2033, 90 months after the commune congress.
			if got := rules("congress", "--sex", "male", "--birth", "1970-01", "--level", "commune", "--kind", "first", "--db", dsn); got["months_left"] != float64(90) || got["eligible"] != true {
				t.Errorf("congress with --db: %v", got)
			}
			vs, _ := rules("versions", "--db", dsn)["retirement"].([]any)
			last, _ := vs[len(vs)-1].(map[string]any)
			if len(vs) != 4 || last["from"] != "2027-01-01" || last["stored_by"] != "(system)" {
				t.Errorf("versions: %d, last %v", len(vs), last)
			}
		})
	}
	var out bytes.Buffer
	missing := filepath.Join(t.TempDir(), "nothing.db")
	err := run(context.Background(), []string{"rules", "retirement", "--sex", "male", "--birth", "1970", "--db", missing}, nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "--db") {
		t.Errorf("a missing database file: %v", err)
	}
	if _, statErr := os.Stat(missing); statErr == nil {
		t.Error("a missing database file was created")
	}
}
