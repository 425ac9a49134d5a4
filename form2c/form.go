// Package form2c lays out the personal-history form (Mẫu 2C, sơ yếu lý lịch) of a person in
// the official order of its two variants, and writes it as PDF or DOCX. It needs no database:
// the caller reads the record (already redacted for the reader) and passes it in, so the same
// layout serves the single form, a batch and the tests.
//
// The form is an official Vietnamese document: its labels are the printed form's own words and
// stay Vietnamese whatever language the reader chose (docs/GLOSSARY.md, "Mẫu 2C").
package form2c

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"canbo"
	"canbo/vn"
	"canbo/vocab"
)

// Variant is one of the two official forms.
type Variant string

const (
	// BNV is Mẫu 2C-BNV/2008 (QĐ 02/2008/QĐ-BNV), the civil servants' form.
	BNV Variant = "bnv"
	// TCTW is Mẫu 2C/TCTW-98 (Hướng dẫn 98 of the Central Organization Commission), the
	// party side's form.
	TCTW Variant = "tctw"
)

// Valid reports whether v is a known variant.
func (v Variant) Valid() bool { return v == BNV || v == TCTW }

// Withheld is what the form prints for a value the reader may not see: never a silent blank,
// which would read as "nothing recorded".
const Withheld = "(không được xem — thiếu quyền)"

// Input is everything the form shows. Person is as the store returned it to Reader (sensitive
// fields already emptied without the grant); Entries are the reader's visible timeline.
type Input struct {
	Person  *canbo.Person
	Posts   []canbo.Post
	Entries []canbo.Entry
	Party   *canbo.Membership // nil: not a party member
	Reader  *canbo.User
	AsOf    time.Time
	// Governing is the body that manages the person (cơ quan có thẩm quyền quản lý), Unit the
	// unit they work in (cơ quan sử dụng): the parent and the unit of the primary post;
	// Province the province or city above them (the party form's header).
	Governing, Unit, Province string
	Photo                     []byte // JPEG; nil: the frame stays empty for a glued photo
}

// Item is one numbered line of the form: its number, label and value.
type Item struct {
	No, Label, Value string
}

// Table is one of the dated tables of the form.
type Table struct {
	No, Title string
	Head      []string
	Widths    []float64 // relative column widths
	Rows      [][]string
	// Withheld: the reader lacks the grant for the table's class, so no row is shown and the
	// form says so.
	Withheld bool
}

// Block is an item or a table, kept in the order the form prints them.
type Block struct {
	Item  *Item
	Table *Table
}

// Doc is a laid-out form.
type Doc struct {
	Variant             Variant
	Title               string
	Header              []Item // above the title, beside the photo
	Blocks              []Block
	AsOf                string // dd/mm/yyyy
	Name                string // the person's name, for the signature line
	Photo               []byte
	SignLeft, SignRight string // the two signature captions
}

// Build lays out the form of in as variant v.
func Build(in Input, v Variant) Doc {
	b := builder{in: in, p: named(in.Person)}
	d := Doc{Variant: v, AsOf: in.AsOf.Format("02/01/2006"), Name: in.Person.FullName, Photo: in.Photo}
	if v == TCTW {
		d.Title = "SƠ YẾU LÝ LỊCH CÁN BỘ"
		d.Header = []Item{{Label: "Tỉnh, thành phố", Value: in.Province}, {Label: "Đơn vị trực thuộc", Value: in.Governing},
			{Label: "Đơn vị cơ sở", Value: in.Unit}, {Label: "Số hiệu cán bộ", Value: in.Person.StaffCode}}
		d.Blocks = b.tctw()
		d.SignLeft, d.SignRight = "Cấp ủy quản lý cán bộ (ký tên, đóng dấu)", "Người khai (ký, ghi rõ họ tên)"
	} else {
		d.Title = "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"
		d.Header = []Item{{Label: "Cơ quan, đơn vị có thẩm quyền quản lý CBCC", Value: in.Governing},
			{Label: "Cơ quan, đơn vị sử dụng CBCC", Value: in.Unit}, {Label: "Số hiệu cán bộ, công chức", Value: in.Person.StaffCode}}
		d.Blocks = b.bnv()
		d.SignLeft, d.SignRight = "Thủ trưởng cơ quan, đơn vị quản lý và sử dụng CBCC (ký tên, đóng dấu)", "Người khai — tôi xin cam đoan những lời khai trên đây là đúng sự thật (ký tên, ghi rõ họ tên)"
	}
	return d
}

