package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/auth"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestEditPost: a post's fields are corrected with a reason, audited with both versions; bad
// input names the field and changes nothing.
func TestEditPost(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Hồ Văn Bình")
		posts, err := db.Posts(sys, id)
		if err != nil || len(posts) != 1 {
			t.Fatalf("posts: %v %v", posts, err)
		}
		post := posts[0]
		for _, c := range []struct {
			name, field, reason string
			p                   canbo.Post
		}{
			{"no reason", "reason", " ", canbo.Post{UnitID: f.w2, Title: "Trưởng phòng", From: "2011-01-01", Primary: true}},
			{"end before start", "post.to", "nhầm", canbo.Post{UnitID: f.w2, Title: "Trưởng phòng", From: "2011-01-01", To: "2010-01-01"}},
			{"no title", "post.title", "nhầm", canbo.Post{UnitID: f.w2, From: "2011-01-01"}},
			{"bad day", "post.from", "nhầm", canbo.Post{UnitID: f.w2, Title: "Trưởng phòng", From: "31/02/2011"}},
		} {
			if err := db.EditPost(sys, id, post.ID, &c.p, c.reason); canbo.ErrorField(err) != c.field {
				t.Errorf("%s: got %v, want a message about %s", c.name, err, c.field)
			}
		}
		if got, _ := db.Posts(sys, id); got[0].Title != post.Title || got[0].UnitID != post.UnitID || got[0].From != post.From {
			t.Fatalf("refused edits changed the post: %+v", got[0])
		}
		if err := db.EditPost(sys, id+1000, post.ID, &canbo.Post{UnitID: f.w2, Title: "X", From: "2011-01-01"}, "nhầm"); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("through another person: %v", err)
		}
		p := canbo.Post{UnitID: f.w2, Title: "Trưởng phòng", From: "2011-01-01", To: "2020-01-01", Primary: true, Document: canbo.Document{Number: "12/QĐ-UBND"}}
		if err := db.EditPost(sys, id, post.ID, &p, "Nhập nhầm đơn vị"); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Posts(sys, id)
		if g := got[0]; g.UnitID != f.w2 || g.Title != "Trưởng phòng" || g.From != "2011-01-01" || g.To != "2020-01-01" || g.Document.Number != "12/QĐ-UBND" {
			t.Errorf("after the edit: %+v", g)
		}
		if n := auditCount(t, db, "person.post.edit", id); n != 1 {
			t.Errorf("audit events of the edit: %d, want 1", n)
		}
	})
}

// TestEditEntry: an entry keeps its kind; its days and title are checked as when adding.
func TestEditEntry(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.ids["Trần Thị Ánh"]
		e := &canbo.Entry{PersonID: id, Kind: canbo.EntryTraining, From: "2015-01-01", To: "2015-06-01", Title: "Trung cấp lý luận"}
		if err := db.AddEntry(sys, e); err != nil {
			t.Fatal(err)
		}
		bad := &canbo.Entry{Kind: canbo.EntryFamily, From: "1900-01-01", Title: "Cao cấp lý luận"}
		if err := db.EditEntry(sys, id, e.ID, bad, "nhầm"); canbo.ErrorField(err) != "from" {
			t.Errorf("a day before records: %v", err)
		}
		if err := db.EditEntry(sys, id, e.ID, &canbo.Entry{From: "2016-01-01", Title: "Cao cấp lý luận"}, ""); canbo.ErrorField(err) != "reason" {
			t.Errorf("no reason: %v", err)
		}
		edit := &canbo.Entry{Kind: canbo.EntryFamily, From: "2016-01-01", To: "2017-01-01", Title: "Cao cấp lý luận"}
		if err := db.EditEntry(sys, id, e.ID, edit, "Nhập nhầm khóa học"); err != nil {
			t.Fatal(err)
		}
		_, entries, _, err := db.Timeline(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Kind != canbo.EntryTraining || entries[0].Title != "Cao cấp lý luận" || entries[0].From != "2016-01-01" {
			t.Errorf("after the edit: %+v", entries)
		}
		if n := auditCount(t, db, "person.entry.edit", id); n != 1 {
			t.Errorf("audit events: %d", n)
		}
	})
}

