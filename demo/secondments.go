package demo

import (
	"context"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// Secondments records the demo's cohort, the case issue 17 starts from: a city department
// (Sở Xây dựng) receives cadres of three wards for six months of on-the-job training, each sent
// from the unit of their primary post; the host names a mentor, assigns work and assesses, and
// one cadre goes back early. It runs once (nothing is done when a cohort exists) and returns
// the number of people seconded.
func Secondments(ctx context.Context, db *sqlstore.DB) (int, error) {
	if cs, err := db.Cohorts(ctx); err != nil || len(cs) > 0 {
		return 0, err
	}
	hosts, _, err := db.FindUnits(ctx, canbo.UnitFilter{Hierarchy: canbo.State, Kind: "so", Q: "Sở Xây dựng", AsOf: PeopleAsOf, Limit: 1})
	if err != nil || len(hosts) == 0 {
		return 0, err
	}
	host := hosts[0].ID
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Hierarchy: canbo.State, Kind: "ubnd", Q: "phường", AsOf: PeopleAsOf, Limit: 400})
	if err != nil {
		return 0, err
	}
	from := time.Date(PeopleAsOf.Year(), 3, 2, 0, 0, 0, 0, time.UTC)
	// Two civil servants from each of the first three wards that have them.
	var people []int64
	for _, w := range wards {
		if len(people) >= 6 {
			break
		}
		ps, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: w.ID, AsOf: from, StaffType: canbo.StaffCivilServant, Limit: 10})
		if err != nil {
			return 0, err
		}
		taken := 0
		for _, p := range ps {
			if ok, err := free(ctx, db, p.ID, from); err != nil {
				return 0, err
			} else if ok && taken < 2 {
				people, taken = append(people, p.ID), taken+1
			}
		}
	}
	if len(people) == 0 {
		return 0, nil
	}
	out, err := db.CreateSecondments(ctx, &canbo.SecondmentRequest{PersonIDs: people, ToUnitID: host,
		From: from.Format(time.DateOnly), To: from.AddDate(0, 6, -2).Format(time.DateOnly), Purpose: canbo.SecondmentTraining,
		Title:    "Đào tạo tại chỗ cán bộ quản lý đô thị các phường tại Sở Xây dựng",
		Document: canbo.StaffingDocument{Number: "512/QĐ-UBND", Date: from.AddDate(0, 0, -10).Format(time.DateOnly), Issuer: "Ủy ban nhân dân Thành phố Hồ Chí Minh"}})
	if err != nil {
		return 0, err
	}
	mentor, err := mentorAt(ctx, db, host, from)
	if err != nil {
		return 0, err
	}
	tasks := []string{"Thẩm định hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ", "Kiểm tra trật tự xây dựng theo quy hoạch chi tiết tỷ lệ 1/500",
		"Tiếp nhận, giải quyết phản ánh về xây dựng không phép"}
	ratings := []string{"good", "excellent", "good", "done"}
	for i, id := range out.IDs {
		if mentor != 0 {
			if err := db.SetMentor(ctx, id, mentor); err != nil {
				return 0, err
			}
		}
		notes := []canbo.SecondmentNote{
			{Kind: canbo.NoteTask, On: from.Format(time.DateOnly), Text: tasks[i%len(tasks)]},
			{Kind: canbo.NoteAssessment, On: from.AddDate(0, 3, -2).Format(time.DateOnly), Text: "Đánh giá giữa kỳ: nắm được quy trình, xử lý hồ sơ đúng hạn", Rating: ratings[i%len(ratings)]},
		}
		for _, n := range notes {
			if err := db.AddSecondmentNote(ctx, id, &n); err != nil {
				return 0, err
			}
		}
	}
	if err := db.EndSecondment(ctx, out.IDs[0], canbo.SecondmentEnd{EndedOn: from.AddDate(0, 4, -3).Format(time.DateOnly),
		Placement: "Trở về đơn vị cử đi, phụ trách lĩnh vực quản lý trật tự xây dựng",
		Outcome:   "Hoàn thành tốt nhiệm vụ; về trước hạn theo đề nghị của Ủy ban nhân dân phường"}); err != nil {
		return 0, err
	}
	return len(out.IDs), nil
}

// mentorAt returns someone holding a post in the unit itself on the day (0 for nobody).
func mentorAt(ctx context.Context, db *sqlstore.DB, unit int64, on time.Time) (int64, error) {
	ps, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: unit, AsOf: on, Limit: 50})
	if err != nil {
		return 0, err
	}
	day := on.Format(time.DateOnly)
	for _, p := range ps {
		posts, err := db.Posts(ctx, p.ID)
		if err != nil {
			return 0, err
		}
		for _, x := range posts {
			if x.UnitID == unit && x.From <= day && (x.To == "" || x.To > day) {
				return p.ID, nil
			}
		}
	}
	return 0, nil
}

// free reports whether a person holds a primary post on the day and has no secondment running
// then or later (the generated timelines second a few people already).
func free(ctx context.Context, db *sqlstore.DB, person int64, on time.Time) (bool, error) {
	day := on.Format(time.DateOnly)
	secs, err := db.PersonSecondments(ctx, person)
	if err != nil {
		return false, err
	}
	for _, s := range secs {
		if s.LastDay() == "" || s.LastDay() >= day {
			return false, nil
		}
	}
	posts, err := db.Posts(ctx, person)
	if err != nil {
		return false, err
	}
	for _, x := range posts {
		if x.Primary && x.From <= day && (x.To == "" || x.To > day) {
			return true, nil
		}
	}
	return false, nil
}
