package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

var secondmentDoc = canbo.StaffingDocument{Number: "125/QĐ-UBND", Date: "2026-02-20", Issuer: "Ủy ban nhân dân Thành phố"}

func second(t *testing.T, db *sqlstore.DB, req canbo.SecondmentRequest) *canbo.SecondmentCreated {
	t.Helper()
	if req.Document.Number == "" {
		req.Document = secondmentDoc
	}
	if req.Purpose == "" {
		req.Purpose = canbo.SecondmentTraining
	}
	out, err := db.CreateSecondments(sys, &req)
	if err != nil {
		t.Fatalf("secondment %+v: %v", req, err)
	}
	return out
}

// seconded lists the people of a unit's incoming and outgoing secondments on a day.
func seconded(t *testing.T, db *sqlstore.DB, ctx context.Context, unit int64, on string) (in, out []int64) {
	t.Helper()
	us, err := db.UnitSecondments(ctx, unit, date(on))
	if err != nil {
		t.Fatalf("secondments of #%d on %s: %v", unit, on, err)
	}
	for _, s := range us.Incoming {
		in = append(in, s.PersonID)
	}
	for _, s := range us.Outgoing {
		out = append(out, s.PersonID)
	}
	return in, out
}

func secondmentDue(t *testing.T, db *sqlstore.DB, ctx context.Context, on string) []int64 {
	t.Helper()
	rs, err := db.Reminders(ctx, canbo.ReminderFilter{Kinds: []canbo.ReminderKind{canbo.RemindSecondmentEnd}, From: date(on), To: date(on), AsOf: date(on)})
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, r := range rs.Items {
		out = append(out, r.PersonID)
	}
	return out
}

func TestSecondmentPeriodQuotaAndReminder(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		quota(t, db, tr.w1, canbo.StaffCivilServant, 1, "2024-01-01")
		quota(t, db, tr.w2, canbo.StaffCivilServant, 1, "2024-01-01")
		id := staffed(t, db, "Võ Văn Phái", canbo.StaffCivilServant, tr.w1, "2024-01-01", "", 0)
		got := second(t, db, canbo.SecondmentRequest{PersonID: id, FromUnitID: tr.w1, ToUnitID: tr.w2, From: "2026-03-01", To: "2026-08-31"})
		if got.ID == 0 || got.CohortID != 0 {
			t.Fatalf("created %+v, want an id and no cohort", got)
		}
		for _, c := range []struct {
			on   string
			away bool
		}{{"2026-02-28", false}, {"2026-03-01", true}, {"2026-08-31", true}, {"2026-09-01", false}} {
			in, _ := seconded(t, db, sys, tr.w2, c.on)
			_, out := seconded(t, db, sys, tr.w1, c.on)
			if want := c.away; slices.Contains(in, id) != want || slices.Contains(out, id) != want {
				t.Errorf("%s: incoming at the host %v, outgoing at the sender %v, want seconded %v", c.on, in, out, want)
			}
			for unit, want := range map[int64]int{tr.w1: 1, tr.w2: 0} {
				if f := staffing(t, db, unit, c.on).Totals.Filled; f != want {
					t.Errorf("%s: unit #%d fills %d, want %d (the seconded person stays on the sending quota)", c.on, unit, f, want)
				}
			}
		}
		for on, want := range map[string]bool{"2026-08-30": false, "2026-08-31": true, "2026-09-01": false} {
			if due := secondmentDue(t, db, sys, on); slices.Contains(due, id) != want {
				t.Errorf("secondment_end on %s: %v, want the person %v", on, due, want)
			}
		}
		// Ended early: the actual last day is what counts from then on.
		if err := db.EndSecondment(sys, got.ID, canbo.SecondmentEnd{EndedOn: "2026-07-15", Placement: "Chuyên viên Văn phòng UBND phường"}); err != nil {
			t.Fatal(err)
		}
		if in, _ := seconded(t, db, sys, tr.w2, "2026-07-16"); len(in) != 0 {
			t.Errorf("after the end: incoming %v, want none", in)
		}
		if in, _ := seconded(t, db, sys, tr.w2, "2026-07-15"); len(in) != 1 {
			t.Errorf("on the last day: incoming %v, want the person", in)
		}
		if due := secondmentDue(t, db, sys, "2026-07-15"); !slices.Contains(due, id) {
			t.Errorf("secondment_end on the actual last day: %v, want the person", due)
		}
		if due := secondmentDue(t, db, sys, "2026-08-31"); slices.Contains(due, id) {
			t.Errorf("secondment_end on the decided day after an early end: %v, want none", due)
		}
	})
}