// TestCorrectTransfer: a transfer carries its paper; correcting its day moves the end of the
// period it closed; removing it lets that period run on; the admission's period stays.
func TestCorrectTransfer(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Hồ Văn Bình")
		paper := canbo.Decision{Number: "45-GGT/ĐU", Date: "28/12/2017", Issuer: "Đảng ủy phường"}
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2018-01-01", Decision: paper}); err != nil {
			t.Fatal(err)
		}
		m, err := db.Membership(sys, id)
		if err != nil || len(m.Cells) != 2 {
			t.Fatalf("membership: %+v %v", m, err)
		}
		first, moved := m.Cells[0], m.Cells[1]
		if moved.Decision != (canbo.Decision{Number: "45-GGT/ĐU", Date: "2017-12-28", Issuer: "Đảng ủy phường"}) {
			t.Errorf("transfer paper: %+v", moved.Decision)
		}
		for _, c := range []struct {
			name, field string
			tr          canbo.Transfer
		}{
			{"before the period it closed", "on", canbo.Transfer{CellID: f.cell3, On: "2011-01-01"}},
			{"not a party unit", "cell_id", canbo.Transfer{CellID: f.w1, On: "2017-06-01"}},
			{"bad paper day", "decision.date", canbo.Transfer{CellID: f.cell3, On: "2017-06-01", Decision: canbo.Decision{Date: "32/01/2017"}}},
		} {
			if err := db.EditTransfer(sys, id, moved.ID, &c.tr, "nhầm"); canbo.ErrorField(err) != c.field {
				t.Errorf("%s: got %v, want %s", c.name, err, c.field)
			}
		}
		if err := db.EditTransfer(sys, id, moved.ID, &canbo.Transfer{CellID: f.cell3, On: "2017-06-01"}, "Nhầm ngày chuyển"); err != nil {
			t.Fatal(err)
		}
		m, _ = db.Membership(sys, id)
		if m.Cells[0].To != "2017-06-01" || m.Cells[1].From != "2017-06-01" {
			t.Errorf("after moving the day: %+v", m.Cells)
		}
		if err := db.EditTransfer(sys, id, first.ID, &canbo.Transfer{CellID: f.cell1, On: "2013-01-01"}, "nhầm"); canbo.ErrorField(err) != "on" {
			t.Errorf("moving the admission's period: %v", err)
		}
		if err := db.RemoveTransfer(sys, id, first.ID, "nhầm"); canbo.ErrorField(err) != "transfer" {
			t.Errorf("removing the admission's period: %v", err)
		}
		if err := db.RemoveTransfer(sys, id, moved.ID, "Chuyển nhầm"); err != nil {
			t.Fatal(err)
		}
		m, _ = db.Membership(sys, id)
		if len(m.Cells) != 1 || m.Cells[0].CellID != f.cell1 || m.Cells[0].To != "" {
			t.Errorf("after the removal: %+v", m.Cells)
		}
		if auditCount(t, db, "person.party.transfer.edit", id) != 1 || auditCount(t, db, "person.party.transfer.remove", id) != 1 {
			t.Error("corrections of the transfer not audited")
		}
		// A transfer decided ahead is recorded like a post that starts ahead (same bound).
		next := strconv.Itoa(time.Now().Year()+1) + "-01-01"
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: next}); err != nil {
			t.Errorf("a transfer next year: %v", err)
		}
		if err := db.AddPost(sys, &canbo.Post{PersonID: id, UnitID: f.w2, Title: "Phó trưởng phòng", From: next}); err != nil {
			t.Errorf("a post next year: %v", err)
		}
	})
}

// TestAddPostEndsPrimary: a new primary post may end the one still held on its first day.
func TestAddPostEndsPrimary(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Hồ Văn Bình")
		p := &canbo.Post{PersonID: id, UnitID: f.w2, Title: "Phó trưởng phòng", From: "2020-01-01", Primary: true, EndPrimary: true}
		if err := db.AddPost(sys, p); err != nil {
			t.Fatal(err)
		}
		posts, _ := db.Posts(sys, id)
		if len(posts) != 2 || posts[1].To != "2020-01-01" || posts[0].To != "" {
			t.Errorf("posts after the new primary one: %+v", posts)
		}
		c := &canbo.Post{PersonID: id, UnitID: f.w1, Title: "Kiêm nhiệm", From: "2021-01-01", EndPrimary: true}
		if err := db.AddPost(sys, c); err != nil {
			t.Fatal(err)
		}
		if posts, _ := db.Posts(sys, id); posts[1].To != "" {
			t.Errorf("a concurrent post ended the primary one: %+v", posts)
		}
	})
}

