package importer

import (
	"slices"
	"strings"

	"canbo/vn"
)

// Field is what a column holds, or Ignore.
type Field string

// The fields a column can map to. Birth dates split by sex ("Ngày sinh" over "Nam" and "Nữ")
// are two fields: the column a date stands in gives the sex.
const (
	Ignore          Field = ""
	Number          Field = "stt" // STT: read, never stored
	FullName        Field = "full_name"
	FamilyName      Field = "family_name"
	FamilyMiddle    Field = "family_middle" // "Họ và đệm" beside "Tên"
	MiddleName      Field = "middle_name"
	GivenName       Field = "given_name"
	Sex             Field = "sex"
	BirthDate       Field = "birth_date"
	BirthMale       Field = "birth_male"
	BirthFemale     Field = "birth_female"
	BirthPlace      Field = "birth_place"
	HomeTown        Field = "home_town"
	Residence       Field = "residence"
	Phone           Field = "phone"
	Ethnicity       Field = "ethnicity"
	Religion        Field = "religion"
	IdentityNumber  Field = "identity_number"
	StaffCode       Field = "staff_code"
	StaffType       Field = "staff_type"
	PostTitle       Field = "post_title"
	PostFrom        Field = "post_from"
	Unit            Field = "unit"
	EduGeneral      Field = "edu_general"
	EduProfessional Field = "edu_professional"
	EduField        Field = "edu_field"
	EduPolitical    Field = "edu_political"
	EduState        Field = "edu_state"
	EduLanguages    Field = "edu_languages"
	EduIT           Field = "edu_it"
	Note            Field = "note" // read, never stored
)

// Party-membership and post-history fields: the admission (kết nạp) and full-membership days,
// the cell (chi bộ, matched among the units like a post's unit), the card number and the
// admission decision's number; and the last day of a post that has ended (quá trình công tác).
const (
	PartyAdmitted Field = "party_admitted_on"
	PartyFull     Field = "party_full_on"
	PartyCell     Field = "party_cell"
	PartyCard     Field = "party_card"
	PartyDecision Field = "party_decision"
	PostTo        Field = "post_to"
)

// Fields lists the fields a user may choose for a column, in the template's order.
var Fields = []Field{Number, FullName, FamilyName, FamilyMiddle, MiddleName, GivenName, Sex, BirthDate, BirthMale, BirthFemale,
	BirthPlace, HomeTown, Residence, Phone, Ethnicity, Religion, IdentityNumber, StaffCode, StaffType, Unit, PostTitle, PostFrom,
	EduGeneral, EduProfessional, EduField, EduPolitical, EduState, EduLanguages, EduIT, Note,
	PostTo, PartyAdmitted, PartyFull, PartyCell, PartyCard, PartyDecision}

