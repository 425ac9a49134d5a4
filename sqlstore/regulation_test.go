package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/registry"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

func mustRegulation(t *testing.T, db *sqlstore.DB, ctx context.Context, r canbo.Regulation) int64 {
	t.Helper()
	id, err := db.AddRegulation(ctx, &r)
	if err != nil {
		t.Fatalf("add %s: %v", r.Number, err)
	}
	return id
}

func regNumbers(t *testing.T, db *sqlstore.DB, ctx context.Context, f canbo.RegulationFilter) string {
	t.Helper()
	list, total, err := db.Regulations(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(list) {
		t.Errorf("total %d, %d listed", total, len(list))
	}
	var s []string
	for _, r := range list {
		s = append(s, r.Number)
	}
	return strings.Join(s, ", ")
}

func regCount(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	for _, q := range []string{"SELECT COUNT(*) FROM regulations", "SELECT COUNT(*) FROM regulation_links", "SELECT COUNT(*) FROM regulation_versions"} {
		var c int
		if err := db.SQL().QueryRow(q).Scan(&c); err != nil {
			t.Fatal(err)
		}
		n += c
	}
	return n
}

// TestRegulationsInForce follows a replacement chain (A replaced by B, B by C) and an amendment
// (D amended by E) across several days, and checks every list against registry.Status computed
// from the documents read one by one.
func TestRegulationsInForce(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		reg := func(number, title, signed, eff string, replaces, amends []int64, impl ...canbo.CentralDoc) int64 {
			return mustRegulation(t, db, sys, canbo.Regulation{Number: number, Kind: canbo.RegQuyDinh, Title: title,
				IssuerUnitID: tr.w1, SignedOn: date(signed), EffectiveFrom: date(eff), Replaces: replaces, Amends: amends, Implements: impl})
		}
		a := reg("01/2022/QĐ-UBND", "Quy chế làm việc của Ủy ban nhân dân phường", "2022-01-10", "2022-02-01", nil, nil)
		b := reg("05/2023/QĐ-UBND", "Quy chế làm việc (thay thế)", "2023-03-01", "2023-03-15", []int64{a}, nil)
		c := reg("09/2025/QĐ-UBND", "Quy chế làm việc mới", "2025-06-20", "2025-07-01", []int64{b}, nil)
		d := reg("02/2022/QĐ-UBND", "Quy định khuyến khích cán bộ năng động, sáng tạo", "2022-05-01", "2022-05-10", nil, nil,
			canbo.CentralDoc{Number: "14-KL/TW", Issuer: "Bộ Chính trị", Date: date("2021-09-22")})
		e := reg("03/2024/QĐ-UBND", "Sửa đổi quy định khuyến khích", "2024-01-02", "2024-01-15", nil, []int64{d},
			canbo.CentralDoc{Number: "73/2023/NĐ-CP", Issuer: "Chính phủ", Date: date("2023-09-29")})
		want := map[string]string{
			"2022-01-31": "",
			"2022-02-01": "01/2022/QĐ-UBND",
			"2022-06-01": "02/2022/QĐ-UBND, 01/2022/QĐ-UBND",
			"2023-03-14": "02/2022/QĐ-UBND, 01/2022/QĐ-UBND",
			"2023-03-15": "05/2023/QĐ-UBND, 02/2022/QĐ-UBND",
			"2024-01-15": "03/2024/QĐ-UBND, 05/2023/QĐ-UBND, 02/2022/QĐ-UBND",
			"2025-07-01": "09/2025/QĐ-UBND, 03/2024/QĐ-UBND, 02/2022/QĐ-UBND",
		}
		for on, w := range want {
			if got := regNumbers(t, db, sys, canbo.RegulationFilter{InForceOn: date(on)}); got != w {
				t.Errorf("in force on %s: %q, want %q", on, got, w)
			}
			// The oracle: each document's status from its own dates and its linkers' dates.
			all, _, err := db.Regulations(sys, canbo.RegulationFilter{AsOf: date(on)})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range all {
				doc := registry.Doc{EffectiveFrom: r.EffectiveFrom, ExpiresOn: r.ExpiresOn}
				for _, l := range r.ReplacedBy {
					x, err := db.Regulation(sys, l.ID, date(on))
					if err != nil {
						t.Fatal(err)
					}
					doc.ReplacedFrom = append(doc.ReplacedFrom, x.EffectiveFrom)
				}
				for _, l := range r.AmendedBy {
					x, err := db.Regulation(sys, l.ID, date(on))
					if err != nil {
						t.Fatal(err)
					}
					doc.AmendedFrom = append(doc.AmendedFrom, x.EffectiveFrom)
				}
				one, err := db.Regulation(sys, r.ID, date(on))
				if err != nil {
					t.Fatal(err)
				}
				if s := registry.Status(doc, date(on)); s != r.Status || s != one.Status {
					t.Errorf("%s on %s: list %s, page %s, oracle %s", r.Number, on, r.Status, one.Status, s)
				}
			}
		}
		// NĐ 73/2023, implemented by e, is newer than a (signed January 2022): a's review may need
		// to follow it; Kết luận 14 (2021) is older than a; e is not told about its own.
		if x, err := db.Regulation(sys, a, date("2024-06-01")); err != nil || len(x.NewerCentral) != 1 || x.NewerCentral[0].Number != "73/2023/NĐ-CP" {
			t.Errorf("newer central documents for a: %+v %v", x.NewerCentral, err)
		}
		if x, err := db.Regulation(sys, e, date("2024-06-01")); err != nil || len(x.NewerCentral) != 0 {
			t.Errorf("newer central documents for e: %+v %v", x.NewerCentral, err)
		}
		// A replaced document stays replaced when its replacement is replaced in turn; the
		// amended one is "amended", and in force.
		for id, w := range map[int64]canbo.RegulationStatus{a: canbo.RegReplaced, b: canbo.RegReplaced, c: canbo.RegInForce, d: canbo.RegAmended} {
			r, err := db.Regulation(sys, id, date("2025-07-01"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != w {
				t.Errorf("%s on 2025-07-01: %s, want %s", r.Number, r.Status, w)
			}
		}
		// Accent-insensitive search, in titles and implemented documents.
		for q, w := range map[string]string{
			"nang dong sang tao": "02/2022/QĐ-UBND",
			"14-kl/tw":           "02/2022/QĐ-UBND",
			"QUY CHE LAM VIEC":   "09/2025/QĐ-UBND, 05/2023/QĐ-UBND, 01/2022/QĐ-UBND",
			"khuyến khích sửa":   "03/2024/QĐ-UBND",
		} {
			if got := regNumbers(t, db, sys, canbo.RegulationFilter{Q: q}); got != w {
				t.Errorf("q=%q: %q, want %q", q, got, w)
			}
		}
		if got := regNumbers(t, db, sys, canbo.RegulationFilter{Q: "quy che", InForceOn: date("2024-01-01")}); got != "05/2023/QĐ-UBND" {
			t.Errorf("q and in force: %q", got)
		}
		// Scope: an officer of Quận 3 sees none of Bến Nghé's documents, and cannot link to them.
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		if got := regNumbers(t, db, other, canbo.RegulationFilter{}); got != "" {
			t.Errorf("out of scope: %q", got)
		}
		if _, err := db.Regulation(other, a, date("2024-01-01")); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("out of scope read: %v", err)
		}
		before := regCount(t, db)
		_, err := db.AddRegulation(other, &canbo.Regulation{Number: "01/2025/QĐ-UBND", Kind: canbo.RegQuyDinh, Title: "x",
			IssuerUnitID: tr.w3, SignedOn: date("2025-01-01"), EffectiveFrom: date("2025-01-01"), Replaces: []int64{a}})
		if canbo.ErrorField(err) != "replaces" {
			t.Errorf("replacing out of scope: %v", err)
		}
		if regCount(t, db) != before {
			t.Error("a refused document left rows")
		}
	})
}

