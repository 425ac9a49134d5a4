package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/audit"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestRemoveParts: a post and an entry recorded by mistake are removed only with a reason, the
// audit keeps what was removed and why, and a caller without the class of an entry cannot
// remove (or learn of) it.
func TestRemoveParts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newPeople(t, db)
		id := f.ids["Trần Thị Ánh"]
		ctx := adminCtx
		post := &canbo.Post{PersonID: id, UnitID: f.w1, Title: "Phó trưởng phòng nhầm", From: "2021-01-01"}
		if err := db.AddPost(ctx, post); err != nil {
			t.Fatal(err)
		}
		fam := &canbo.Entry{PersonID: id, Kind: canbo.EntryFamily, Title: "Trần Văn Nhầm", Details: map[string]string{"relation": "Anh"}}
		if err := db.AddEntry(ctx, fam); err != nil {
			t.Fatal(err)
		}
		disc := &canbo.Entry{PersonID: id, Kind: canbo.EntryDiscipline, From: "2022-03-01", Title: "Chậm báo cáo", Details: map[string]string{"level": "Khiển trách", "authority": "Ủy ban nhân dân phường"}}
		if err := db.AddEntry(ctx, disc); err != nil {
			t.Fatal(err)
		}

		// No reason: refused, naming the field, nothing removed.
		if err := db.RemovePost(ctx, id, post.ID, "  "); canbo.ErrorField(err) != "reason" {
			t.Errorf("removal without a reason: %v", err)
		}
		// Another person's post is not found through this one.
		if err := db.RemovePost(ctx, f.ids["Lê Văn An"], post.ID, "nhầm"); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("removal through another person: %v", err)
		}
		// Without the discipline grant the entry is not found.
		plain := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{f.w1}})
		if err := db.RemoveEntry(plain, id, disc.ID, "nhầm"); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("removal of a discipline entry without the grant: %v", err)
		}
		// A viewer may not remove anything.
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 9, Username: "xem", Role: canbo.RoleViewer, Scope: []int64{f.w1}})
		if err := db.RemoveEntry(viewer, id, fam.ID, "nhầm"); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("removal by a viewer: %v", err)
		}
		posts, entries, _, err := db.Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || len(entries) != 2 {
			t.Fatalf("refused removals changed the record: %d posts, %d entries", len(posts), len(entries))
		}

		if err := db.RemovePost(ctx, id, post.ID, "Nhập nhầm chức vụ"); err != nil {
			t.Fatal(err)
		}
		family := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 8, Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{f.w1}, Grants: []string{canbo.GrantFamily}})
		if err := db.RemoveEntry(family, id, fam.ID, "Nhập nhầm người thân"); err != nil {
			t.Fatal(err)
		}
		posts, entries, _, err = db.Timeline(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 1 || len(entries) != 1 || entries[0].ID != disc.ID {
			t.Errorf("after the removals: %+v, %+v", posts, entries)
		}
		events, _, err := db.AuditEvents(ctx, audit.Filter{Action: "person.", Entity: "person", EntityID: strconv.FormatInt(id, 10)})
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, e := range events {
			switch {
			case e.Action == "person.post.remove" && e.Reason == "Nhập nhầm chức vụ" && strings.Contains(string(e.Before), "Phó trưởng phòng nhầm"):
				found[e.Action] = true
			case e.Action == "person.entry.remove" && e.Reason == "Nhập nhầm người thân" && strings.Contains(string(e.Before), "Trần Văn Nhầm"):
				found[e.Action] = true
			}
		}
		if !found["person.post.remove"] || !found["person.entry.remove"] {
			t.Errorf("the audit does not keep the removals with what was removed and why: %v", found)
		}
	})
}
