package validate_test

import (
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/validate"
)

var now = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func salary(step, coefficient string) canbo.Entry {
	return canbo.Entry{Kind: canbo.EntrySalary, From: "2020-01-01",
		Details: map[string]string{canbo.DetailGrade: "01.003", canbo.DetailStep: step, canbo.DetailCoefficient: coefficient}}
}

func TestEntryRefuses(t *testing.T) {
	for _, c := range []struct {
		name  string
		e     canbo.Entry
		field string
		msg   string
	}{
		{"unknown kind", canbo.Entry{Kind: "bonus", From: "2020"}, "kind", `Loại mục "bonus" không hợp lệ.`},
		{"bad date", canbo.Entry{Kind: canbo.EntryTraining, From: "31/02/2020", Title: "Học viện"}, "from", ""},
		{"end before start", canbo.Entry{Kind: canbo.EntryTraining, From: "2020", To: "2019", Title: "Học viện"}, "to", ""},
		{"title before start", canbo.Entry{Kind: canbo.EntryTraining}, "title", "Thiếu nội dung (tên khóa học hoặc trường)."},
		{"no start", canbo.Entry{Kind: canbo.EntryReward, Title: "Bằng khen"}, "from", "Thiếu ngày (từ)."},
		{"salary needs no title but a grade", canbo.Entry{Kind: canbo.EntrySalary, From: "2020"}, "details.grade_code", "Thiếu mã ngạch."},
		{"step not a number", salary("ba", "3,00"), "details.step", `Bậc lương phải là số nguyên từ 1 đến 20, không phải "ba".`},
		{"step out of range", salary("21", "3,00"), "details.step", ""},
		{"step missing", salary("", "3,00"), "details.step", `Bậc lương phải là số nguyên từ 1 đến 20, không phải "".`},
		{"coefficient not a number", salary("3", "x"), "details.coefficient", `Hệ số lương phải là số dương (ví dụ 4,98), không phải "x".`},
		{"coefficient not positive", salary("3", "0"), "details.coefficient", ""},
		{"discipline level unknown", canbo.Entry{Kind: canbo.EntryDiscipline, From: "2020-01-01", Title: "Vi phạm",
			Details: map[string]string{canbo.DetailLevel: "phạt tiền", canbo.DetailAuthority: "UBND"}}, "details.level",
			`Hình thức kỷ luật "phạt tiền" không hợp lệ (Khiển trách, Cảnh cáo, Hạ bậc lương, Giáng chức, Cách chức, Khai trừ, Buộc thôi việc).`},
		{"discipline authority missing", canbo.Entry{Kind: canbo.EntryDiscipline, From: "2020-01-01", Title: "Vi phạm",
			Details: map[string]string{canbo.DetailLevel: "Cảnh cáo"}}, "details.authority", "Thiếu cấp quyết định kỷ luật."},
		{"family relation missing", canbo.Entry{Kind: canbo.EntryFamily, Title: "Lê Văn Ba"}, "details.relation", "Thiếu quan hệ."},
		{"family birth year", canbo.Entry{Kind: canbo.EntryFamily, Title: "Lê Văn Ba",
			Details: map[string]string{canbo.DetailRelation: "Cha", canbo.DetailBirthYear: "19x0"}}, "details.birth_year",
			`Năm sinh phải là năm có bốn chữ số, không phải "19x0".`},
		{"family birth year in the future", canbo.Entry{Kind: canbo.EntryFamily, Title: "Lê Văn Ba",
			Details: map[string]string{canbo.DetailRelation: "Con", canbo.DetailBirthYear: "2027"}}, "details.birth_year", ""},
		{"detail too long", canbo.Entry{Kind: canbo.EntryReward, From: "2020", Title: "Bằng khen",
			Details: map[string]string{canbo.DetailAuthority: strings.Repeat("x", 501)}}, "authority", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := validate.Entry(&c.e, now)
			if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != c.field {
				t.Fatalf("got %v, want an invalid %s", err, c.field)
			}
			if c.msg != "" && canbo.ErrorMessage(err) != c.msg {
				t.Errorf("message %q, want %q", canbo.ErrorMessage(err), c.msg)
			}
		})
	}
}

// TestEntryRefusesInEnglish: the field a refused entry names is worded in the reader's language.
func TestEntryRefusesInEnglish(t *testing.T) {
	for _, c := range []struct {
		e    canbo.Entry
		want string
	}{
		{canbo.Entry{Kind: canbo.EntrySalary, From: "2020"}, "Missing grade code."},
		{salary("ba", "3,00"), `Salary step must be a whole number from 1 to 20, not "ba".`},
	} {
		err := validate.Entry(&c.e, now)
		if got := canbo.LocalMessage("en", err); got != c.want {
			t.Errorf("English message %q, want %q", got, c.want)
		}
	}
}

