package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// maleCap63 is a retirement version from 01/01/2027 whose male roadmap ends at 63, not 62.
const maleCap63 = `{"source":{"kind":"Nghị định","number":"99/2026/NĐ-CP","issuer":"Chính phủ","date":"2026-11-15","title":"Thử","status":"firm"},
 "from":"2027-01-01","start_year":2021,
 "male":{"previous":{"years":60,"months":0},"base":{"years":60,"months":3},"step_months":3,"cap":{"years":63,"months":0}},
 "female":{"previous":{"years":55,"months":0},"base":{"years":55,"months":4},"step_months":4,"cap":{"years":60,"months":0}},
 "notice_months":6,"decision_months":3}`

func retirementDate(t *testing.T, db *sqlstore.DB, birth string) string {
	t.Helper()
	set, err := db.RuleSet(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	a, err := rules.AnswerRetirement(set, "male", birth, 0, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return a.RetirementDate
}

func TestAddRuleVersion(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		if got := retirementDate(t, db, "1970-01"); got != "2032-01-31" {
			t.Fatalf("default retirement of a man born 01/1970 = %s", got)
		}
		// Only administrators add versions; nothing is written otherwise.
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "cv", Role: canbo.RoleOfficer, Scope: []int64{1}})
		if _, err := db.AddRuleVersion(officer, "retirement", json.RawMessage(maleCap63)); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("officer adds a version: %v, want EFORBIDDEN", err)
		}
		v, err := db.AddRuleVersion(adminCtx, "retirement", json.RawMessage(maleCap63))
		if err != nil {
			t.Fatal(err)
		}
		// Retirements from 2027 on follow the new version; earlier ones do not change.
		if got := retirementDate(t, db, "1970-01"); got != "2033-01-31" {
			t.Errorf("after the new version, born 01/1970: %s, want 2033-01-31", got)
		}
		if got := retirementDate(t, db, "1964-10"); got != "2026-04-30" {
			t.Errorf("after the new version, born 10/1964: %s, want 2026-04-30 as before", got)
		}
		list, err := db.RuleVersions(context.Background())
		if err != nil || len(list) != 1 || list[0].ID != v.ID || list[0].CreatedBy != "admin" || list[0].From != "2027-01-01" ||
			list[0].Source.Number != "99/2026/NĐ-CP" || list[0].Source.Title != "Thử" {
			t.Errorf("RuleVersions = %+v, %v", list, err)
		}
		evs, _, err := db.AuditEvents(adminCtx, audit.Filter{Action: "rule.version"})
		if err != nil || len(evs) != 1 || evs[0].Username != "admin" || evs[0].Client != "203.0.113.9" ||
			!strings.Contains(evs[0].Reason, "99/2026/NĐ-CP") || !strings.Contains(string(evs[0].After), `"from":"2027-01-01"`) {
			t.Errorf("audit events = %+v, %v", evs, err)
		}
		// Overlaps, gaps and unknown parameters are refused with the field named; nothing is stored.
		for _, c := range []struct{ json, field, msg string }{
			{strings.Replace(maleCap63, `"2027-01-01"`, `"2024-01-01","to":"2026-01-01"`, 1), "to", "chồng lên"},
			{strings.Replace(maleCap63, `"2027-01-01"`, `"2024-01-01","to":"2025-01-01"`, 1), "to", "khoảng trống"},
			{strings.Replace(maleCap63, `"notice_months"`, `"notice"`, 1), "version", `"notice" không có`},
			{strings.Replace(maleCap63, `"2027-01-01"`, `""`, 1), "from", "thiếu ngày bắt đầu"},
		} {
			_, err := db.AddRuleVersion(adminCtx, "retirement", json.RawMessage(c.json))
			if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != c.field || !strings.Contains(canbo.ErrorMessage(err), c.msg) {
				t.Errorf("bad version: %v (field %q), want field %q and %q", err, canbo.ErrorField(err), c.field, c.msg)
			}
		}
		if list, _ := db.RuleVersions(context.Background()); len(list) != 1 {
			t.Errorf("%d stored versions after refusals, want 1", len(list))
		}
		if _, err := db.AddRuleVersion(adminCtx, "pension", json.RawMessage(maleCap63)); canbo.ErrorField(err) != "rule" {
			t.Errorf("unknown rule: %v", err)
		}
	})
}

// TestRuleSetSeesOtherWriters: a second handle on the same database (another server process,
// or the command line) sees a version added through the first, despite its cache.
func TestRuleSetSeesOtherWriters(t *testing.T) {
	dsn := sqltest.DSN(t, sqlstore.SQLite)
	a, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.SetAuditDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	b, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := retirementDate(t, b, "1970-01"); got != "2032-01-31" {
		t.Fatalf("before: %s", got)
	}
	if _, err := a.AddRuleVersion(adminCtx, "retirement", json.RawMessage(maleCap63)); err != nil {
		t.Fatal(err)
	}
	if got := retirementDate(t, b, "1970-01"); got != "2033-01-31" {
		t.Errorf("the other handle after the addition: %s, want 2033-01-31", got)
	}
}

// BenchmarkRuleSet measures RuleSet as pages call it, with the merged set cached: one small
// query to see whether the stored versions changed, and a copy of the set for the caller.
func BenchmarkRuleSet(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := sqltest.MustOpen(b, e)
			if _, err := db.AddRuleVersion(adminCtx, "retirement", json.RawMessage(maleCap63)); err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			for b.Loop() {
				if _, err := db.RuleSet(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAddRuleVersionRace: two additions that each fit the stored versions but not each other
// (the second would overlap the first) are serialized, so the stored versions always merge.
// Without the serialization both could pass their check and every later RuleSet would fail.
func TestAddRuleVersionRace(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		at := func(from, to string) json.RawMessage {
			v := strings.Replace(maleCap63, `"from":"2027-01-01"`, `"from":"`+from+`"`+to, 1)
			return json.RawMessage(v)
		}
		if _, err := db.AddRuleVersion(adminCtx, "retirement", at("2029-01-01", "")); err != nil {
			t.Fatal(err)
		}
		// Alone, each fits: a version from 2027 runs to 2029; one from 2026 to 2029 ends where
		// the 2029 one starts. Together the 2026 one, added second, would overlap 2027–2028.
		versions := []json.RawMessage{at("2027-01-01", ""), at("2026-01-01", `,"to":"2029-01-01"`)}
		start := make(chan struct{})
		errs := make(chan error, len(versions))
		for _, v := range versions {
			go func() {
				<-start
				_, err := db.AddRuleVersion(adminCtx, "retirement", v)
				errs <- err
			}()
		}
		close(start)
		for range versions {
			if err := <-errs; err != nil && canbo.ErrorField(err) != "to" {
				t.Errorf("addition: %v", err)
			}
		}
		if _, err := db.RuleSet(context.Background()); err != nil {
			t.Errorf("the stored versions no longer merge: %v", err)
		}
	})
}