// builder turns the record into items; each method is one item or table of the form.
// named is a copy of p with its coded fields (ethnicity, religion, the education levels) as
// their Vietnamese names, as the printed form writes them; a value typed before the lists
// prints as typed.
func named(p *canbo.Person) *canbo.Person {
	c := *p
	c.Ethnicity, c.Religion = vocab.Ethnicities.Show(p.Ethnicity), vocab.Religions.Show(p.Religion)
	e := &c.Education
	e.General, e.Professional = vocab.GeneralEducation.Show(e.General), vocab.ProfessionalEducation.Show(e.Professional)
	e.PoliticalTheory, e.StateManagement = vocab.PoliticalTheory.Show(e.PoliticalTheory), vocab.StateManagement.Show(e.StateManagement)
	return &c
}

type builder struct {
	in Input
	p  *canbo.Person
}

func item(no, label, value string) Block {
	return Block{Item: &Item{No: no, Label: label, Value: value}}
}

// guarded is value when the reader holds grant, else Withheld.
func (b builder) guarded(grant, value string) string {
	if !b.in.Reader.Can(grant) {
		return Withheld
	}
	return value
}

// day formats a possibly partial ISO date the Vietnamese way ("1965", "09/1965", "02/09/1965").
func day(s string) string {
	if s == "" {
		return ""
	}
	d, err := vn.ParseDate(s)
	if err != nil || d.IsZero() {
		return s
	}
	return d.VN()
}

func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

func labelled(pairs ...string) string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			out = append(out, pairs[i]+": "+pairs[i+1])
		}
	}
	return strings.Join(out, "; ")
}

func (b builder) sex() string {
	switch b.p.Sex {
	case canbo.Male:
		return "Nam"
	case canbo.Female:
		return "Nữ"
	}
	return ""
}

// primary is the primary post held on the form's day, if any.
func (b builder) primary() *canbo.Post {
	on := b.in.AsOf.Format(time.DateOnly)
	for i := range b.in.Posts {
		p := &b.in.Posts[i]
		if p.Primary && p.From <= on && (p.To == "" || p.To > on) {
			return p
		}
	}
	return nil
}

func (b builder) post() string {
	if p := b.primary(); p != nil {
		return p.Title + ", " + p.UnitName
	}
	return ""
}

// of returns the entries of a kind, oldest first.
func (b builder) of(kind string) []canbo.Entry {
	var out []canbo.Entry
	for _, e := range b.in.Entries {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From < out[j].From })
	return out
}

// salary is the latest salary entry on the form's day.
func (b builder) salary() *canbo.Entry {
	on := b.in.AsOf.Format(time.DateOnly)
	var last *canbo.Entry
	for _, e := range b.of(canbo.EntrySalary) {
		if e.From <= on {
			last = &e
		}
	}
	return last
}

func (b builder) grade() string {
	s := b.salary()
	if s == nil {
		return ""
	}
	return labelled("ngạch", s.Title, "mã ngạch", s.Details[canbo.DetailGrade], "bậc", s.Details[canbo.DetailStep],
		"hệ số", s.Details[canbo.DetailCoefficient], "ngày hưởng", day(s.From))
}

