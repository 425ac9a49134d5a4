package demo

import (
	"context"
	"fmt"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// demoItem is one item of a demo programme: its deadline as month and day of the year, the
// commission (by index) presiding it, and what has happened to it, as (month, day, status)
// steps; a postponement's new deadline is in newDue.
type demoItem struct {
	title   string
	kind    canbo.ItemKind
	arising bool
	due     [2]int
	unit    int
	product string
	steps   []demoStep
}

type demoStep struct {
	month, day int
	status     canbo.ItemStatus
	newDue     [2]int
	note       string
}

// cityItems are the City Party Committee's programme, after the programmes the Thành ủy
// publishes each year: reports, projects and conferences, each with a commission presiding.
var cityItems = []demoItem{
	{"Báo cáo tình hình thực hiện Nghị quyết Đại hội Đảng bộ Thành phố quý I", canbo.ItemReport, false, [2]int{3, 31}, 5, "Báo cáo của Ban Thường vụ Thành ủy",
		[]demoStep{{2, 1, canbo.StatusInProgress, [2]int{}, ""}, {3, 25, canbo.StatusSubmitted, [2]int{}, ""}, {3, 28, canbo.StatusDone, [2]int{}, "Ban Thường vụ cho ý kiến ngày 28/3"}}},
	{"Đề án nâng cao chất lượng sinh hoạt chi bộ khu phố, ấp", canbo.ItemProject, false, [2]int{5, 31}, 0, "Đề án và dự thảo kết luận",
		[]demoStep{{2, 15, canbo.StatusInProgress, [2]int{}, ""}, {5, 20, canbo.StatusPostponed, [2]int{7, 31}, "Chờ tổng kết thí điểm tại 10 phường"}, {7, 25, canbo.StatusDone, [2]int{}, ""}}},
	{"Quy định về phân cấp quản lý cán bộ sau sắp xếp đơn vị hành chính", canbo.ItemDocument, false, [2]int{4, 30}, 0, "Quy định của Ban Thường vụ Thành ủy",
		[]demoStep{{3, 1, canbo.StatusInProgress, [2]int{}, ""}, {5, 12, canbo.StatusDone, [2]int{}, "Ban hành trễ do chờ hướng dẫn của Trung ương"}}},
	{"Hội nghị sơ kết 6 tháng công tác xây dựng Đảng", canbo.ItemConference, false, [2]int{7, 15}, 5, "Hội nghị Ban Chấp hành Đảng bộ",
		[]demoStep{{6, 1, canbo.StatusInProgress, [2]int{}, ""}, {7, 10, canbo.StatusDone, [2]int{}, ""}}},
	{"Báo cáo kết quả kiểm tra, giám sát việc thực hiện quy chế dân chủ", canbo.ItemReport, false, [2]int{8, 31}, 2, "Báo cáo của Ủy ban Kiểm tra",
		[]demoStep{{6, 15, canbo.StatusInProgress, [2]int{}, ""}}},
	{"Đề án chuyển đổi số trong công tác tham mưu của các cơ quan Đảng", canbo.ItemProject, false, [2]int{9, 30}, 5, "Đề án",
		[]demoStep{{4, 1, canbo.StatusInProgress, [2]int{}, ""}, {9, 20, canbo.StatusSubmitted, [2]int{}, ""}}},
	{"Chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", canbo.ItemContent, false, [2]int{6, 30}, 1, "Kế hoạch và tài liệu",
		[]demoStep{{3, 10, canbo.StatusInProgress, [2]int{}, ""}, {6, 25, canbo.StatusDone, [2]int{}, ""}}},
	{"Báo cáo công tác phòng, chống tham nhũng, tiêu cực năm", canbo.ItemReport, false, [2]int{11, 30}, 4, "Báo cáo",
		nil},
	{"Tổng kết công tác năm và phương hướng, nhiệm vụ năm sau", canbo.ItemConference, false, [2]int{12, 20}, 3, "Báo cáo tổng kết",
		nil},
	{"Hội thảo khoa học về đổi mới phương thức lãnh đạo của Đảng ở phường", canbo.ItemConference, false, [2]int{10, 15}, 5, "Kỷ yếu hội thảo",
		[]demoStep{{7, 1, canbo.StatusCancelled, [2]int{}, "Gộp vào Hội nghị Ban Chấp hành tháng 10"}}},
	{"Báo cáo nhanh tình hình triển khai mô hình chính quyền địa phương hai cấp", canbo.ItemReport, true, [2]int{7, 20}, 3, "Báo cáo gửi Trung ương",
		[]demoStep{{7, 2, canbo.StatusInProgress, [2]int{}, ""}, {7, 18, canbo.StatusDone, [2]int{}, ""}}},
	{"Kế hoạch ứng phó triều cường, ngập úng mùa mưa", canbo.ItemDocument, true, [2]int{8, 15}, 3, "Kế hoạch",
		[]demoStep{{8, 1, canbo.StatusInProgress, [2]int{}, ""}, {8, 22, canbo.StatusDone, [2]int{}, ""}}},
	{"Báo cáo giải trình ý kiến cử tri về sắp xếp khu phố", canbo.ItemReport, true, [2]int{10, 31}, 1, "Báo cáo",
		[]demoStep{{9, 15, canbo.StatusInProgress, [2]int{}, ""}}},
}

// wardItems are a ward party committee's programme; the first is delegated from the city's
// chi bộ project.
var wardItems = []demoItem{
	{"Thí điểm nâng cao chất lượng sinh hoạt chi bộ khu phố", canbo.ItemProject, false, [2]int{6, 30}, 0, "Báo cáo kết quả thí điểm",
		[]demoStep{{3, 1, canbo.StatusInProgress, [2]int{}, ""}, {6, 28, canbo.StatusDone, [2]int{}, ""}}},
	{"Hội nghị sơ kết 6 tháng của Đảng ủy phường", canbo.ItemConference, false, [2]int{7, 10}, 0, "Nghị quyết sơ kết",
		[]demoStep{{7, 8, canbo.StatusDone, [2]int{}, ""}}},
	{"Kế hoạch kiểm tra chi bộ khu phố", canbo.ItemDocument, false, [2]int{4, 15}, 0, "Kế hoạch",
		[]demoStep{{4, 20, canbo.StatusDone, [2]int{}, "Trễ do kiện toàn Ủy ban Kiểm tra"}}},
	{"Báo cáo công tác phát triển đảng viên", canbo.ItemReport, false, [2]int{9, 30}, 0, "Báo cáo", nil},
	{"Vận động nhân dân tham gia chỉnh trang đô thị", canbo.ItemContent, true, [2]int{8, 31}, 0, "Báo cáo kết quả",
		[]demoStep{{7, 5, canbo.StatusInProgress, [2]int{}, ""}}},
}

// Programmes adds the year's work programme of the City Party Committee and of one ward's
// party committee, with heads drawn from the generated people holding posts in the presiding
// units, and statuses up to today. It needs the demo trees and people, and runs once a year's
// programmes exist; it reports whether it added them.
func Programmes(ctx context.Context, db *sqlstore.DB, year int) (bool, error) {
	if list, err := db.Programmes(ctx, canbo.ProgrammeFilter{Year: year}); err != nil || len(list) > 0 {
		return false, err
	}
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	city, err := partyRoot(ctx, db)
	if err != nil {
		return false, err
	}
	commissions, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: city, Kind: "ban_dang", AsOf: jan1})
	if err != nil || len(commissions) == 0 {
		return false, fmt.Errorf("demo programmes: no commissions under %s: %v", partyRootName, err)
	}
	wards, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: city, Kind: "dang_uy", Q: "phường", AsOf: jan1, Limit: 1})
	if err != nil || len(wards) == 0 {
		return false, fmt.Errorf("demo programmes: no ward party committee under %s: %v", partyRootName, err)
	}
	jan1s := jan1.Format("2006-01-02")
	today := db.Now().UTC().Format("2006-01-02")
	day := func(md [2]int) string {
		return time.Date(year, time.Month(md[0]), md[1], 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	head := func(unit int64) (int64, error) {
		for _, title := range []string{"Trưởng", "Bí thư", "Phó", ""} {
			people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{PostUnit: unit, PostTitle: title, AsOf: jan1, Limit: 1})
			if err != nil {
				return 0, err
			}
			if len(people) > 0 {
				return people[0].ID, nil
			}
		}
		// A commission the generated people left empty borrows a head from the party tree: the
		// demo needs believable items more than a head in each commission.
		for _, under := range []int64{unit, city} {
			people, _, _, err := db.FindPeople(ctx, canbo.PersonFilter{Under: under, AsOf: jan1, Limit: 200})
			if err != nil {
				return 0, err
			}
			for _, p := range people { // members of a cell hold no post there: find one who holds a post
				posts, err := db.Posts(ctx, p.ID)
				if err != nil {
					return 0, err
				}
				for _, post := range posts {
					if post.From <= jan1s && (post.To == "" || post.To > jan1s) {
						return p.ID, nil
					}
				}
			}
		}
		return 0, fmt.Errorf("demo programmes: nobody holds a post in the party tree on %s (generate the demo people first)", jan1.Format("2006-01-02"))
	}
	add := func(p *canbo.Programme, items []demoItem, units []*canbo.Unit, parent int64) ([]int64, error) {
		if err := db.CreateProgramme(ctx, p); err != nil {
			return nil, err
		}
		var ids []int64
		for i, di := range items {
			u := units[di.unit%len(units)]
			h, err := head(u.ID)
			if err != nil {
				return nil, err
			}
			it := &canbo.ProgrammeItem{ProgrammeID: p.ID, Title: di.title, Kind: di.kind, Arising: di.arising, Due: day(di.due),
				HeadPersonID: h, PresidingUnitID: u.ID, Product: di.product}
			if di.arising {
				it.Created = day([2]int{di.due[0] - 1, 1})
			}
			if i == 0 {
				it.ParentItemID = parent
			}
			if err := db.AddItem(ctx, it); err != nil {
				return nil, fmt.Errorf("demo item %q: %w", di.title, err)
			}
			for _, st := range di.steps {
				c := &canbo.ItemStatusChange{ItemID: it.ID, Status: st.status, On: day([2]int{st.month, st.day}), Note: st.note}
				if c.On > today {
					break
				}
				if st.status == canbo.StatusPostponed {
					c.NewDue = day(st.newDue)
				}
				if err := db.AddStatus(ctx, c); err != nil {
					return nil, fmt.Errorf("demo status of %q: %w", di.title, err)
				}
			}
			ids = append(ids, it.ID)
		}
		return ids, nil
	}
	cityIDs, err := add(&canbo.Programme{OwnerUnitID: city, Year: year, Title: fmt.Sprintf("Chương trình làm việc năm %d của Thành ủy", year),
		Theme: "Năm tăng tốc, bứt phá hoàn thành các chỉ tiêu Nghị quyết Đại hội"}, cityItems, commissions, 0)
	if err != nil {
		return false, err
	}
	ward := wards[0]
	if _, err := add(&canbo.Programme{OwnerUnitID: ward.ID, Year: year, Title: fmt.Sprintf("Chương trình công tác năm %d của %s", year, ward.Name)},
		wardItems, []*canbo.Unit{ward}, cityIDs[1]); err != nil {
		return false, err
	}
	return true, nil
}
