package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// Options steer Parse: AsOf is the day a post starts when the file gives none (and the day
// units are matched on, by the caller building Units); Now decides the century of two-digit
// years.
type Options struct {
	AsOf  time.Time
	Now   time.Time
	Units *Units
}

// problem builds an ImportProblem with its Vietnamese message.
func problem(sheet string, row int, cell, field, value, key string, args ...any) canbo.ImportProblem {
	return canbo.ImportProblem{Sheet: sheet, Row: row, Cell: cell, Field: field, Value: value, Key: key, Args: args,
		Message: locale.Format("vi", key, args...)}
}

// Parse turns the data rows of each sheet below its layout's header into import rows, and every
// cell it cannot read into a problem. Blank rows, the column-number row, subtotal rows and
// repeated headers are skipped; a banner row (one text across the row, "PHƯỜNG SÀI GÒN") names
// the unit of the people below it until the next banner.
func Parse(b *Book, layouts []*Layout, opt Options) (rows []canbo.ImportRow, problems []canbo.ImportProblem) {
	for _, l := range layouts {
		var s *Sheet
		for _, sh := range b.Sheets {
			if sh.Name == l.Sheet {
				s = sh
			}
		}
		if s == nil {
			continue
		}
		p := &parser{s: s, l: l, m: l.Mapped(), opt: opt}
		// A row is large (a whole record): sized once, the slice of a 100,000-row sheet does not
		// leave its smaller copies behind as it grows.
		p.rows = make([]canbo.ImportRow, 0, len(s.Rows)-l.First)
		for r := l.First; r < len(s.Rows); r++ {
			p.row(r)
		}
		if rows == nil {
			rows = p.rows
		} else {
			rows = append(rows, p.rows...)
		}
		problems = append(problems, p.problems...)
	}
	return rows, problems
}

type parser struct {
	s        *Sheet
	l        *Layout
	m        map[Field]int
	opt      Options
	unit     int64  // the current banner's unit
	banner   string // its text, "" before any banner
	bannerAt string // its cell
	rows     []canbo.ImportRow
	problems []canbo.ImportProblem
}

func (p *parser) cell(r int, f Field) (string, string, bool) {
	c, ok := p.m[f]
	if !ok {
		return "", "", false
	}
	return p.s.Cell(r, c), letter(c) + strconv.Itoa(r+1), true
}

func (p *parser) bad(r int, cell, field, value, key string, args ...any) {
	p.problems = append(p.problems, problem(p.s.Name, r+1, cell, field, value, key, args...))
}

// kind tells what a data row is.
func (p *parser) kind(r int) (kind string, text string) {
	row := p.s.Rows[r]
	distinct := map[string]bool{}
	n := 0
	for _, v := range row {
		if v != "" {
			distinct[v] = true
			n++
		}
	}
	if n == 0 {
		return "blank", ""
	}
	if subHeader(p.s, r) && len(distinct) > 1 {
		return "numbers", "" // the column-number row, or a repeated sub-header
	}
	first := ""
	for _, v := range row {
		if v != "" {
			first = v
			break
		}
	}
	f := fold(first)
	for _, w := range []string{"tong cong", "tong so", "cong", "total", "tong"} {
		if f == w || strings.HasPrefix(f, w+" ") {
			return "subtotal", ""
		}
	}
	if match(first) != Ignore && len(distinct) > 2 {
		return "header", "" // the header repeated on each printed page
	}
	if len(distinct) == 1 {
		name, _, _ := p.cell(r, FullName)
		if name == "" {
			name, _, _ = p.cell(r, GivenName)
		}
		if n > 1 || name == "" || unitWord(f) {
			return "banner", first
		}
	}
	return "person", ""
}

// unitWord reports text that starts like a unit's name, not a person's.
func unitWord(f string) bool {
	for _, w := range []string{"phuong", "xa", "thi tran", "dac khu", "quan", "huyen", "chi bo", "dang bo", "to dang", "ubnd", "uy ban", "phong", "so", "ban", "van phong", "truong", "trung tam", "khu pho", "ap", "to dan pho"} {
		if strings.HasPrefix(f, w+" ") {
			return true
		}
	}
	return false
}