// list joins the entries of a kind as "date: title (authority)", or withholds them.
func (b builder) list(kind string) string {
	if c := canbo.EntryClass(kind); c != "" && !b.in.Reader.Can(c) {
		return Withheld
	}
	var out []string
	for _, e := range b.of(kind) {
		s := day(e.From) + ": " + e.Title
		if lvl := e.Details[canbo.DetailLevel]; lvl != "" && kind == canbo.EntryDiscipline {
			s = day(e.From) + ": " + lvl + " — " + e.Title
		}
		if a := e.Details[canbo.DetailAuthority]; a != "" {
			s += " (" + a + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

func (b builder) party() (admitted, full string) {
	if b.in.Party == nil {
		return "", ""
	}
	return day(b.in.Party.AdmittedOn), day(b.in.Party.FullOn)
}

func (b builder) health() string {
	f := b.p.Form2C
	if !b.in.Reader.Can(canbo.GrantHealth) {
		return Withheld
	}
	return labelled("tình trạng", b.p.Health, "chiều cao (cm)", f.Height, "cân nặng (kg)", f.Weight, "nhóm máu", f.BloodType)
}

func (b builder) training() Block {
	t := &Table{No: "", Title: "ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC",
		Head:   []string{"Tên trường", "Chuyên ngành đào tạo, bồi dưỡng", "Từ tháng, năm – đến tháng, năm", "Hình thức đào tạo", "Văn bằng, chứng chỉ"},
		Widths: []float64{3, 3, 2.4, 1.8, 2}}
	for _, e := range b.of(canbo.EntryTraining) {
		t.Rows = append(t.Rows, []string{e.Title, e.Details[canbo.DetailField], span(e.From, e.To), e.Details[canbo.DetailMode], e.Details[canbo.DetailDegree]})
	}
	return Block{Table: t}
}

func span(from, to string) string {
	if to == "" {
		return day(from) + " – nay"
	}
	return day(from) + " – " + day(to)
}

func (b builder) work() Block {
	t := &Table{Title: "TÓM TẮT QUÁ TRÌNH CÔNG TÁC", Head: []string{"Từ tháng, năm – đến tháng, năm", "Chức danh, chức vụ, đơn vị công tác"},
		Widths: []float64{1, 3}}
	posts := append([]canbo.Post(nil), b.in.Posts...)
	sort.SliceStable(posts, func(i, j int) bool { return posts[i].From < posts[j].From })
	for _, p := range posts {
		what := p.Title + ", " + p.UnitName
		if !p.Primary {
			what += " (kiêm nhiệm)"
		}
		t.Rows = append(t.Rows, []string{span(p.From, p.To), what})
	}
	return Block{Table: t}
}

// family is the family table: own relatives first, then the spouse's side, whose summary lives
// in the form's own field.
func (b builder) family(title string) Block {
	t := &Table{Title: title, Head: []string{"Mối quan hệ", "Họ và tên", "Năm sinh",
		"Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, nơi ở; đặc điểm lịch sử, chính trị"},
		Widths: []float64{1.3, 2, 0.9, 5}}
	if !b.in.Reader.Can(canbo.GrantFamily) {
		t.Withheld = true
		return Block{Table: t}
	}
	for _, e := range b.of(canbo.EntryFamily) {
		d := e.Details
		t.Rows = append(t.Rows, []string{d[canbo.DetailRelation], e.Title, d[canbo.DetailBirthYear],
			join(d[canbo.DetailHomeTown], d[canbo.DetailOccupation], d[canbo.DetailWorkplace], d[canbo.DetailHistory])})
	}
	return Block{Table: t}
}

func (b builder) salaries() Block {
	t := &Table{Title: "DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC", Head: []string{"Tháng, năm", "Mã ngạch, bậc", "Hệ số lương"},
		Widths: []float64{1, 1.4, 1}}
	for _, e := range b.of(canbo.EntrySalary) {
		t.Rows = append(t.Rows, []string{day(e.From), e.Details[canbo.DetailGrade] + " / " + e.Details[canbo.DetailStep], e.Details[canbo.DetailCoefficient]})
	}
	return Block{Table: t}
}

func numbered(no string, bl Block) Block {
	bl.Table.No = no
	return bl
}

// bnv is Mẫu 2C-BNV/2008 in its printed order.
func (b builder) bnv() []Block {
	p, f := b.p, b.p.Form2C
	admitted, full := b.party()
	return []Block{
		item("1", "Họ và tên khai sinh (viết chữ in hoa)", strings.ToUpper(p.FullName)),
		item("2", "Tên gọi khác", p.OtherNames),
		item("3", "Sinh ngày; giới tính", join(day(p.BirthDate), b.sex())),
		item("4", "Nơi sinh", p.BirthPlace),
		item("5", "Quê quán", p.HomeTown),
		item("6", "Dân tộc", b.guarded(canbo.GrantBackground, p.Ethnicity)),
		item("7", "Tôn giáo", b.guarded(canbo.GrantBackground, p.Religion)),
		item("8", "Nơi đăng ký hộ khẩu thường trú", f.PermanentResidence),
		item("9", "Nơi ở hiện nay; điện thoại", join(p.Residence, p.Phone)),
		item("10", "Nghề nghiệp khi được tuyển dụng", f.OccupationBefore),
		item("11", "Ngày tuyển dụng; cơ quan tuyển dụng", join(day(f.RecruitedOn), f.RecruitingAgency)),
		item("12", "Chức vụ (chức danh) hiện tại", b.post()),
		item("13", "Công việc chính được giao", b.post()),
		item("14", "Ngạch công chức (viên chức), mã ngạch, bậc lương, hệ số, ngày hưởng", b.grade()),
		item("", "Phụ cấp chức vụ; phụ cấp khác", f.Allowances),
		item("15.1", "Trình độ giáo dục phổ thông", p.Education.General),
		item("15.2", "Trình độ chuyên môn cao nhất", join(p.Education.Professional, p.Education.Field)),
		item("15.3", "Lý luận chính trị", p.Education.PoliticalTheory),
		item("15.4", "Quản lý nhà nước", p.Education.StateManagement),
		item("15.5", "Ngoại ngữ", p.Education.Languages),
		item("15.6", "Tin học", p.Education.IT),
		item("16", "Ngày vào Đảng Cộng sản Việt Nam; ngày chính thức", join(admitted, full)),
		item("17", "Ngày tham gia tổ chức chính trị - xã hội", join(day(f.YouthUnionOn), f.MassOrg, day(f.MassOrgOn))),
		item("18", "Ngày nhập ngũ; ngày xuất ngũ; quân hàm cao nhất", join(day(f.EnlistedOn), day(f.DischargedOn), f.MilitaryRank)),
		item("19", "Danh hiệu được phong tặng cao nhất", f.Titles),
		item("20", "Sở trường công tác", f.Strengths),
		item("21", "Khen thưởng", b.list(canbo.EntryReward)),
		item("22", "Kỷ luật", b.list(canbo.EntryDiscipline)),
		item("23", "Tình trạng sức khỏe; chiều cao; cân nặng; nhóm máu", b.health()),
		item("24", "Là thương binh hạng; là con gia đình chính sách", b.guarded(canbo.GrantBackground, f.PolicyFamily)),
		item("25", "Số chứng minh nhân dân (căn cước)", b.guarded(canbo.GrantIdentity, p.IdentityNumber)),
		item("26", "Số sổ BHXH", b.guarded(canbo.GrantIdentity, f.SocialInsurance)),
		numbered("27", b.training()),
		numbered("28", b.work()),
		item("29", "Đặc điểm lịch sử bản thân", b.guarded(canbo.GrantBackground, f.PoliticalHistory)),
		numbered("30a", b.family("QUAN HỆ GIA ĐÌNH — VỀ BẢN THÂN: CHA, MẸ, VỢ (HOẶC CHỒNG), CÁC CON, ANH CHỊ EM RUỘT")),
		item("30b", "Về bên vợ (hoặc chồng): cha, mẹ, anh chị em ruột", b.guarded(canbo.GrantFamily, f.SpouseFamily)),
		numbered("31", b.salaries()),
		item("32", "Nhận xét, đánh giá của cơ quan, đơn vị quản lý và sử dụng cán bộ, công chức", f.AgencyAssessment),
	}
}

// tctw is Mẫu 2C/TCTW-98 in its printed order.
func (b builder) tctw() []Block {
	p, f := b.p, b.p.Form2C
	admitted, full := b.party()
	return []Block{
		item("1", "Họ và tên đang dùng", strings.ToUpper(p.FullName)),
		item("2", "Tên gọi khác", p.OtherNames),
		item("3", "Sinh ngày; nam, nữ", join(day(p.BirthDate), b.sex())),
		item("4", "Nơi sinh", p.BirthPlace),
		item("5", "Quê quán", p.HomeTown),
		item("6", "Nơi ở hiện nay; điện thoại", join(p.Residence, p.Phone)),
		item("7", "Dân tộc", b.guarded(canbo.GrantBackground, p.Ethnicity)),
		item("8", "Tôn giáo", b.guarded(canbo.GrantBackground, p.Religion)),
		// Not kept in the record: printed empty for the person to fill in by hand.
		item("9", "Thành phần gia đình xuất thân", ""),
		item("10", "Nghề nghiệp bản thân trước khi được tuyển dụng", f.OccupationBefore),
		item("11", "Ngày được tuyển dụng; vào cơ quan nào, ở đâu", join(day(f.RecruitedOn), f.RecruitingAgency)),
		item("12", "Ngày vào Đảng Cộng sản Việt Nam; ngày chính thức", join(admitted, full)),
		item("13", "Ngày tham gia các tổ chức chính trị - xã hội", join(day(f.YouthUnionOn), f.MassOrg, day(f.MassOrgOn))),
		item("14", "Ngày nhập ngũ; ngày xuất ngũ; quân hàm, chức vụ cao nhất", join(day(f.EnlistedOn), day(f.DischargedOn), f.MilitaryRank)),
		item("15", "Trình độ hiện nay: giáo dục phổ thông; học hàm, học vị cao nhất; lý luận chính trị; quản lý nhà nước; ngoại ngữ; tin học",
			labelled("phổ thông", p.Education.General, "chuyên môn", join(p.Education.Professional, p.Education.Field),
				"lý luận chính trị", p.Education.PoliticalTheory, "quản lý nhà nước", p.Education.StateManagement,
				"ngoại ngữ", p.Education.Languages, "tin học", p.Education.IT)),
		item("16", "Công tác chính đang làm", b.post()),
		item("17", "Ngạch công chức, mã số, bậc lương, hệ số, từ tháng", b.grade()),
		item("18", "Danh hiệu được phong", f.Titles),
		item("19", "Sở trường công tác", f.Strengths),
		item("20", "Khen thưởng", b.list(canbo.EntryReward)),
		item("21", "Kỷ luật", b.list(canbo.EntryDiscipline)),
		item("22", "Tình trạng sức khỏe; cao; cân nặng; nhóm máu", b.health()),
		item("23", "Là thương binh loại; gia đình liệt sĩ, gia đình chính sách", b.guarded(canbo.GrantBackground, f.PolicyFamily)),
		item("24", "Số chứng minh nhân dân (căn cước); số sổ BHXH",
			join(b.guarded(canbo.GrantIdentity, p.IdentityNumber), b.guarded(canbo.GrantIdentity, f.SocialInsurance))),
		item("25", "Đặc điểm lịch sử bản thân", b.guarded(canbo.GrantBackground, f.PoliticalHistory)),
		numbered("26", b.family("QUAN HỆ GIA ĐÌNH: CHA, MẸ, ANH CHỊ EM RUỘT; VỢ (CHỒNG); CÁC CON")),
		item("", "Gia đình bên vợ (chồng)", b.guarded(canbo.GrantFamily, f.SpouseFamily)),
		numbered("27", b.work()),
		numbered("28", b.training()),
		numbered("29", b.salaries()),
		item("30", "Nhận xét, đánh giá của cấp ủy, cơ quan quản lý", f.AgencyAssessment),
	}
}

// Text is the form as plain lines in print order: what a reader of the file sees, for tests
// and for the batch index.
func (d Doc) Text() []string {
	lines := []string{d.Title}
	for _, h := range d.Header {
		lines = append(lines, h.Label+": "+h.Value)
	}
	for _, bl := range d.Blocks {
		if it := bl.Item; it != nil {
			lines = append(lines, fmt.Sprintf("%s %s: %s", number(it.No), it.Label, it.Value))
			continue
		}
		t := bl.Table
		lines = append(lines, number(t.No)+" "+t.Title)
		if t.Withheld {
			lines = append(lines, Withheld)
		}
	}
	return lines
}

// number prints an item number the way the form does ("12)"), or nothing.
func number(no string) string {
	if no == "" {
		return ""
	}
	return no + ")"
}