// TestRegulationBadInput checks that each refusal names its field and writes nothing.
func TestRegulationBadInput(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		base := func() canbo.Regulation {
			return canbo.Regulation{Number: "01/2024/QĐ-UBND", Kind: canbo.RegQuyChe, Title: "Quy chế", IssuerUnitID: tr.w1,
				SignedOn: date("2024-01-01"), EffectiveFrom: date("2024-02-01")}
		}
		a := mustRegulation(t, db, sys, base())
		r := base()
		r.Number, r.EffectiveFrom, r.SignedOn, r.Replaces = "02/2024/QĐ-UBND", date("2024-03-01"), date("2024-03-01"), []int64{a}
		b := mustRegulation(t, db, sys, r)
		viewer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 3, Role: canbo.RoleViewer, Scope: []int64{tr.province}})
		cases := []struct {
			name  string
			ctx   context.Context
			edit  func(r *canbo.Regulation)
			field string
		}{
			{"number", sys, func(r *canbo.Regulation) { r.Number = "quyết định số 1" }, "number"},
			{"kind", sys, func(r *canbo.Regulation) { r.Kind = "nghi_quyet" }, "kind"},
			{"title", sys, func(r *canbo.Regulation) { r.Title = " " }, "title"},
			{"unit", sys, func(r *canbo.Regulation) { r.IssuerUnitID = 9999 }, "issuer_unit_id"},
			{"effective before signed", sys, func(r *canbo.Regulation) { r.EffectiveFrom = date("2023-12-01") }, "effective_from"},
			{"replaces later", sys, func(r *canbo.Regulation) { r.Replaces = []int64{b} }, "replaces"},
			{"amends later", sys, func(r *canbo.Regulation) { r.Amends = []int64{b} }, "amends"},
			{"replaces missing", sys, func(r *canbo.Regulation) { r.Replaces = []int64{9999} }, "replaces"},
			{"both links", sys, func(r *canbo.Regulation) {
				r.EffectiveFrom = date("2024-06-01")
				r.Replaces, r.Amends = []int64{a}, []int64{a}
			}, "amends"},
			{"central number", sys, func(r *canbo.Regulation) { r.Implements = []canbo.CentralDoc{{Number: "KL 14"}} }, "implements"},
		}
		for _, c := range cases {
			before := regCount(t, db)
			r := base()
			r.Number = "07/2024/QĐ-UBND"
			c.edit(&r)
			_, err := db.AddRegulation(c.ctx, &r)
			if canbo.ErrorField(err) != c.field {
				t.Errorf("%s: err %v, want field %s", c.name, err, c.field)
			}
			if regCount(t, db) != before {
				t.Errorf("%s: rows written", c.name)
			}
		}
		if _, err := db.AddRegulation(viewer, &canbo.Regulation{}); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
			t.Errorf("viewer: %v", err)
		}
		// A cycle: a made to replace b, which replaces a (same effective day, so only the cycle
		// check stops it).
		same := base()
		same.ID, same.Number, same.EffectiveFrom, same.Replaces = a, "01/2024/QĐ-UBND", date("2024-03-01"), []int64{b}
		before := regCount(t, db)
		err := db.UpdateRegulation(sys, &same)
		if canbo.ErrorField(err) != "replaces" || !strings.Contains(canbo.ErrorMessage(err), "khép vòng") {
			t.Errorf("cycle: %v", err)
		}
		if regCount(t, db) != before {
			t.Error("cycle: rows written")
		}
		got, err := db.Regulation(sys, a, date("2024-03-01"))
		if err != nil || !got.EffectiveFrom.Equal(date("2024-02-01")) {
			t.Errorf("cycle changed the document: %v %v", got, err)
		}
		// A new text is a new version; the history keeps both.
		got.Body = "Điều 1. Phạm vi điều chỉnh"
		if err := db.UpdateRegulation(sys, got); err != nil {
			t.Fatal(err)
		}
		vs, err := db.RegulationVersions(sys, a)
		if err != nil || len(vs) != 2 || vs[1].Body != "Điều 1. Phạm vi điều chỉnh" {
			t.Errorf("versions %+v %v", vs, err)
		}
	})
}