// bannerName drops the numbering of a banner ("I.", "2-", "A)") and a trailing colon.
func bannerName(s string) string {
	s = strings.TrimSpace(strings.TrimRight(s, ": "))
	if i := strings.IndexAny(s, ".-)"); i > 0 && i <= 5 {
		head := s[:i]
		if strings.Trim(head, "IVXLivxl0123456789ABCDEabcde") == "" {
			s = strings.TrimSpace(s[i+1:])
		}
	}
	return s
}

func (p *parser) row(r int) {
	kind, banner := p.kind(r)
	switch kind {
	case "banner":
		p.banner, p.bannerAt, p.unit = bannerName(banner), letter(0)+strconv.Itoa(r+1), 0
		if p.opt.Units != nil {
			id, suggest := p.opt.Units.Find(p.banner)
			if id == 0 {
				p.bad(r, p.bannerAt, "unit", p.banner, "err.importer.row.unit_unknown", p.banner, strings.Join(suggest, "; "))
			}
			p.unit = id
		}
		return
	case "person":
	default:
		return
	}
	start := len(p.problems)
	out := canbo.ImportRow{Sheet: p.s.Name, Row: r + 1, Cells: make(map[string]string, len(p.m)), Values: make(map[string]string, len(p.m))}
	per := &out.Person
	// Error values of formulas (#REF!, #N/A) are reported wherever they stand in a mapped column.
	for _, c := range p.l.Columns {
		if c.Field == Ignore {
			continue
		}
		if v := p.s.Cell(r, c.Index); isErrorValue(v) {
			p.bad(r, c.Letter+strconv.Itoa(r+1), string(c.Field), v, "err.importer.row.error_value", v)
		}
	}
	text := func(f Field, key string, dst *string) {
		v, cell, ok := p.cell(r, f)
		if !ok || isErrorValue(v) {
			return
		}
		*dst = v
		out.Cells[key], out.Values[key] = cell, v
	}
	// Names: whole, or split in two or three columns.
	if v, cell, ok := p.cell(r, FullName); ok && !isErrorValue(v) {
		per.FamilyName, per.MiddleName, per.GivenName = vn.SplitName(nameCase(v))
		for _, k := range []string{"family_name", "middle_name", "given_name"} {
			out.Cells[k], out.Values[k] = cell, v
		}
	} else {
		var fam, famMid, mid, giv string
		text(FamilyName, "family_name", &fam)
		text(FamilyMiddle, "family_name", &famMid)
		text(MiddleName, "middle_name", &mid)
		text(GivenName, "given_name", &giv)
		if famMid != "" {
			// "Họ và đệm" holds the family name and the middle names: split it as a name whose
			// given name is yet to come.
			fam, mid, _ = vn.SplitName(famMid + " x")
			out.Cells["middle_name"] = out.Cells["family_name"]
		}
		per.FamilyName, per.MiddleName, per.GivenName = nameCase(fam), nameCase(mid), nameCase(giv)
	}
	if per.FamilyName == "" && per.GivenName == "" {
		cell := out.Cells["family_name"]
		if cell == "" {
			if c, ok := p.m[FullName]; ok {
				cell = letter(c) + strconv.Itoa(r+1)
			}
		}
		p.bad(r, cell, "full_name", "", "err.importer.row.name_missing")
	}
	// Sex: its column, or the birth-date column the date stands in.
	if v, cell, ok := p.cell(r, Sex); ok && v != "" && !isErrorValue(v) {
		out.Cells["sex"], out.Values["sex"] = cell, v
		if s, ok := parseSex(v); ok {
			per.Sex = s
		} else {
			p.bad(r, cell, "sex", v, "err.importer.row.sex", v)
		}
	}
	birthCell := ""
	for _, c := range []struct {
		f   Field
		sex canbo.Sex
	}{{BirthDate, ""}, {BirthMale, canbo.Male}, {BirthFemale, canbo.Female}} {
		v, cell, ok := p.cell(r, c.f)
		if !ok || v == "" || isErrorValue(v) {
			continue
		}
		if birthCell != "" {
			p.bad(r, cell, "birth_date", v, "err.importer.row.birth_twice", birthCell)
			continue
		}
		birthCell = cell
		out.Cells["birth_date"], out.Values["birth_date"] = cell, v
		d, err := ParseDate(v, p.opt.Now)
		if err != nil {
			p.bad(r, cell, "birth_date", v, "err.importer.row.date", v, canbo.LocalMessage("vi", err))
			continue
		}
		per.BirthDate = d
		if c.sex != "" {
			if per.Sex != "" && per.Sex != c.sex {
				p.bad(r, cell, "sex", v, "err.importer.row.sex_column")
			}
			per.Sex = c.sex
			if out.Cells["sex"] == "" {
				out.Cells["sex"], out.Values["sex"] = cell, v
			}
		}
	}
	if per.Sex == "" && len(p.problems) == start {
		cell := out.Cells["sex"]
		p.bad(r, cell, "sex", "", "err.importer.row.sex_missing")
	}
	text(BirthPlace, "birth_place", &per.BirthPlace)
	text(HomeTown, "home_town", &per.HomeTown)
	text(Residence, "residence", &per.Residence)
	text(Phone, "phone", &per.Phone)
	text(Ethnicity, "ethnicity", &per.Ethnicity)
	text(Religion, "religion", &per.Religion)
	text(StaffCode, "staff_code", &per.StaffCode)
	text(EduGeneral, "education.general", &per.Education.General)
	text(EduProfessional, "education.professional", &per.Education.Professional)
	text(EduField, "education.field", &per.Education.Field)
	text(EduPolitical, "education.political_theory", &per.Education.PoliticalTheory)
	text(EduState, "education.state_management", &per.Education.StateManagement)
	text(EduLanguages, "education.languages", &per.Education.Languages)
	text(EduIT, "education.it", &per.Education.IT)
	if v, cell, ok := p.cell(r, IdentityNumber); ok && v != "" && !isErrorValue(v) {
		out.Cells["identity_number"], out.Values["identity_number"] = cell, v
		if id, ok := identity(v); ok {
			per.IdentityNumber = id
		} else {
			p.bad(r, cell, "identity_number", v, "err.importer.row.identity", v)
		}
	}
	if v, cell, ok := p.cell(r, StaffType); ok && v != "" && !isErrorValue(v) {
		out.Cells["staff_type"], out.Values["staff_type"] = cell, v
		if t, ok := parseStaffType(v); ok {
			per.StaffType = t
		} else {
			p.bad(r, cell, "staff_type", v, "err.importer.row.staff_type", v)
		}
	}
	// The post: the unit from its column or the banner above; the title; the first day.
	unit, unitCell, unitText := p.unit, p.bannerAt, p.banner
	if v, cell, ok := p.cell(r, Unit); ok && v != "" && !isErrorValue(v) {
		unit, unitCell, unitText = 0, cell, v
		if p.opt.Units != nil {
			id, suggest := p.opt.Units.Find(v)
			if id == 0 {
				p.bad(r, cell, "unit", v, "err.importer.row.unit_unknown", v, strings.Join(suggest, "; "))
			}
			unit = id
		}
	}
	if unit != 0 {
		post := &canbo.Post{UnitID: unit, Primary: true, From: p.opt.AsOf.Format(time.DateOnly)}
		out.Cells["post.unit_id"], out.Values["post.unit_id"] = unitCell, unitText
		text(PostTitle, "post.title", &post.Title)
		if post.Title == "" {
			_, cell, _ := p.cell(r, PostTitle)
			p.bad(r, cell, "post.title", "", "err.importer.row.title_missing")
		}
		if v, cell, ok := p.cell(r, PostFrom); ok && v != "" && !isErrorValue(v) {
			out.Cells["post.from"], out.Values["post.from"] = cell, v
			if d, err := ParseDate(v, p.opt.Now); err != nil || len(d) != 10 {
				p.bad(r, cell, "post.from", v, "err.importer.row.post_from", v)
			} else {
				post.From = d
			}
		}
		if v, cell, ok := p.cell(r, PostTo); ok && v != "" && !isErrorValue(v) {
			out.Cells["post.to"], out.Values["post.to"] = cell, v
			if d, err := ParseDate(v, p.opt.Now); err != nil || len(d) != 10 {
				p.bad(r, cell, "post.to", v, "err.importer.row.post_to", v)
			} else {
				post.To = d
			}
		}
		out.Post = post
	}
	p.party(r, &out)
	if len(p.problems) > start {
		// A row with a bad cell is not handed on: its problems are reported, the rest of the
		// file still checked, and nothing is written.
		return
	}
	p.rows = append(p.rows, out)
}

