package sqlstore_test

import (
	"context"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestTemporaryAttachmentReadOnly (issue 10 item 8): a member attached temporarily to another
// cell appears in that cell's list, but its officers may not change the record; the officers
// of the member's own unit still may.
func TestTemporaryAttachmentReadOnly(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.member(t, db, "Kha Văn Tạm")
		if err := db.TransferMembership(sys, id, &canbo.Transfer{CellID: f.cell3, On: "2024-01-02", Temporary: true}); err != nil {
			t.Fatal(err)
		}
		host := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 7, Username: "tiep.nhan", Role: canbo.RoleOfficer, Scope: []int64{f.cell3}})
		own := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "noi.chinh", Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		p, err := db.FindPerson(host, id)
		if err != nil {
			t.Fatalf("the host cell's officer does not see the member: %v", err)
		}
		if db.MayEditPerson(host, id) {
			t.Error("the host cell's officer may edit the record")
		}
		p.Phone = "0909000111"
		if err := db.UpdatePerson(host, p); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("host updates the person: %v", err)
		}
		if err := db.AddEntry(host, &canbo.Entry{PersonID: id, Kind: canbo.EntryReward, From: "2024", Title: "Giấy khen"}); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("host adds an entry: %v", err)
		}
		if err := db.AddPost(host, &canbo.Post{PersonID: id, UnitID: f.w1, Title: "Phó trưởng phòng", From: "2025-01-01"}); err == nil {
			t.Error("host adds a post")
		}
		if !db.MayEditPerson(own, id) {
			t.Error("the officer of the member's own unit may not edit")
		}
		if err := db.AddEntry(own, &canbo.Entry{PersonID: id, Kind: canbo.EntryReward, From: "2024", Title: "Giấy khen"}); err != nil {
			t.Errorf("own unit adds an entry: %v", err)
		}
	})
}
