package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canbo"
	"canbo/rules"
	"canbo/web"
)

// The layout checks of issue 10, item 18: every page of the product fits a phone (390×844)
// and the offices' smallest screen (1366×768) without scrolling sideways, every form control
// has a label, the page starts with a skip link, and required fields are marked.

// layoutData is what the layout and crawl tests put in the shared database: a ward with a
// person holding a post there, a party member in one of its cells with a timeline entry of
// every kind, and an officer scoped to the ward.
type layoutData struct {
	ward, cell     browserUnit
	person, member int64
	officer        int64  // user id
	officerName    string // and name
	month          string // a month of the calendar with reminders in it
	plan           int64  // a consolidation plan
	programme      int64  // a work programme of the ward
	item           int64  // and one of its items, with a status and a note
	regulation     int64  // a ward regulation, amended, with two versions of its text
	proposal       int64  // an innovation proposal past its meeting
	pool, congress int64  // a planning pool with candidates, a congress with its list
	goodModel      int64  // a ward's good model with a document and a photo
	course         int64  // a training course of the ward's plan with the pool's candidate enrolled
	secondment     int64  // the member's secondment typed on the timeline (no host unit)
	cohort, host   int64  // a cohort of the ward's people at a city department
}

// longName is a real-looking name long enough to find every column that cannot wrap.
const longName = "Nguyễn Hoàng Phương Thảo Nguyên"

// layoutShared is the layout tests' data, recorded once per test binary in the shared
// database (identity numbers are unique, so the records cannot be made twice).
var layoutShared struct {
	once sync.Once
	d    layoutData
	ok   bool
}

// seedLayout returns the layout tests' data, recording it on first use.
func seedLayout(t *testing.T, e *browserEnv) layoutData {
	t.Helper()
	layoutShared.once.Do(func() {
		layoutShared.d = recordLayout(t, e)
		layoutShared.ok = true
	})
	if !layoutShared.ok {
		t.Fatal("recording the layout tests' data failed in an earlier test")
	}
	return layoutShared.d
}