// nameCase writes a name typed in capitals ("NGUYỄN VĂN AN") as names are written; a name
// typed otherwise is kept as typed.
func nameCase(s string) string {
	if s == "" || strings.ToUpper(s) != s || strings.ToLower(s) == s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		words[i] = string(rs)
	}
	return strings.Join(words, " ")
}

func isErrorValue(v string) bool {
	switch v {
	case "#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA":
		return true
	}
	return false
}

func parseSex(v string) (canbo.Sex, bool) {
	switch fold(v) {
	case "nam", "m", "male", "trai", "1":
		return canbo.Male, true
	case "nu", "f", "female", "gai", "0", "2":
		return canbo.Female, true
	}
	return "", false
}

// staffTypes are the ways files write a staff type, folded.
var staffTypes = map[string]canbo.StaffType{
	"can bo": canbo.StaffCadre, "cb": canbo.StaffCadre, "cadre": canbo.StaffCadre,
	"cong chuc": canbo.StaffCivilServant, "cc": canbo.StaffCivilServant, "civil servant": canbo.StaffCivilServant,
	"vien chuc": canbo.StaffPublicEmployee, "vc": canbo.StaffPublicEmployee, "public employee": canbo.StaffPublicEmployee,
	"luc luong vu trang": canbo.StaffArmedForces, "llvt": canbo.StaffArmedForces, "armed forces": canbo.StaffArmedForces,
	"hop dong": canbo.StaffContract, "hd": canbo.StaffContract, "hop dong lao dong": canbo.StaffContract, "contract": canbo.StaffContract,
	"khong": canbo.StaffNone, "khac": canbo.StaffNone, "none": canbo.StaffNone,
}

