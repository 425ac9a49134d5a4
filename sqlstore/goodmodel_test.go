package sqlstore_test

import (
	"context"
	"testing"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestGoodModels: a model is reviewed before it is published; a sensitive one is hidden from
// officers and viewers and published only by an administrator; scope applies.
func TestGoodModels(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Role: canbo.RoleOfficer, Scope: []int64{tr.d1}})
		leader := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Role: canbo.RoleLeader, Scope: []int64{tr.d1}})
		elsewhere := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 3, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		plain, err := db.AddGoodModel(officer, &canbo.GoodModel{UnitID: tr.w1, Title: "Chợ không tiền mặt", Description: "Thanh toán số tại chợ Bến Thành"})
		if err != nil {
			t.Fatal(err)
		}
		touchy, err := db.AddGoodModel(officer, &canbo.GoodModel{UnitID: tr.w1, Title: "Hòa giải khiếu nại đông người", Description: "x", Sensitive: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddGoodModel(officer, &canbo.GoodModel{UnitID: tr.w3, Title: "x", Description: "x"}); canbo.ErrorField(err) != "unit_id" {
			t.Errorf("out of scope unit: %v", err)
		}
		if _, err := db.AddGoodModel(officer, &canbo.GoodModel{UnitID: tr.w1, Title: " ", Description: "x"}); canbo.ErrorField(err) != "title" {
			t.Errorf("no title: %v", err)
		}
		count := func(ctx context.Context) int {
			_, n, err := db.GoodModels(ctx, canbo.GoodModelFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if count(officer) != 1 || count(leader) != 2 || count(elsewhere) != 0 || count(sys) != 2 {
			t.Errorf("seen: officer %d, leader %d, elsewhere %d, system %d", count(officer), count(leader), count(elsewhere), count(sys))
		}
		if _, err := db.GoodModel(officer, touchy); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("officer reads a sensitive model: %v", err)
		}
		if err := db.PublishGoodModel(officer, plain, date("2026-03-01")); canbo.ErrorField(err) != "status" {
			t.Errorf("publish before review: %v", err)
		}
		if err := db.ReviewGoodModel(officer, plain, date("2026-03-01"), false, ""); canbo.ErrorField(err) != "note" {
			t.Errorf("return without a reason: %v", err)
		}
		if err := db.ReviewGoodModel(officer, plain, date("2026-03-01"), true, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishGoodModel(officer, plain, date("2026-03-02")); err != nil {
			t.Fatal(err)
		}
		if list, n, _ := db.GoodModels(officer, canbo.GoodModelFilter{Status: canbo.ModelPublished, Q: "cho khong tien mat"}); n != 1 || list[0].ID != plain {
			t.Errorf("published and found without accents: %d", n)
		}
		if err := db.ReviewGoodModel(sys, touchy, date("2026-03-01"), true, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishGoodModel(leader, touchy, date("2026-03-02")); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("a leader publishes a sensitive model: %v", err)
		}
	})
}
