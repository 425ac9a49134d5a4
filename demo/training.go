package demo

import (
	"context"
	"fmt"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// Training builds the year's training plans of the City Party Committee and three ward party
// committees (issue 17 item 3): lines of every kind with the people planned, and in the ward
// whose cadre plan demo.Planning made, an advanced political-theory course with the people its
// posts' standards find short of it (the first one completed, which closes that gap), a
// state-management course and an IT course with completions. Run it after Planning; a second run
// adds nothing. It reports the plans, courses and completions made.
func Training(ctx context.Context, db *sqlstore.DB) (plans, courses, completed int, err error) {
	now := db.Now()
	year := now.Year()
	root, err := partyRoot(ctx, db)
	if err != nil {
		return 0, 0, 0, err
	}
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: root, Kind: "dang_uy", Q: "phường", AsOf: PeopleAsOf, Limit: 3})
	if err != nil || len(wards) == 0 {
		return 0, 0, 0, fmt.Errorf("demo training: no ward party committee: %v", err)
	}
	if _, err := db.TrainingPlan(ctx, root, year); err == nil || canbo.ErrorCode(err) != canbo.ENOTFOUND {
		return 0, 0, 0, err
	}
	city := &canbo.TrainingPlan{UnitID: root, Year: year, Note: "Kế hoạch đào tạo, bồi dưỡng cán bộ năm " + fmt.Sprint(year), Lines: []canbo.TrainingLine{
		{Kind: canbo.TrainingPolitical, Title: "Cao cấp lý luận chính trị", Level: "cao_cap", Planned: 40},
		{Kind: canbo.TrainingState, Title: "Bồi dưỡng ngạch chuyên viên cao cấp", Level: "cvcc", Planned: 15},
		{Kind: canbo.TrainingProfessional, Title: "Thạc sĩ quản lý công", Level: "ths", Planned: 10},
		{Kind: canbo.TrainingLanguage, Title: "Tiếng Anh trình độ B1", Level: "B1", Planned: 30},
		{Kind: canbo.TrainingIT, Title: "Chuyển đổi số trong cơ quan Đảng", Planned: 60},
		{Kind: canbo.TrainingPlanned, Title: "Bồi dưỡng cán bộ quy hoạch Ban Thường vụ", Planned: 20},
	}}
	if err := db.SaveTrainingPlan(ctx, city); err != nil {
		return 0, 0, 0, err
	}
	plans++
	from, to := now.AddDate(0, 0, -120), now.AddDate(0, 0, -10)
	for i, ward := range wards {
		plan := &canbo.TrainingPlan{UnitID: ward.ID, Year: year, Lines: []canbo.TrainingLine{
			{Kind: canbo.TrainingPolitical, Title: "Cao cấp lý luận chính trị", Level: "cao_cap", Planned: 3 + i},
			{Kind: canbo.TrainingState, Title: "Bồi dưỡng ngạch chuyên viên chính", Level: "cvc", Planned: 4},
			{Kind: canbo.TrainingIT, Title: "Kỹ năng số cơ bản", Planned: 10},
		}}
		if err := db.SaveTrainingPlan(ctx, plan); err != nil {
			return plans, courses, completed, err
		}
		plans++
		if i > 0 {
			continue
		}
		gaps, err := db.TrainingGaps(ctx, ward.ID)
		if err != nil {
			return plans, courses, completed, err
		}
		short := map[string][]int64{}
		for _, g := range gaps {
			short[g.Kind] = append(short[g.Kind], g.PersonID)
		}
		people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: ward.ID, AsOf: now, Limit: 6})
		if err != nil {
			return plans, courses, completed, err
		}
		for _, p := range people {
			short[canbo.TrainingIT] = append(short[canbo.TrainingIT], p.ID)
		}
		for j, c := range []*canbo.Course{
			{LineID: plan.Lines[0].ID, Title: "Lớp cao cấp lý luận chính trị hệ không tập trung", Provider: "Học viện Chính trị khu vực II", Mode: "part_time", Level: "cao_cap"},
			{LineID: plan.Lines[1].ID, Title: "Lớp bồi dưỡng ngạch chuyên viên chính", Provider: "Trường Chính trị Thành phố Hồ Chí Minh", Mode: "full_time", Level: "cvc"},
			{LineID: plan.Lines[2].ID, Title: "Kỹ năng số cho cán bộ phường", Provider: "Trung tâm Chuyển đổi số Thành phố", Mode: "online"},
		} {
			c.From, c.To = from.Format(time.DateOnly), to.Format(time.DateOnly)
			if err := db.CreateCourse(ctx, c); err != nil {
				return plans, courses, completed, err
			}
			courses++
			seen := map[int64]bool{}
			n := 0
			for _, id := range short[[]string{canbo.TrainingPolitical, canbo.TrainingState, canbo.TrainingIT}[j]] {
				if seen[id] {
					continue
				}
				seen[id] = true
				if _, err := db.Enrol(ctx, c.ID, id, from.AddDate(0, 0, -7).Format(time.DateOnly)); err != nil {
					return plans, courses, completed, err
				}
				// The first of each course, and the first two of IT, completed; the others still studying.
				if n == 0 || (j == 2 && n == 1) {
					if err := db.CompleteCourse(ctx, c.ID, id, canbo.Enrolment{CompletedOn: c.To, Result: "Khá",
						Certificate: canbo.Document{Number: fmt.Sprintf("%d/CC-%d", 100+n, year), Date: to.AddDate(0, 0, 5)}}); err != nil {
						return plans, courses, completed, err
					}
					completed++
				}
				n++
			}
		}
	}
	return plans, courses, completed, nil
}