func parseStaffType(v string) (canbo.StaffType, bool) {
	t, ok := staffTypes[fold(v)]
	return t, ok
}

// identity reads an identity number: digits only, with the leading zero a number cell lost
// (an 11-digit CCCD was 0 + 11 digits) put back. Scientific notation has lost digits for good.
func identity(v string) (string, bool) {
	v = strings.ReplaceAll(v, " ", "")
	if v == "" {
		return "", false
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	if len(v) == 11 {
		v = "0" + v
	}
	return v, true
}

// ParseDate reads a date as files hold it and returns it in the stored ISO form, possibly
// partial: "02/09/1965", "2/9/65", "09/1965", "1965", "1965-09-02", an Excel serial number
// ("24017"), or a date-time ("1965-09-02 00:00:00"). A two-digit year is of this century if it
// is not after now's, else of the last. The error says what was expected.
func ParseDate(v string, now time.Time) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	if i := strings.IndexByte(v, ' '); i > 0 && strings.Contains(v[i:], ":") {
		v = v[:i] // a time of day after the date
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil && (!strings.Contains(v, ".") || strings.Index(v, ".") >= 3) {
		// A number: a year typed as one, or a day stored as Excel's serial (a date-time has a
		// fraction). "09.1965" is a month, not the number 9.1965, so it is not read here.
		if len(v) == 4 && n >= 1800 && n <= 2200 && n == math.Trunc(n) {
			return v, nil
		}
		if t, err := excelize.ExcelDateToTime(n, false); err == nil && n >= 1 && n < 2958466 {
			return t.Format(time.DateOnly), nil
		}
		return "", canbo.Errork(canbo.EINVALID, "err.importer.row.serial", v)
	}
	if parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '.' || r == '-' }); len(parts) >= 2 && len(parts) <= 3 {
		last := parts[len(parts)-1]
		if len(last) == 2 && len(parts[0]) <= 2 {
			yy, err := strconv.Atoi(last)
			if err == nil {
				century := 1900
				if yy <= now.Year()%100 {
					century = 2000
				}
				parts[len(parts)-1] = fmt.Sprint(century + yy)
				v = strings.Join(parts, "/")
			}
		}
	}
	d, err := vn.ParseDate(v)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}