// TestRegistryDue lists a document whose review falls in the range (not one replaced by then)
// and a proposal's next deadline, overdue included, within the caller's scope.
func TestRegistryDue(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		db.Now = func() time.Time { return date("2026-06-01") }
		a := mustRegulation(t, db, sys, canbo.Regulation{Number: "01/2025/QĐ-UBND", Kind: canbo.RegQuyDinh, Title: "Quy định A",
			IssuerUnitID: tr.w1, SignedOn: date("2025-01-01"), EffectiveFrom: date("2025-01-10"), NextReview: date("2026-06-15")})
		old := mustRegulation(t, db, sys, canbo.Regulation{Number: "02/2024/QĐ-UBND", Kind: canbo.RegQuyDinh, Title: "Quy định cũ",
			IssuerUnitID: tr.w1, SignedOn: date("2024-01-01"), EffectiveFrom: date("2024-01-10"), NextReview: date("2026-06-20")})
		mustRegulation(t, db, sys, canbo.Regulation{Number: "03/2026/QĐ-UBND", Kind: canbo.RegQuyDinh, Title: "Thay quy định cũ",
			IssuerUnitID: tr.w1, SignedOn: date("2026-03-01"), EffectiveFrom: date("2026-03-10"), Replaces: []int64{old}})
		p := &canbo.Person{FamilyName: "Đỗ", GivenName: "Minh", Sex: canbo.Male}
		if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: tr.w1, Title: "Phó Chủ tịch", From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddProposal(sys, &canbo.Proposal{PersonID: p.ID, UnitID: tr.w1, Title: "Đề xuất B", ReceivedOn: date("2026-05-20")}); err != nil {
			t.Fatal(err)
		}
		due, err := db.RegistryDue(sys, date("2026-06-01"), date("2026-06-30"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, x := range due {
			got = append(got, x.Kind+" "+x.Due.Format("2006-01-02"))
		}
		// Received 20/5/2026 (Wednesday): the 7th working day after is 29/5, overdue on 1/6.
		if want := "proposal_meeting 2026-05-29, regulation_review 2026-06-15"; strings.Join(got, ", ") != want {
			t.Errorf("due: %q, want %q", strings.Join(got, ", "), want)
		}
		if due[1].Path != "/regulations/"+strconv.FormatInt(a, 10) {
			t.Errorf("path %s", due[1].Path)
		}
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		if due, err := db.RegistryDue(other, date("2026-06-01"), date("2026-06-30")); err != nil || len(due) != 0 {
			t.Errorf("out of scope: %v %v", due, err)
		}
	})
}