// recordLayout records the layout tests' people, which no other test counts.
func recordLayout(t *testing.T, e *browserEnv) layoutData {
	t.Helper()
	today := e.now().Format(time.DateOnly)
	var d layoutData
	d.ward = e.unitByCode(t, codeSaiGon, today)
	cells := e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {today}, "under": {strconv.FormatInt(d.ward.ID, 10)}, "limit": {"1"}})
	if len(cells) == 0 {
		cells = e.units(t, url.Values{"hierarchy": {"party"}, "as_of": {today}, "limit": {"1"}})
	}
	if len(cells) == 0 {
		t.Fatal("no party unit in the demo trees")
	}
	d.cell = cells[0]
	sys := canbo.SystemContext(t.Context())
	p := &canbo.Person{FamilyName: "Nguyễn", MiddleName: "Hoàng Phương Thảo", GivenName: "Nguyên", Sex: canbo.Female,
		BirthDate: "1966-03-15", BirthPlace: "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
		HomeTown: "Xã Hòa Bình Thạnh, huyện Châu Thành, tỉnh An Giang", Residence: "123/45/6 Đường Nguyễn Thị Minh Khai, Phường Sài Gòn",
		StaffType: canbo.StaffCivilServant, StaffCode: "01.003.0012345", IdentityNumber: "079166001234",
		Education: canbo.Education{General: "12/12", Professional: "Thạc sĩ", Field: "Quản lý công",
			PoliticalTheory: "Cao cấp", StateManagement: "Chuyên viên chính", Languages: "Tiếng Anh B2", IT: "Ứng dụng CNTT cơ bản"}}
	if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: d.ward.ID, Title: "Phó Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường", Primary: true, From: "2025-07-01"},
		&canbo.Membership{AdmittedOn: "1995-05-19", FullOn: "1996-05-19", CardNumber: "79.012345", Cells: []canbo.CellPeriod{{CellID: d.cell.ID, From: "2020-01-01"}}}); err != nil {
		t.Fatalf("create %s: %v", longName, err)
	}
	d.member = p.ID
	entries := []canbo.Entry{
		{Kind: canbo.EntrySalary, From: "2024-01-01", Title: "Bậc 5", Details: map[string]string{"grade_code": "01.003", "step": "5", "coefficient": "4.32", "grade_class": "university"}},
		{Kind: canbo.EntryTraining, From: "2019-09-01", To: "2021-06-30", Title: "Học viện Chính trị quốc gia Hồ Chí Minh",
			Details: map[string]string{"field": "Chính trị học chuyên ngành Xây dựng Đảng và Chính quyền nhà nước", "mode": "Không tập trung", "degree": "Cử nhân"}},
		{Kind: canbo.EntryEvaluation, From: "2024", Title: "Hoàn thành xuất sắc nhiệm vụ", Details: map[string]string{"level": "excellent"}},
		{Kind: canbo.EntryReward, From: "2023-12-20", Title: "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố", Details: map[string]string{"authority": "Ủy ban nhân dân Thành phố Hồ Chí Minh"}},
		{Kind: canbo.EntryDiscipline, From: "2022-03-01", To: "2023-03-01", Title: "Chậm nộp báo cáo tổng kết năm", Details: map[string]string{"level": "Khiển trách", "authority": "Ủy ban nhân dân phường"}},
		{Kind: canbo.EntryFamily, Title: "Trần Văn Bình", Details: map[string]string{"relation": "Chồng", "birth_year": "1964",
			"home_town": "Xã Tân Phú Trung, huyện Củ Chi", "occupation": "Kỹ sư xây dựng", "workplace": "Công ty Cổ phần Tư vấn Xây dựng Tổng hợp",
			"history": "Không tham gia tổ chức chính trị, chính trị - xã hội nào trước năm 1975"}},
		{Kind: canbo.EntrySecondment, From: "2021-07-01", To: "2022-06-30", Title: "Biệt phái đến Ủy ban nhân dân phường Bến Thành",
			Document: canbo.Document{Number: "1234/QĐ-UBND"}},
	}
	for _, en := range entries {
		en.PersonID = p.ID
		if err := e.db.AddEntry(sys, &en); err != nil {
			t.Fatalf("entry %s: %v", en.Kind, err)
		}
		if en.Kind == canbo.EntrySecondment {
			d.secondment = en.ID
		}
	}
	q := &canbo.Person{FamilyName: "Lê", MiddleName: "Văn", GivenName: "Tám", Sex: canbo.Male, BirthDate: "1965-11",
		StaffType: canbo.StaffCadre}
	if err := e.db.CreatePerson(sys, q, &canbo.Post{UnitID: d.ward.ID, Title: "Chủ tịch Ủy ban nhân dân phường", Primary: true, From: "2025-07-01"}, nil); err != nil {
		t.Fatal(err)
	}
	d.person = q.ID
	// A work programme of the ward with a long item, for the programme and item pages.
	prog := &canbo.Programme{OwnerUnitID: d.ward.ID, Year: e.now().Year(), Title: "Chương trình công tác năm của Ủy ban nhân dân phường Sài Gòn",
		Theme: "Năm tăng tốc, bứt phá hoàn thành các chỉ tiêu Nghị quyết Đại hội"}
	if err := e.db.CreateProgramme(sys, prog); err != nil {
		t.Fatal(err)
	}
	item := &canbo.ProgrammeItem{ProgrammeID: prog.ID, Title: "Đề án sắp xếp, kiện toàn tổ chức bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân phường sau khi tổ chức chính quyền địa phương hai cấp",
		Kind: canbo.ItemProject, Due: fmt.Sprintf("%d-06-30", e.now().Year()), HeadPersonID: q.ID, PresidingUnitID: d.ward.ID, Product: "Đề án trình Ban Thường vụ Đảng ủy phường"}
	if err := e.db.AddItem(sys, item); err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddStatus(sys, &canbo.ItemStatusChange{ItemID: item.ID, Status: canbo.StatusPostponed, On: fmt.Sprintf("%d-06-20", e.now().Year()),
		NewDue: fmt.Sprintf("%d-09-30", e.now().Year()), Note: "Chờ hướng dẫn của Thành phố về vị trí việc làm"}); err != nil {
		t.Fatal(err)
	}
	d.programme, d.item = prog.ID, item.ID
	// A regulation with a long title, an implemented central document, an amendment and a
	// second version of its text; a proposal by the member, voted on.
	reg := &canbo.Regulation{Number: "15/2025/QĐ-UBND", Kind: canbo.RegQuyChe, IssuerUnitID: d.ward.ID,
		Title:    "Quy chế làm việc của Ủy ban nhân dân phường Sài Gòn nhiệm kỳ 2021–2026 sau sắp xếp đơn vị hành chính cấp xã",
		SignedOn: day("2025-07-01"), EffectiveFrom: day("2025-07-15"), Body: "Điều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng áp dụng",
		Implements: []canbo.CentralDoc{{Number: "14-KL/TW", Issuer: "Bộ Chính trị", Date: day("2021-09-22")}}}
	var err error
	if d.regulation, err = e.db.AddRegulation(sys, reg); err != nil {
		t.Fatal(err)
	}
	reg.Body += "\nĐiều 3. Trách nhiệm thi hành"
	if err := e.db.UpdateRegulation(sys, reg); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AddRegulation(sys, &canbo.Regulation{Number: "02/2026/QĐ-UBND", Kind: canbo.RegQuyChe, IssuerUnitID: d.ward.ID,
		Title: "Sửa đổi Quy chế làm việc", SignedOn: day("2026-01-05"), EffectiveFrom: day("2026-01-15"), Amends: []int64{d.regulation}}); err != nil {
		t.Fatal(err)
	}
	if d.proposal, err = e.db.AddProposal(sys, &canbo.Proposal{PersonID: p.ID, UnitID: d.ward.ID, ReceivedOn: day("2026-02-13"),
		Title: "Thí điểm tiếp nhận và trả kết quả thủ tục hành chính không phụ thuộc địa giới hành chính trên địa bàn phường"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.RecordMeeting(sys, d.proposal, canbo.Meeting{On: day("2026-02-24"), For: 1, Against: 0, Voters: []int64{q.ID}}); err != nil {
		t.Fatal(err)
	}
	if d.goodModel, err = e.db.AddGoodModel(sys, &canbo.GoodModel{UnitID: d.ward.ID, Title: "Chợ 4.0 không dùng tiền mặt trên địa bàn phường",
		Description: "Các tiểu thương nhận thanh toán bằng mã QR; phường hỗ trợ mở tài khoản và tập huấn.", Results: "95% quầy hàng nhận thanh toán số"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		kind, name string
		data       []byte
	}{{canbo.ModelFileDocument, "Báo cáo kết quả thực hiện mô hình chợ 4.0 năm 2025.pdf", []byte("%PDF-1.4 báo cáo")},
		{canbo.ModelFilePhoto, "quay-thanh-toan.png", layoutPNG(t)}} {
		if err := e.db.AddModelFile(sys, &canbo.ModelFile{ModelID: d.goodModel, Kind: f.kind, Name: f.name, Caption: "Quầy thanh toán bằng mã QR"}, f.data); err != nil {
			t.Fatal(err)
		}
	}
	// A record typed twice, for the data-cleaning page to have a finding to show.
	for _, given := range []string{"Phượng", "Phuợng"} {
		p := &canbo.Person{FamilyName: "Tôn Nữ", MiddleName: "Thị Hoàng", GivenName: given, Sex: canbo.Female, BirthDate: "1972-08-30"}
		if err := e.db.CreatePerson(sys, p, &canbo.Post{UnitID: d.ward.ID, Title: "Chuyên viên", Primary: true, From: "2025-07-01"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// The calendar opens on the month of the ward's first reminder, so that it has names in it.
	var res struct {
		Items []struct {
			Due string `json:"due"`
		} `json:"items"`
	}
	e.api(t, "/api/v1/reminders?within=730&under="+strconv.FormatInt(d.ward.ID, 10), &res)
	d.month = today[:7]
	if len(res.Items) > 0 {
		d.month = res.Items[0].Due[:7]
	}
	d.officerName, d.officer = e.newUser(t, "can.bo.phuong", canbo.RoleOfficer, []int64{d.ward.ID})
	plan := &canbo.Plan{Name: "Đề án kiện toàn tổ chức cơ sở đảng phường Sài Gòn"}
	if err := e.db.CreatePlan(sys, plan); err != nil {
		t.Fatal(err)
	}
	d.plan = plan.ID
	// A planning pool with a long-named young candidate and a congress listing them.
	young := &canbo.Person{FamilyName: "Tôn Thất", MiddleName: "Hoàng Minh", GivenName: "Khôi Nguyên", Sex: canbo.Male, BirthDate: "1984-04-04", StaffType: canbo.StaffCadre}
	if err := e.db.CreatePerson(sys, young, &canbo.Post{UnitID: d.ward.ID, Title: "Trưởng phòng Văn hóa - Xã hội", Primary: true, From: "2025-07-01"}, nil); err != nil {
		t.Fatal(err)
	}
	pool := &canbo.PlanningPool{Term: "2025-2030", UnitID: d.ward.ID, Title: "Phó Bí thư Thường trực Đảng ủy phường Sài Gòn", Level: "commune",
		Standards: "Tốt nghiệp đại học trở lên; cao cấp lý luận chính trị; đã kinh qua vị trí lãnh đạo cấp phòng ít nhất 3 năm"}
	if err := e.db.CreatePool(sys, pool); err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddPoolCandidate(sys, &canbo.PoolCandidate{PoolID: pool.ID, PersonID: young.ID, From: today}); err != nil {
		t.Fatal(err)
	}
	d.pool = pool.ID
	cg := &canbo.Congress{UnitID: d.ward.ID, Level: "commune", Date: day(today), Term: "2025-2030", CommitteeSize: 15, StandingSize: 5, Deputies: 2}
	if err := e.db.CreateCongress(sys, cg); err != nil {
		t.Fatal(err)
	}
	for _, c := range []canbo.CongressCandidate{{PersonID: young.ID, Kind: "first"}, {PersonID: q.ID, Kind: "reelect"}} {
		if err := e.db.AddCongressCandidate(sys, cg.ID, &c); err != nil {
			t.Fatal(err)
		}
	}
	d.congress = cg.ID
	// The ward's training plan with a long-titled course the pool's candidate is enrolled in.
	tplan := &canbo.TrainingPlan{UnitID: d.ward.ID, Year: day(today).Year(), Lines: []canbo.TrainingLine{
		{Kind: canbo.TrainingPolitical, Title: "Cao cấp lý luận chính trị hệ không tập trung", Level: "cao_cap", Planned: 3}}}
	if err := e.db.SaveTrainingPlan(sys, tplan); err != nil {
		t.Fatal(err)
	}
	course := &canbo.Course{LineID: tplan.Lines[0].ID, Title: "Lớp cao cấp lý luận chính trị hệ không tập trung khóa 2025–2027", Provider: "Học viện Chính trị khu vực II",
		From: day(today).AddDate(0, -3, 0).Format("2006-01-02"), To: today, Mode: "part_time", Level: "cao_cap"}
	if err := e.db.CreateCourse(sys, course); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Enrol(sys, course.ID, young.ID, ""); err != nil {
		t.Fatal(err)
	}
	d.course = course.ID
	// A cohort of the ward's two people at a city department, for on-the-job training.
	depts := e.units(t, url.Values{"hierarchy": {"state"}, "kind": {"so"}, "as_of": {today}, "limit": {"1"}})
	if len(depts) == 0 {
		t.Fatal("no department in the demo trees")
	}
	d.host = depts[0].ID
	sec, err := e.db.CreateSecondments(sys, &canbo.SecondmentRequest{PersonIDs: []int64{p.ID, q.ID}, FromUnitID: d.ward.ID, ToUnitID: d.host,
		From: today, To: e.now().AddDate(0, 6, 0).Format(time.DateOnly), Purpose: canbo.SecondmentTraining, Title: "Đào tạo tại chỗ cán bộ phường Sài Gòn",
		Document: canbo.StaffingDocument{Number: "2345/QĐ-UBND", Issuer: "Ủy ban nhân dân Thành phố Hồ Chí Minh"}})
	if err != nil {
		t.Fatalf("cohort: %v", err)
	}
	d.cohort = sec.CohortID
	if err := e.db.AddSecondmentNote(sys, sec.IDs[0], &canbo.SecondmentNote{Kind: canbo.NoteTask, On: today,
		Text: "Thẩm định hồ sơ điều chỉnh quy hoạch chi tiết tỷ lệ 1/500 khu dân cư"}); err != nil {
		t.Fatal(err)
	}
	return d
}

// page is one page of the product the layout test opens: the route pattern it serves and a
// path that reaches it. ready, when set, is shown only once the page has finished loading
// what it loads after the page itself (htmx fragments).
type page struct {
	route, path, ready string
}

// layoutPages are the pages an administrator can open, with the ids of the test's data.
func layoutPages(d layoutData, today string) []page {
	ward, cell := strconv.FormatInt(d.ward.ID, 10), strconv.FormatInt(d.cell.ID, 10)
	member, person := strconv.FormatInt(d.member, 10), strconv.FormatInt(d.person, 10)
	ps := []page{
		{route: "GET /{$}", path: "/"},
		{route: "GET /org", path: "/org?h=territory"},
		{route: "GET /org", path: "/org?h=party"},
		{route: "GET /org", path: "/org?h=state"},
		{route: "GET /org/units/{id}", path: "/org/units/" + ward},
		{route: "GET /org/units/{id}", path: "/org/units/" + cell},
		{route: "GET /people", path: "/people?under=" + ward + "&cols=birth&cols=sex&cols=staff_type&cols=staff_code&cols=post&cols=unit&cols=party&cols=ethnicity&cols=education"},
		{route: "GET /people", path: "/people"},
		{route: "GET /people/new", path: "/people/new"},
		{route: "GET /people/{id}", path: "/people/" + member, ready: "#person-facts"},
		{route: "GET /people/{id}", path: "/people/" + person, ready: "#person-facts"},
		{route: "GET /people/merge", path: "/people/merge?a=" + member + "&b=" + person, ready: "#merge-table"},
		{route: "GET /people/{id}/edit", path: "/people/" + member + "/edit"},
		{route: "GET /reminders", path: "/reminders?within=365"},
		{route: "GET /reminders/calendar", path: "/reminders/calendar?month=" + d.month},
		{route: "GET /cleaning", path: "/cleaning"},
		{route: "GET /admin/users", path: "/admin/users"},
		{route: "GET /admin/users/new", path: "/admin/users/new"},
		{route: "GET /admin/users/{id}", path: "/admin/users/" + strconv.FormatInt(d.officer, 10)},
		{route: "GET /admin/audit", path: "/admin/audit"},
		{route: "GET /rules", path: "/rules"},
		{route: "GET /rules/calculator", path: "/rules/calculator?person=" + member},
		{route: "GET /rules/calculator", path: "/rules/calculator?birth=1966&sex=female"},
		{route: "GET /account/password", path: "/account/password"},
		{route: "GET /account/tokens", path: "/account/tokens"},
		{route: "GET /party/health", path: "/party/health?under=" + cell},
		{route: "GET /party/stats", path: "/party/stats?under=" + cell},
		{route: "GET /reports", path: "/reports?under=" + ward},
		{route: "GET /reports/bieu01", path: "/reports/bieu01?under=" + ward},
		{route: "GET /reports/bieu02", path: "/reports/bieu02?under=" + ward},
		{route: "GET /plans", path: "/plans"},
		{route: "GET /plans/{id}", path: "/plans/" + strconv.FormatInt(d.plan, 10)},
		{route: "GET /admin/repair", path: "/admin/repair"},
		{route: "GET /cleaning/unplaced", path: "/cleaning/unplaced"},
		{route: "GET /cleaning/codes", path: "/cleaning/codes"},
		{route: "GET /programmes", path: "/programmes"},
		{route: "GET /programmes/mine", path: "/programmes/mine?person=" + person},
		{route: "GET /programmes/compare", path: "/programmes/compare?owner_unit_id=" + ward},
		{route: "GET /programmes/{id}", path: "/programmes/" + strconv.FormatInt(d.programme, 10)},
		{route: "GET /programme-items/{id}", path: "/programme-items/" + strconv.FormatInt(d.item, 10)},
		{route: "GET /regulations", path: "/regulations"},
		{route: "GET /regulations", path: "/regulations?in_force_on=2026-01-15&q=quy+che"},
		{route: "GET /regulations/new", path: "/regulations/new?unit=" + ward},
		{route: "GET /regulations/{id}", path: "/regulations/" + strconv.FormatInt(d.regulation, 10) + "?as_of=2026-01-15"},
		{route: "GET /proposals", path: "/proposals"},
		{route: "GET /proposals/new", path: "/proposals/new?unit=" + ward},
		{route: "GET /good-models", path: "/good-models"},
		{route: "GET /staffing", path: "/staffing?unit=" + ward},
		{route: "GET /staffing", path: "/staffing"},
		{route: "GET /good-models/{id}", path: "/good-models/" + strconv.FormatInt(d.goodModel, 10)},
		{route: "GET /regulations/{id}/edit", path: "/regulations/" + strconv.FormatInt(d.regulation, 10) + "/edit"},
		{route: "GET /imports", path: "/imports"},
		{route: "GET /proposals/{id}", path: "/proposals/" + strconv.FormatInt(d.proposal, 10)},
		{route: "GET /planning", path: "/planning?term=2025-2030"},
		{route: "GET /planning/pools/{id}", path: "/planning/pools/" + strconv.FormatInt(d.pool, 10)},
		{route: "GET /planning/pools/{id}/compare", path: "/planning/pools/" + strconv.FormatInt(d.pool, 10) + "/compare"},
		{route: "GET /planning/congresses/{id}", path: "/planning/congresses/" + strconv.FormatInt(d.congress, 10)},
		{route: "GET /planning/congresses/{id}/ballot", path: "/planning/congresses/" + strconv.FormatInt(d.congress, 10) + "/ballot"},
		{route: "GET /training", path: "/training?unit_id=" + ward + "&year=" + today[:4]},
		{route: "GET /training", path: "/training"}, // the plans of the scope
		{route: "GET /training/courses/{id}", path: "/training/courses/" + strconv.FormatInt(d.course, 10)},
		{route: "GET /training/gaps", path: "/training/gaps?unit_id=" + ward},
		{route: "GET /secondments", path: "/secondments"},
		{route: "GET /secondments/{id}", path: "/secondments/" + strconv.FormatInt(d.secondment, 10)},
		{route: "GET /secondments/cohorts/{id}", path: "/secondments/cohorts/" + strconv.FormatInt(d.cohort, 10)},
		{route: "GET /secondments/units/{id}", path: "/secondments/units/" + strconv.FormatInt(d.host, 10)},
		// The error page, as a user meets it: a record that does not exist.
		{route: "error", path: "/people/999999999"},
	}
	for _, k := range canbo.EventKinds {
		ps = append(ps, page{route: "GET /org/events/new", path: fmt.Sprintf("/org/events/new?kind=%s&h=territory&unit=%%23%s", k, ward)})
	}
	for _, r := range rules.Rules {
		ps = append(ps, page{route: "GET /rules/{rule}/versions/new", path: "/rules/" + r.Key + "/versions/new"})
	}
	return ps
}

// signedOutPages are the pages of someone not signed in; the TOTP page is seen during login.
var signedOutPages = []page{{route: "GET /login", path: "/login"}, {route: "GET /login/totp"}}

// notPages are the GET routes that answer no page of their own, with why the layout test need
// not open them. Any other GET route the layout test does not open fails it: a new page must
// be added to layoutPages.
var notPages = map[string]string{
	"GET /static/{name}":                        "assets",
	"GET /healthz":                              "plain text",
	"GET /readyz":                               "JSON readiness",
	"GET /org/tree":                             "htmx fragment inside /org and unit pages",
	"GET /org/search":                           "htmx fragment inside /org",
	"GET /people/export.xlsx":                   "workbook",
	"GET /people/forms-2c.zip":                  "zip of the list's Mẫu 2C files",
	"GET /people/{id}/forms/2c":                 "PDF or DOCX (form2c)",
	"GET /api/v1/people/{id}/forms/2c":          "PDF or DOCX (form2c)",
	"GET /people/places":                        "htmx fragment inside the person form",
	"GET /units/pick":                           "htmx fragment inside every unit field (the unit picker)",
	"GET /people/pick":                          "htmx fragment inside every person field (the person picker)",
	"GET /people/positions":                     "htmx fragment inside the new-post form (the unit's job positions)",
	"GET /people/{id}/photo":                    "image",
	"GET /people/{id}/facts":                    "htmx fragment inside the profile (opened with it)",
	"GET /reminders/export.xlsx":                "workbook",
	"GET /cleaning.csv":                         "CSV",
	"GET /admin/audit.csv":                      "CSV",
	"GET /api/v1/openapi.json":                  "JSON",
	"GET /api/v1/kinds":                         "JSON",
	"GET /api/v1/units":                         "JSON",
	"GET /api/v1/units/pick":                    "JSON",
	"GET /api/v1/units/{id}":                    "JSON",
	"GET /api/v1/units/{id}/staffing":           "JSON",
	"GET /api/v1/units/{id}/history":            "JSON",
	"GET /api/v1/units/{id}/links":              "JSON",
	"GET /api/v1/rules":                         "JSON",
	"GET /api/v1/rules/retirement":              "JSON",
	"GET /api/v1/rules/congress":                "JSON",
	"GET /api/v1/people":                        "JSON",
	"GET /api/v1/people/{id}":                   "JSON",
	"GET /api/v1/people/{id}/timeline":          "JSON",
	"GET /api/v1/people/{id}/photo":             "image",
	"GET /api/v1/people/{id}/places":            "JSON",
	"GET /api/v1/reminders":                     "JSON",
	"GET /api/v1/cleaning":                      "JSON",
	"GET /api/v1/cleaning/codes":                "JSON",
	"GET /api/v1/vocab":                         "JSON",
	"GET /api/v1/import-mappings":               "JSON",
	"GET /api/v1/tokens":                        "JSON",
	"GET /party/stats.xlsx":                     "workbook",
	"GET /staffing.xlsx":                        "workbook",
	"GET /training/plan.xlsx":                   "workbook",
	"GET /training/gaps.xlsx":                   "workbook",
	"GET /api/v1/party/health":                  "JSON",
	"GET /api/v1/party/stats":                   "JSON",
	"GET /api/v1/plans":                         "JSON",
	"GET /api/v1/plans/{id}":                    "JSON",
	"GET /api/v1/units/{id}/secondments":        "JSON",
	"GET /api/v1/secondments/{id}":              "JSON",
	"GET /api/v1/cohorts/{id}":                  "JSON",
	"GET /secondments/cohorts/{id}/export.xlsx": "workbook",

	// Work programmes.
	"GET /programmes/{id}/review.xlsx":              "workbook",
	"GET /programmes/{id}/review.docx":              "Word document",
	"GET /programme-items/{id}/files/{file}":        "evidence file download",
	"GET /api/v1/programmes":                        "JSON",
	"GET /api/v1/programmes/{id}":                   "JSON",
	"GET /api/v1/programmes/{id}/completion":        "JSON",
	"GET /api/v1/programme-items/{id}":              "JSON",
	"GET /api/v1/programme-items/{id}/files/{file}": "evidence file download",
	"GET /api/v1/regulations":                       "JSON",
	"GET /api/v1/regulations/{id}":                  "JSON",
	"GET /api/v1/proposals":                         "JSON",
	"GET /api/v1/proposals/{id}":                    "JSON",
	"GET /api/v1/good-models":                       "JSON",

	// Training (issue 17 item 3).
	"GET /api/v1/training/plans":        "JSON",
	"GET /api/v1/training/courses/{id}": "JSON",
	"GET /api/v1/training/gaps":         "JSON",

	// Planning and congresses.
	"GET /planning/export.xlsx":                 "workbook",
	"GET /planning/congresses/{id}/ballot.pdf":  "PDF",
	"GET /api/v1/planning/pools":                "JSON",
	"GET /api/v1/planning/pools/{id}":           "JSON",
	"GET /api/v1/planning/pools/{id}/history":   "JSON",
	"GET /api/v1/congresses":                    "JSON",
	"GET /api/v1/congresses/{id}":               "JSON",
	"GET /api/v1/congresses/{id}/ballot":        "JSON",
	"GET /reports/bieu01.xlsx":                  "workbook",
	"GET /reports/bieu02.xlsx":                  "workbook",
	"GET /api/v1/reports/bieu01":                "JSON or workbook",
	"GET /api/v1/reports/bieu02":                "JSON or workbook",
	"GET /api/v1/good-models/{id}":              "JSON",
	"GET /api/v1/good-models/{id}/files/{file}": "good model file download",
	"GET /good-models/{id}/files/{file}":        "good model file download (photos shown inside /good-models/{id})",
	"GET /good-models/bundle.zip":               "zip",
	"GET /regulations/export.xlsx":              "workbook",
	"GET /proposals/export.xlsx":                "workbook",
	// Imports: a job's page needs an uploaded file; TestBrowserImport walks it.
	"GET /imports/template.xlsx":           "workbook",
	"GET /imports/{id}":                    "an uploaded file's job (TestBrowserImport)",
	"GET /imports/{id}/progress":           "htmx fragment inside the job's page",
	"GET /imports/{id}/errors.xlsx":        "workbook",
	"GET /api/v1/imports/{id}":             "JSON",
	"GET /api/v1/imports/{id}/errors.xlsx": "workbook",
}

// routePatterns lists the server's routes. The test servers are made by serve, which keeps no
// handle on the web.Server; a second one over the same database answers the same table.
func routePatterns(t *testing.T, e *browserEnv) []string {
	t.Helper()
	srv, err := web.New(e.db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range srv.Routes() {
		out = append(out, r.Pattern)
	}
	return out
}

// TestLayoutCoversEveryPage fails when a GET route is neither opened by the layout test nor
// listed as answering no page: the layout test must grow with the product. It needs no
// browser.
func TestLayoutCoversEveryPage(t *testing.T) {
	srv, err := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, p := range append(layoutPages(layoutData{}, "2025-07-01"), signedOutPages...) {
		covered[p.route] = true
	}
	for _, r := range srv.Routes() {
		if !strings.HasPrefix(r.Pattern, "GET ") || covered[r.Pattern] || notPages[r.Pattern] != "" {
			continue
		}
		t.Errorf("GET route %s: no page of the layout test opens it (add it to layoutPages, or to notPages with why it answers no page)", r.Pattern)
	}
}

// fit is what a page measures in the browser.
type fit struct {
	Width  int      `json:"width"`  // the window's
	Scroll int      `json:"scroll"` // the document's scroll width
	Wide   []string `json:"wide"`   // the outermost elements reaching past the window
}

// measureJS measures the document against the window and names the outermost elements that
// stick out (for the failure message): an element inside one already named is left out.
const measureJS = `(() => {
  const w = window.innerWidth, sw = document.documentElement.scrollWidth, wide = [];
  if (sw > w) {
    const named = new Set();
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right <= w + 0.5 || r.width === 0) continue;
      let a = el.parentElement, inside = false;
      for (; a; a = a.parentElement) {
        if (named.has(a)) { inside = true; break; }
        const ox = getComputedStyle(a).overflowX;
        if (ox === "auto" || ox === "scroll" || ox === "hidden") { inside = true; break; }
      }
      if (inside) continue;
      named.add(el);
      let name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
      if (typeof el.className === "string" && el.className.trim()) name += "." + el.className.trim().split(/\s+/).join(".");
      wide.push(name + " (right " + Math.round(r.right) + ")");
      if (wide.length === 6) break;
    }
  }
  return {width: w, scroll: sw, wide: wide};
})()`

// controlsJS finds what a person cannot use or understand without looking twice: visible
// form controls without a label (a placeholder is none), required controls whose label is not
// marked, and a page that does not start with a link past the header.
const controlsJS = `(() => {
  const out = [];
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "");
  const labelled = el => (el.getAttribute("aria-label") || "").trim() || el.getAttribute("aria-labelledby") ||
    Array.from(el.labels || []).some(l => l.textContent.trim());
  const marked = el => Array.from(el.labels || []).some(l => l.textContent.includes("*") ||
    getComputedStyle(l, "::after").content.includes("*") || getComputedStyle(l, "::before").content.includes("*"));
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    if (!labelled(el)) out.push("no label: " + describe(el));
    if (el.required && !marked(el)) out.push("required but not marked: " + describe(el));
  }
  const first = document.querySelector("body a, body button, body input, body select, body textarea");
  if (!first || first.tagName !== "A" || first.getAttribute("href") !== "#main" || !document.getElementById("main"))
    out.push("the first focusable element is not a skip link to #main: " + (first ? first.outerHTML.slice(0, 80) : "none"));
  return out;
})()`

// checkFit opens nothing: it measures the page on screen and fails the test if the document is
// wider than the window; it returns the measures.
func (b *browser) checkFit(name string) fit {
	b.t.Helper()
	f, err := chromedp.Run(b.ctx, chromedp.Evaluate[fit](measureJS))
	if err != nil {
		b.t.Fatalf("measure %s: %v", name, err)
	}
	if f.Scroll > f.Width {
		b.t.Errorf("%s at %d px: the document is %d px wide; sticking out: %s", name, f.Width, f.Scroll, strings.Join(f.Wide, ", "))
	}
	return f
}

// checkControls fails the test for each unlabelled control, unmarked required control and a
// missing skip link on the page on screen.
func (b *browser) checkControls(name string) {
	b.t.Helper()
	problems, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](controlsJS))
	if err != nil {
		b.t.Fatalf("controls of %s: %v", name, err)
	}
	for _, p := range problems {
		b.t.Errorf("%s: %s", name, p)
	}
}

// compactHeader is the most a phone's screen may give the header and the modules' navigation
// together: two short rows and one of links, leaving the page most of the screen.
const compactHeader = 130

// checkCompactHeader fails the test when the header and navigation take more than
// compactHeader pixels of the screen's height.
func (b *browser) checkCompactHeader(name string) {
	b.t.Helper()
	bottom, err := chromedp.Run(b.ctx, chromedp.Evaluate[float64](`(document.querySelector("nav.modules") || document.querySelector("header.top")).getBoundingClientRect().bottom`))
	if err != nil {
		b.t.Fatalf("header of %s: %v", name, err)
	}
	if bottom > compactHeader {
		b.t.Errorf("%s: the header and navigation end %.0f px down the phone's screen, want at most %d", name, bottom, compactHeader)
	}
}

// viewport sets the size of the tab's window.
func (b *browser) viewport(w, h int64) {
	b.t.Helper()
	b.do(fmt.Sprintf("viewport %d×%d", w, h), chromedp.EmulateViewport(w, h))
}

// TestBrowserLayout opens every page of the product, as an administrator, on a phone
// (390×844) and on the offices' smallest screen (1366×768): no page may be wider than the
// window. On the phone it also checks every form control's label, the marking of required
// fields and the skip link. With CANBO_SCREENSHOT_DIR set it leaves a screenshot of each page
// at 390 px there.
func TestBrowserLayout(t *testing.T) {
	b := newBrowserFor(t, 5*time.Minute)
	e := b.env
	d := seedLayout(t, e)
	today := e.now().Format(time.DateOnly)
	shots := os.Getenv("CANBO_SCREENSHOT_DIR")

	// Every GET route is either opened here or answers no page.
	opened := map[string]bool{}
	for _, p := range append(layoutPages(d, today), signedOutPages...) {
		opened[p.route] = true
	}
	for _, r := range routePatterns(t, e) {
		if strings.HasPrefix(r, "GET ") && !opened[r] && notPages[r] == "" {
			t.Errorf("GET route %s is not opened by the layout test", r)
		}
	}

	// Signed out, on the phone: the login page, then the second factor's enrolment.
	b.viewport(390, 844)
	b.open("/login")
	b.checkFit("/login")
	b.checkControls("/login")
	acct := account{name: e.newAdmin(t, "bo.cuc")}
	b.enterPassword(acct.name)
	if got := b.location(); !strings.HasPrefix(got, "/login/totp") {
		t.Fatalf("after the password at %s, want the TOTP enrolment", got)
	}
	b.waitVisible("#totp-secret")
	b.checkFit("/login/totp")
	b.checkControls("/login/totp")
	b.shot(shots, "390-totp")
	acct.secret = b.text("#totp-secret")
	if got := b.enterCode(b.code(acct.secret)); got != http.StatusOK {
		t.Fatalf("TOTP enrolment: status %d", got)
	}

	pages := layoutPages(d, today)
	for _, size := range []struct{ w, h int64 }{{390, 844}, {1366, 768}} {
		b.viewport(size.w, size.h)
		for i, p := range pages {
			name := fmt.Sprintf("%s (%s)", p.path, p.route)
			if p.route == "error" {
				b.expectFailedLoad(http.StatusNotFound, p.path)
			}
			b.open(p.path)
			if p.ready != "" {
				b.waitVisible(p.ready)
			}
			b.checkFit(name)
			if size.w == 390 {
				b.checkControls(name)
				b.checkCompactHeader(name)
				b.shot(shots, fmt.Sprintf("390-%02d", i))
			}
		}
	}
}

// shot writes a screenshot of the viewport into dir, if set, for eyes.
func (b *browser) shot(dir, name string) {
	b.t.Helper()
	if dir == "" {
		return
	}
	// Quality 100 is PNG: the whole page, not only the viewport.
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if _, err := png.Decode(bytes.NewReader(buf)); err != nil {
		b.t.Fatalf("screenshot is not a PNG: %v", err)
	}
	name += ".png"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// layoutPNG is a photo for the good model's page: big enough to matter at 390 px.
func layoutPNG(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 800, 600))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