func TestEntryNormalizes(t *testing.T) {
	e := salary("3", " 3,3 ")
	e.From, e.Title = "01/2020", "  Chuyên   viên "
	e.Details[canbo.DetailGradeClass] = "lower"
	if err := validate.Entry(&e, now); err != nil {
		t.Fatal(err)
	}
	if e.From != "2020-01" || e.Title != "Chuyên viên" || e.Details[canbo.DetailCoefficient] != "3.30" || e.Details[canbo.DetailGradeClass] != "lower" {
		t.Errorf("normalized %+v", e)
	}
	d := canbo.Entry{Kind: canbo.EntryDiscipline, From: "2021-02-01", Title: "Vi phạm",
		Details: map[string]string{canbo.DetailLevel: "khiển TRÁCH", canbo.DetailAuthority: "UBND"}}
	if err := validate.Entry(&d, now); err != nil || d.Details[canbo.DetailLevel] != canbo.DisciplineReprimand {
		t.Errorf("discipline level %q, %v", d.Details[canbo.DetailLevel], err)
	}
	// A family member needs no date; the optional birth year may be left out.
	f := canbo.Entry{Kind: canbo.EntryFamily, Title: "Lê Văn Ba", Details: map[string]string{canbo.DetailRelation: "Cha"}}
	if err := validate.Entry(&f, now); err != nil {
		t.Error(err)
	}
}

func TestPost(t *testing.T) {
	for _, c := range []struct {
		p     canbo.Post
		field string
	}{
		{canbo.Post{Title: "Chuyên viên"}, "post.from"},
		{canbo.Post{Title: "Chuyên viên", From: "2020-13-01"}, "post.from"},
		{canbo.Post{Title: "Chuyên viên", From: "2020-01-01", To: "2020-01-01"}, "post.to"},
		{canbo.Post{Title: " ", From: "2020-01-01"}, "post.title"},
	} {
		if _, _, err := validate.Post(&c.p); canbo.ErrorField(err) != c.field {
			t.Errorf("%+v: %v, want an error about %s", c.p, err, c.field)
		}
	}
	p := canbo.Post{Title: " Phó  Trưởng phòng ", From: "2020-01-01"}
	from, to, err := validate.Post(&p)
	if err != nil || p.Title != "Phó Trưởng phòng" || !from.Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) || !to.Equal(canbo.Forever) {
		t.Errorf("post %+v %v %v %v", p, from, to, err)
	}
}

func TestPerson(t *testing.T) {
	ok := func() canbo.Person {
		return canbo.Person{FamilyName: " Nguyễn ", MiddleName: "Văn", GivenName: "An", Sex: canbo.Male, BirthDate: "02/09/1965"}
	}
	for _, c := range []struct {
		change func(*canbo.Person)
		field  string
	}{
		{func(p *canbo.Person) { p.FamilyName = "" }, "family_name"},
		{func(p *canbo.Person) { p.GivenName = " " }, "given_name"},
		{func(p *canbo.Person) { p.Sex = "x" }, "sex"},
		{func(p *canbo.Person) { p.StaffType = "soldier" }, "staff_type"},
		{func(p *canbo.Person) { p.BirthDate = "2027" }, "birth_date"},
		{func(p *canbo.Person) { p.Phone = strings.Repeat("9", 31) }, "phone"},
		{func(p *canbo.Person) { p.IdentityNumber = "123" }, "identity_number"},
	} {
		p := ok()
		c.change(&p)
		if err := validate.Person(&p, now); canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != c.field {
			t.Errorf("%s: %v", c.field, err)
		}
	}
	p := ok()
	p.IdentityNumber = "079070000404" // another year than 1965
	if err := validate.Person(&p, now); err != nil {
		t.Fatal(err)
	}
	if p.FullName != "Nguyễn Văn An" || p.BirthDate != "1965-09-02" || p.StaffType != canbo.StaffNone || len(p.Warnings) == 0 {
		t.Errorf("person %+v", p)
	}
}

func TestDays(t *testing.T) {
	if d, err := validate.Day("on", " "); err != nil || !d.IsZero() {
		t.Errorf("empty day: %v %v", d, err)
	}
	if _, err := validate.Day("on", "2025-02-30"); canbo.ErrorField(err) != "on" {
		t.Errorf("bad day: %v", err)
	}
	if _, err := validate.RequiredDay("on", "word.transfer_day", ""); canbo.ErrorMessage(err) != "Thiếu ngày chuyển sinh hoạt." {
		t.Errorf("missing day: %v", err)
	}
	if d, err := validate.RequiredDay("on", "word.transfer_day", "01/07/2025"); err != nil || !d.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("day: %v %v", d, err)
	}
}