// TestDeletePerson: a record created by mistake goes with its parts, the audit keeps it; a
// caller without every grant, or without a reason, is refused; a record another module refers
// to is kept.
func TestDeletePerson(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Hồ Văn Bình")
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: id, Kind: canbo.EntryTraining, From: "2015-01-01", Title: "Bồi dưỡng"}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePerson(adminCtx, id, ""); canbo.ErrorField(err) != "reason" {
			t.Errorf("no reason: %v", err)
		}
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		if err := db.DeletePerson(officer, id, "nhầm"); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("without the grants: %v", err)
		}
		if _, err := db.FindPerson(sys, id); err != nil {
			t.Fatalf("refused deletes removed the record: %v", err)
		}
		if err := db.DeletePerson(adminCtx, id, "Tạo nhầm hồ sơ"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindPerson(sys, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("after the delete: %v", err)
		}
		if n := auditCount(t, db, "person.delete", id); n != 1 {
			t.Errorf("audit events of the delete: %d", n)
		}
	})
}

// TestMergePeople: the kept record takes the chosen fields and the other's parts; the other
// goes; two memberships are refused.
func TestMergePeople(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		keep := f.member(t, db, "Hồ Văn Bình")
		drop := &canbo.Person{FamilyName: "Hồ", MiddleName: "Văn", GivenName: "Bình", Sex: canbo.Male, BirthDate: "1980-02-03", Phone: "0909123456"}
		if err := db.CreatePerson(sys, drop, &canbo.Post{UnitID: f.w2, Title: "Chuyên viên chính", From: "2005-01-01", To: "2009-12-31", Primary: true}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.AddEntry(sys, &canbo.Entry{PersonID: drop.ID, Kind: canbo.EntryTraining, From: "2006-01-01", Title: "Bồi dưỡng"}); err != nil {
			t.Fatal(err)
		}
		other := f.member(t, db, "Hồ Văn Bính")
		if _, err := db.MergePeople(adminCtx, keep, other, nil, "trùng"); canbo.ErrorField(err) != "party" {
			t.Errorf("two memberships: %v", err)
		}
		if _, err := db.MergePeople(adminCtx, keep, drop.ID, []string{"password"}, "trùng"); canbo.ErrorField(err) != "take" {
			t.Errorf("unknown field: %v", err)
		}
		if _, err := db.MergePeople(adminCtx, keep, keep, nil, "trùng"); canbo.ErrorField(err) != "drop" {
			t.Errorf("same record: %v", err)
		}
		if _, err := db.MergePeople(adminCtx, keep, drop.ID, []string{"phone"}, ""); canbo.ErrorField(err) != "reason" {
			t.Errorf("no reason: %v", err)
		}
		p, err := db.MergePeople(adminCtx, keep, drop.ID, []string{"phone"}, "Nhập trùng hồ sơ")
		if err != nil {
			t.Fatal(err)
		}
		if p.Phone != "0909123456" || p.FullName != "Hồ Văn Bình" {
			t.Errorf("merged record: %+v", p)
		}
		posts, entries, m, err := db.Timeline(sys, keep)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || len(entries) != 1 || m == nil {
			t.Errorf("merged parts: %d posts, %d entries, membership %v", len(posts), len(entries), m != nil)
		}
		if _, err := db.FindPerson(sys, drop.ID); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("the merged-in record: %v", err)
		}
		if n := auditCount(t, db, "person.merge", keep); n != 1 {
			t.Errorf("audit events of the merge: %d", n)
		}
	})
}

// TestDismissDuplicate: a pair marked as two people leaves the findings and their count.
func TestDismissDuplicate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		a := f.member(t, db, "Hồ Văn Bình")
		b := f.member(t, db, "Hồ Văn Bính")
		hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
		u := &canbo.User{Username: "can.bo", Role: canbo.RoleOfficer, Scope: []int64{f.w1}}
		if err := db.CreateUser(sys, u, hash); err != nil {
			t.Fatal(err)
		}
		ctx := canbo.NewContextWithUser(context.Background(), u)
		count := func() (int, string) {
			rep, err := db.Findings(ctx, canbo.CleaningFilter{Kinds: []canbo.FindingKind{canbo.FindingDuplicate}})
			if err != nil {
				t.Fatal(err)
			}
			var pairs []string
			for _, f := range rep.Findings {
				pairs = append(pairs, f.People[0].FullName+"+"+f.People[1].FullName)
			}
			return rep.Counts[canbo.FindingDuplicate], strings.Join(pairs, ",")
		}
		if n, pairs := count(); n != 1 || !strings.Contains(pairs, "Bình") {
			t.Fatalf("before: %d %s", n, pairs)
		}
		if err := db.DismissDuplicate(ctx, b, a); err != nil {
			t.Fatal(err)
		}
		if n, pairs := count(); n != 0 || pairs != "" {
			t.Errorf("after marking not duplicate: %d %s", n, pairs)
		}
		if err := db.DismissDuplicate(ctx, a, a); canbo.ErrorField(err) != "b" {
			t.Errorf("a pair of one: %v", err)
		}
	})
}