// aliases are the headers seen for each field, folded (vn.Fold, lower case, punctuation gone):
// so "NGÀY, THÁNG, NĂM SINH", "Ngày tháng năm sinh" and "ngay thang nam sinh" are one header.
// Longer aliases win over shorter ones they contain ("noi sinh" over "sinh").
var aliases = map[Field][]string{
	Number:          {"stt", "tt", "so tt", "so thu tu", "no"},
	FullName:        {"ho va ten", "ho ten", "ho va ten khai sinh", "ho ten khai sinh", "ho va ten dang dung", "full name", "name"},
	FamilyName:      {"ho", "family name", "surname", "last name"},
	FamilyMiddle:    {"ho va dem", "family and middle name", "ho dem", "ho va ten dem", "ho lot"},
	MiddleName:      {"dem", "ten dem", "chu dem", "middle name"},
	GivenName:       {"ten", "given name", "first name"},
	Sex:             {"gioi tinh", "gioi", "phai", "sex", "gender"},
	BirthDate:       {"ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "date of birth", "birth date", "dob"},
	BirthPlace:      {"noi sinh", "place of birth", "birth place"},
	HomeTown:        {"que quan", "nguyen quan", "home town", "hometown"},
	Residence:       {"noi o hien nay", "cho o hien nay", "noi o", "dia chi", "thuong tru", "noi thuong tru", "dia chi thuong tru", "residence", "address"},
	Phone:           {"dien thoai", "so dien thoai", "sdt", "dt", "phone"},
	Ethnicity:       {"dan toc", "ethnicity"},
	Religion:        {"ton giao", "religion"},
	IdentityNumber:  {"so cccd", "cccd", "so can cuoc", "can cuoc cong dan", "so dinh danh", "so dinh danh ca nhan", "cmnd", "so cmnd", "so cmnd cccd", "cmnd cccd", "identity number", "id number"},
	StaffCode:       {"so hieu can bo", "so hieu can bo cong chuc", "so hieu", "ma can bo", "ma so", "ma cb", "staff code"},
	StaffType:       {"loai can bo", "doi tuong", "phan loai", "loai", "ngach doi tuong", "staff type"},
	Unit:            {"don vi", "don vi cong tac", "co quan", "co quan don vi", "noi cong tac", "co quan cong tac", "unit", "ma don vi"},
	PostTitle:       {"chuc vu", "chuc danh", "chuc vu chuc danh", "chuc vu hien tai", "vi tri viec lam", "post", "position", "title"},
	PostFrom:        {"ngay bo nhiem", "ngay nhan chuc", "tu ngay", "ngay giu chuc vu", "ngay vao co quan", "post from"},
	PostTo:          {"den ngay", "ngay thoi giu chuc vu", "ngay thoi chuc", "ngay nghi", "post to"},
	PartyAdmitted:   {"ngay vao dang", "ngay ket nap", "ngay ket nap dang", "ngay vao dang du bi", "vao dang", "party admission", "admitted"},
	PartyFull:       {"ngay chinh thuc", "ngay vao dang chinh thuc", "ngay chuyen dang chinh thuc", "chinh thuc", "full membership"},
	PartyCell:       {"chi bo", "chi bo sinh hoat", "noi sinh hoat dang", "sinh hoat tai chi bo", "party cell"},
	PartyCard:       {"so the dang", "so the dang vien", "the dang", "party card", "card number"},
	PartyDecision:   {"so quyet dinh ket nap", "quyet dinh ket nap", "so qd ket nap", "admission decision"},
	EduGeneral:      {"giao duc pho thong", "trinh do van hoa", "van hoa", "pho thong", "general education"},
	EduProfessional: {"trinh do chuyen mon", "chuyen mon", "hoc van", "trinh do dao tao", "professional degree"},
	EduField:        {"chuyen nganh", "nganh dao tao", "nganh", "field of study"},
	EduPolitical:    {"ly luan chinh tri", "llct", "trinh do ly luan chinh tri", "chinh tri", "political theory"},
	EduState:        {"quan ly nha nuoc", "qlnn", "trinh do quan ly nha nuoc", "state management"},
	EduLanguages:    {"ngoai ngu", "trinh do ngoai ngu", "foreign languages", "languages"},
	EduIT:           {"tin hoc", "trinh do tin hoc", "it"},
	Note:            {"ghi chu", "note", "notes"},
}

var aliasField = func() map[string]Field {
	m := map[string]Field{}
	for f, as := range aliases {
		for _, a := range as {
			m[a] = f
		}
	}
	return m
}()

// fold makes a header comparable: accents, case and punctuation gone, single spaces.
func fold(s string) string {
	s = strings.ToLower(vn.Fold(s))
	var b strings.Builder
	space := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// match returns the field a header names, Ignore if none.
func match(header string) Field {
	h := fold(header)
	if f, ok := aliasField[h]; ok {
		return f
	}
	// "Họ và tên (chữ in hoa)", "Ngày sinh (dd/mm/yyyy)": an alias followed by a remark.
	best, bestLen := Ignore, 0
	for a, f := range aliasField {
		if len(a) > bestLen && len(a) >= 4 && (strings.HasPrefix(h, a+" ") || strings.HasSuffix(h, " "+a)) {
			best, bestLen = f, len(a)
		}
	}
	return best
}

// Column is a column of a sheet with the header text read above it (several header rows joined
// by " / ") and the field it is mapped to.
type Column struct {
	Index  int    `json:"index"`
	Letter string `json:"letter"`
	Header string `json:"header"`
	Field  Field  `json:"field"`
}

// Layout is what Detect understood of a sheet: the header rows (0-based, inclusive) and the
// columns. First is the first row that may hold people.
type Layout struct {
	Sheet     string   `json:"sheet"`
	HeaderTop int      `json:"header_top"`
	First     int      `json:"first"`
	Columns   []Column `json:"columns"`
}

// Mapped returns the column index of each mapped field.
func (l *Layout) Mapped() map[Field]int {
	m := map[Field]int{}
	for _, c := range l.Columns {
		if c.Field != Ignore {
			if _, ok := m[c.Field]; !ok {
				m[c.Field] = c.Index
			}
		}
	}
	return m
}

// headerScan is how far down a sheet the header is looked for: below a dozen title rows.
const headerScan = 20

// Detect finds the header of a sheet and maps its columns. The header row is the row among the
// first ones whose cells name the most known fields; the rows right below it belong to the
// header while they hold sub-headers ("Nam", "Nữ" under "Ngày sinh", "Họ", "Tên" under "Họ và
// tên") or the column numbers ("1", "2", "3" or "(1)") many official forms print. ok is false
// when no row names at least two fields.
func Detect(s *Sheet) (l *Layout, ok bool) {
	best, bestN := -1, 1
	for r := 0; r < len(s.Rows) && r < headerScan; r++ {
		n := 0
		seen := map[Field]bool{}
		for _, v := range s.Rows[r] {
			if f := match(v); f != Ignore && !seen[f] {
				seen[f] = true
				n++
			}
		}
		if n > bestN {
			best, bestN = r, n
		}
	}
	if best < 0 {
		return &Layout{Sheet: s.Name}, false
	}
	bottom := best
	for r := best + 1; r < len(s.Rows) && r <= best+2; r++ {
		if !subHeader(s, r) {
			break
		}
		bottom = r
	}
	width := 0
	for r := best; r <= bottom; r++ {
		width = max(width, len(s.Rows[r]))
	}
	l = &Layout{Sheet: s.Name, HeaderTop: best, First: bottom + 1}
	for c := 0; c < width; c++ {
		var parts []string
		for r := best; r <= bottom; r++ {
			v := s.Cell(r, c)
			if v == "" || isColumnNumber(v) || len(parts) > 0 && parts[len(parts)-1] == v {
				continue
			}
			parts = append(parts, v)
		}
		if len(parts) == 0 {
			continue
		}
		col := Column{Index: c, Letter: letter(c), Header: strings.Join(parts, " / ")}
		col.Field = mapParts(parts)
		l.Columns = append(l.Columns, col)
	}
	// "Họ" and "Tên" under "Họ và tên" were each mapped as whole names; the parts win.
	fixSplitNames(l)
	return l, true
}

// mapParts maps a column from its header parts, the lowest one first: a sub-header "Nam" or
// "Nữ" under a birth date splits it by sex; a sub-header that names a field wins over its
// parent ("Họ" under "Họ và tên").
func mapParts(parts []string) Field {
	last := fold(parts[len(parts)-1])
	if len(parts) > 1 && match(strings.Join(parts[:len(parts)-1], " ")) == BirthDate {
		switch last {
		case "nam", "male", "m":
			return BirthMale
		case "nu", "female", "f":
			return BirthFemale
		}
	}
	for i := len(parts) - 1; i >= 0; i-- {
		if f := match(parts[i]); f != Ignore {
			return f
		}
	}
	return match(strings.Join(parts, " "))
}

// fixSplitNames: when a sheet has both a family-name-like and a given-name column, a column
// still mapped as the full name (a merged "Họ và tên" over "Họ" / "Tên") is a part.
func fixSplitNames(l *Layout) {
	m := l.Mapped()
	_, given := m[GivenName]
	if !given {
		return
	}
	for i := range l.Columns {
		if l.Columns[i].Field == FullName {
			l.Columns[i].Field = FamilyMiddle
		}
	}
}

// subHeader reports a row that continues a header: every cell empty, covered by a merge from
// above, a column number, or a word that is a sub-header.
func subHeader(s *Sheet, r int) bool {
	n := 0
	for c, v := range s.Rows[r] {
		if v == "" {
			continue
		}
		n++
		f := fold(v)
		if s.merged[key(r, c)] || isColumnNumber(v) || f == "nam" || f == "nu" || f == "male" || f == "female" || match(v) != Ignore {
			continue
		}
		return false
	}
	return n > 0
}

// isColumnNumber reports "1", "(2)", "12": the printed column numbers of official forms.
func isColumnNumber(v string) bool {
	v = strings.Trim(v, "()")
	if v == "" || len(v) > 3 {
		return false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// letter is a 0-based column's letters: 0 → A, 26 → AA.
func letter(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// KnownField reports whether f is one of Fields (or Ignore): mappings from users are checked.
func KnownField(f Field) bool { return f == Ignore || slices.Contains(Fields, f) }
