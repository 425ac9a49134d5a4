package demo

import (
	"context"
	"fmt"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// demoPosts are the leadership posts a ward party committee plans for the 2025–2030 term, in
// the order of rank.
var demoPosts = []struct{ title, standards string }{
	{"Bí thư Đảng ủy phường", "Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị; đã kinh qua chức vụ Phó Bí thư hoặc tương đương; đủ tuổi công tác trọn nhiệm kỳ."},
	{"Phó Bí thư Thường trực Đảng ủy phường", "Tốt nghiệp đại học trở lên; cao cấp hoặc cử nhân lý luận chính trị; ủy viên Ban Thường vụ ít nhất một nhiệm kỳ."},
	{"Chủ tịch Ủy ban nhân dân phường", "Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị; chuyên viên chính; kinh nghiệm quản lý nhà nước ở địa phương."},
	{"Chủ tịch Ủy ban Mặt trận Tổ quốc phường", "Tốt nghiệp đại học trở lên; trung cấp lý luận chính trị trở lên; uy tín trong Nhân dân."},
}

// Planning builds the cadre plan of one ward party committee of the city for 2025–2030 (a pool
// per leadership post, up to three candidates each from the ward's people, who pass the checks
// of docs/RULES.md §planning; the first of each pool approved) and the preparation of the
// ward's 2025–2030 congress (a committee of 15, a list from the ward's people with eligibility
// computed). People the rules refuse are skipped, as an officer would. A second run adds
// nothing. It reports the pools and candidates made.
func Planning(ctx context.Context, db *sqlstore.DB) (pools, candidates int, err error) {
	on := time.Date(2025, 6, 16, 0, 0, 0, 0, time.UTC)
	root, err := partyRoot(ctx, db)
	if err != nil {
		return 0, 0, err
	}
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: root, Kind: "dang_uy", Q: "phường", AsOf: PeopleAsOf, Limit: 1})
	if err != nil || len(wards) == 0 {
		return 0, 0, fmt.Errorf("demo planning: no ward party committee: %v", err)
	}
	ward := wards[0]
	if existing, err := db.Pools(ctx, ward.ID, "2025-2030", PeopleAsOf); err != nil || len(existing) > 0 {
		return 0, 0, err
	}
	people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: ward.ID, AsOf: PeopleAsOf, Limit: 200})
	if err != nil {
		return 0, 0, err
	}
	from := on.Format(time.DateOnly)
	next := 0
	for _, post := range demoPosts {
		p := &canbo.PlanningPool{Term: "2025-2030", UnitID: ward.ID, Title: post.title, Level: "commune", Standards: post.standards}
		if err := db.CreatePool(ctx, p); err != nil {
			return pools, candidates, err
		}
		pools++
		added := 0
		for ; next < len(people) && added < 3; next++ {
			c := &canbo.PoolCandidate{PoolID: p.ID, PersonID: people[next].ID, From: from,
				Document: canbo.Document{Number: fmt.Sprintf("%d-TTr/ĐU", 40+pools), Issuer: "Đảng ủy phường"}}
			if err := db.AddPoolCandidate(ctx, c); err != nil {
				if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
					continue // too old for the term, disciplined, already a leader: not planned
				}
				return pools, candidates, err
			}
			if added == 0 {
				if err := db.ApprovePoolCandidate(ctx, p.ID, c.PersonID, on.AddDate(0, 0, 14),
					canbo.Document{Number: fmt.Sprintf("%d-QĐ/TU", 1200+pools), Date: on.AddDate(0, 0, 14), Issuer: "Ban Thường vụ Thành ủy"}); err != nil {
					return pools, candidates, err
				}
			}
			added++
			candidates++
		}
	}
	cg := &canbo.Congress{UnitID: ward.ID, Level: "commune", Date: time.Date(2025, 7, 22, 0, 0, 0, 0, time.UTC), Term: "2025-2030",
		CommitteeSize: 15, StandingSize: 5, Deputies: 2, PlanWomen: 3, PlanYoung: 2, PlanReelect: 9}
	if err := db.CreateCongress(ctx, cg); err != nil {
		return pools, candidates, err
	}
	if err := db.AddCongressDocument(ctx, cg.ID, canbo.CongressDocument{Step: "Đề án nhân sự Ban Chấp hành nhiệm kỳ 2025–2030",
		Document: canbo.Document{Number: "15-ĐA/ĐU", Date: on, Issuer: "Đảng ủy phường"}}); err != nil {
		return pools, candidates, err
	}
	listed := 0
	for i, p := range people {
		if listed == 17 {
			break
		}
		kind := canbo.CongressFirst
		if i%2 == 0 {
			kind = canbo.CongressReelect
		}
		if err := db.AddCongressCandidate(ctx, cg.ID, &canbo.CongressCandidate{PersonID: p.ID, Kind: kind}); err != nil {
			if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
				continue
			}
			return pools, candidates, err
		}
		listed++
	}
	return pools, candidates, nil
}