func TestSecondmentCohortWork(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		host := create(t, db, "2000-01-01", "Phường Tân Định", "26734", "phuong", tr.d1)
		a := staffed(t, db, "Lê Thị Lan", canbo.StaffCivilServant, tr.w1, "2020-01-01", "", 0)
		b := staffed(t, db, "Trần Văn Bình", canbo.StaffCivilServant, tr.w2, "2020-01-01", "", 0)
		c := staffed(t, db, "Phạm Minh Châu", canbo.StaffCivilServant, tr.w3, "2020-01-01", "", 0)
		mentor := staffed(t, db, "Ngô Quang Minh", canbo.StaffCivilServant, host, "2015-01-01", "", 0)
		got := second(t, db, canbo.SecondmentRequest{PersonIDs: []int64{a, b, c}, ToUnitID: host, From: "2026-03-01", To: "2026-08-31",
			Title: "Đào tạo tại chỗ cán bộ đô thị"})
		if got.CohortID == 0 || len(got.IDs) != 3 {
			t.Fatalf("cohort %+v, want a cohort of three", got)
		}
		if err := db.SetMentor(sys, got.IDs[0], mentor); err != nil {
			t.Fatal(err)
		}
		if err := db.SetMentor(sys, got.IDs[1], a); !isField(err, "mentor_id") {
			t.Errorf("a mentor from outside the host: %v, want refused naming mentor_id", err)
		}
		if err := db.AddSecondmentNote(sys, got.IDs[0], &canbo.SecondmentNote{Kind: canbo.NoteTask, On: "2026-03-02", Text: "Thẩm định hồ sơ cấp phép xây dựng"}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddSecondmentNote(sys, got.IDs[0], &canbo.SecondmentNote{Kind: canbo.NoteAssessment, On: "2026-05-30", Text: "Nắm vững quy trình", Rating: "good"}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddSecondmentNote(sys, got.IDs[0], &canbo.SecondmentNote{Kind: canbo.NoteAssessment, On: "2026-05-30", Text: "x", Rating: "best"}); !isField(err, "rating") {
			t.Errorf("an unknown rating: %v, want refused naming rating", err)
		}
		co, err := db.Cohort(sys, got.CohortID)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, s := range co.Secondments {
			lines = append(lines, fmt.Sprintf("%s from %s mentor %q notes %d", s.PersonName, s.FromUnitName, s.MentorName, len(s.Notes)))
		}
		want := []string{"Trần Văn Bình from Phường Đa Kao mentor \"\" notes 0", "Phạm Minh Châu from Phường Võ Thị Sáu mentor \"\" notes 0",
			"Lê Thị Lan from Phường Bến Nghé mentor \"Ngô Quang Minh\" notes 2"}
		if !slices.Equal(lines, want) {
			t.Errorf("cohort:\n got %q\nwant %q", lines, want)
		}
		// Scope: the sender's officer sees the cohort's own member; a stranger sees nothing.
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "q3", Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		if co, err := db.Cohort(officer, got.CohortID); err != nil || len(co.Secondments) != 1 || co.Secondments[0].PersonID != c {
			t.Errorf("the sending district's officer: %+v %v, want only their own person", co, err)
		}
		if err := db.SetMentor(officer, got.IDs[2], mentor); err == nil {
			t.Errorf("the sender set the host's mentor, want refused")
		}
		stranger := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "x", Role: canbo.RoleOfficer, Scope: []int64{tr.w2}})
		if _, err := db.Secondment(stranger, got.IDs[0]); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("out of scope: %v, want not found", err)
		}
		if _, err := db.UnitSecondments(stranger, host, date("2026-04-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("host's list out of scope: %v, want not found", err)
		}
		ps, err := db.PersonSecondments(sys, a)
		if err != nil || len(ps) != 1 || ps[0].Host() != "Phường Tân Định" {
			t.Errorf("profile's secondments: %+v %v", ps, err)
		}
	})
}

func isField(err error, field string) bool {
	var e *canbo.Error
	return errors.As(err, &e) && e.Code == canbo.EINVALID && e.Field == field
}

// secondmentRows counts the rows a secondment writes, to show a refusal wrote nothing.
func secondmentRows(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var out string
	for _, table := range []string{"secondments", "secondment_cohorts", "audit_events"} {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s=%d ", table, n)
	}
	return out
}

func TestSecondmentBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		a := staffed(t, db, "Lê Thị Lan", canbo.StaffCivilServant, tr.w1, "2020-01-01", "", 0)
		b := staffed(t, db, "Trần Văn Bình", canbo.StaffCivilServant, tr.w2, "2020-01-01", "", 0)
		second(t, db, canbo.SecondmentRequest{PersonID: b, FromUnitID: tr.w2, ToUnitID: tr.w3, From: "2026-01-01", To: "2026-06-30"})
		base := func(f func(*canbo.SecondmentRequest)) func() error {
			return func() error {
				r := canbo.SecondmentRequest{PersonID: a, FromUnitID: tr.w1, ToUnitID: tr.w3, From: "2026-01-01", To: "2026-12-31",
					Purpose: canbo.SecondmentTask, Document: secondmentDoc}
				f(&r)
				_, err := db.CreateSecondments(sys, &r)
				return err
			}
		}
		for _, c := range []struct {
			name, field string
			write       func() error
		}{
			{"over three years without the exception", "to", base(func(r *canbo.SecondmentRequest) { r.To = "2029-01-01" })},
			{"exception without its document", "exception_document.number", base(func(r *canbo.SecondmentRequest) { r.To, r.Exception = "2029-01-01", true })},
			{"host equal to the sending unit", "to_unit_id", base(func(r *canbo.SecondmentRequest) { r.ToUnitID = tr.w1 })},
			{"overlapping secondment", "person_id", base(func(r *canbo.SecondmentRequest) { r.PersonID, r.FromUnitID = b, tr.w2; r.From = "2026-06-30" })},
			{"no post in the sending unit", "person_id", base(func(r *canbo.SecondmentRequest) { r.FromUnitID = tr.w2 })},
			{"no post on the first day", "person_id", base(func(r *canbo.SecondmentRequest) { r.From, r.To = "2019-06-01", "2019-12-31" })},
			{"unknown host", "to_unit_id", base(func(r *canbo.SecondmentRequest) { r.ToUnitID = 999999 })},
			{"unknown sending unit", "from_unit_id", base(func(r *canbo.SecondmentRequest) { r.FromUnitID = 999999 })},
			{"to before from", "to", base(func(r *canbo.SecondmentRequest) { r.To = "2025-12-31" })},
			{"unknown purpose", "purpose", base(func(r *canbo.SecondmentRequest) { r.Purpose = "holiday" })},
			{"no document", "document.number", base(func(r *canbo.SecondmentRequest) { r.Document = canbo.StaffingDocument{} })},
			{"a cohort with one bad member", "person_ids", base(func(r *canbo.SecondmentRequest) { r.PersonID, r.PersonIDs, r.FromUnitID = 0, []int64{a, b}, 0 })},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := secondmentRows(t, db)
				err := c.write()
				if !isField(err, c.field) {
					t.Fatalf("got %v, want invalid naming %s", err, c.field)
				}
				if after := secondmentRows(t, db); after != before {
					t.Errorf("a refusal wrote: before %s, after %s", before, after)
				}
			})
		}
		// With the flag and its document, the long period is allowed.
		if err := base(func(r *canbo.SecondmentRequest) {
			r.To, r.Exception, r.ExceptionDocument = "2029-06-30", true, &canbo.StaffingDocument{Number: "07/2026/NĐ-CP", Issuer: "Chính phủ"}
		})(); err != nil {
			t.Errorf("a documented exception: %v", err)
		}
		// A stranger's scope holds neither unit: the host reads as unknown.
		stranger := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "x", Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		r := canbo.SecondmentRequest{PersonID: a, FromUnitID: tr.w1, ToUnitID: tr.w2, From: "2031-01-01", To: "2031-12-31", Purpose: canbo.SecondmentTask, Document: secondmentDoc}
		if _, err := db.CreateSecondments(stranger, &r); !isField(err, "to_unit_id") {
			t.Errorf("both units out of scope: %v, want refused naming to_unit_id", err)
		}
	})
}

func TestSecondmentEntriesBecomeRecords(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		id := staffed(t, db, "Võ Văn Phái", canbo.StaffCivilServant, tr.w1, "2020-01-01", "", 0)
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: id, Kind: canbo.EntrySecondment, From: "2025-01", To: "2026-12", Title: "UBND phường Đa Kao"}); err != nil {
			t.Fatal(err)
		}
		ps, err := db.PersonSecondments(sys, id)
		if err != nil || len(ps) != 1 {
			t.Fatalf("secondments %+v %v, want the entry as a record", ps, err)
		}
		if s := ps[0]; s.From != "2025-01-01" || s.To != "2026-12-31" || s.Host() != "UBND phường Đa Kao" || s.FromUnitID != tr.w1 {
			t.Errorf("record %+v, want 01/01/2025 – 31/12/2026 at the typed place, sent from the post's unit", s)
		}
		_, entries, _, err := db.Timeline(sys, id)
		if err != nil || len(entries) != 0 {
			t.Errorf("timeline %+v %v, want no secondment entry left", entries, err)
		}
	})
}
