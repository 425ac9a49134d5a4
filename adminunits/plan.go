package adminunits

import (
	"compress/gzip"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The embedded reference files (see data/README.md for their provenance).
const (
	FileJanuary    = "communes-2025-01-04.csv"
	FileConversion = "conversion-2025-07-01.csv"
	FileJuly       = "communes-2025-07-01.json"
)

//go:embed data/*.gz
var dataFS embed.FS

// Plan is the 2025 reform of the territory as the embedded official lists tell it: the units of
// January 2025, what happened to some of them before 1 July 2025, and the units from 1 July 2025
// with the old units each was formed from. It is plain data: turning it into dated restructuring
// events is the caller's job.
type Plan struct {
	Provinces []Province // the 63 provinces of January 2025, in code order
	Districts []District // the district-level units of January 2025 (696), in list order
	Communes  []Commune  // the commune-level units of January 2025 (10,051), in list order

	// Early is what happened to January units before 1 July 2025 as far as the lists tell:
	// renumberings, renamings, units that disappeared and units that appeared.
	Early []EarlyChange

	NewProvinces []NewProvince // the 34 provinces from 1 July 2025, in code order
	NewCommunes  []NewCommune  // the 3,321 commune-level units from 1 July 2025, in code order

	// Problems lists every disagreement found in or between the lists, with the reason. Those
	// with Resolved set were repaired or explained and the plan already reflects the repair;
	// the others could not be reconciled.
	Problems []Problem
}

// Province is a province-level unit of January 2025.
type Province struct {
	Code string // "79"
	Name string // "Thành phố Hồ Chí Minh"
	Kind string // KindCentralCity or KindProvince
}

// District is a district-level unit of January 2025. The district level was abolished on
// 1 July 2025; it is kept because the conversion table and old records refer to it.
type District struct {
	Code         string // "760"
	Name         string // "Quận 1"
	Kind         string // KindUrbanDistrict, KindRuralDistrict, KindTown or KindCity
	ProvinceCode string
}

// Commune is a commune-level unit of January 2025.
type Commune struct {
	Code         string // "26734"
	Name         string // "Phường Tân Định"
	Kind         string // KindWard, KindCommune or KindTownlet
	DistrictCode string
	ProvinceCode string
}

// EarlyType says what kind of early change an EarlyChange records.
type EarlyType string

// The early changes the lists reveal. Dates are not in the lists: all of them happened between
// the January list (4 Jan 2025) and 1 July 2025.
const (
	// EarlyRenumbered: the unit is in the conversion table under another code (matched by name
	// within the same district), e.g. HCMC wards renumbered at early-2025 mergers.
	EarlyRenumbered EarlyType = "renumbered"
	// EarlyRenamed: same code, another name or kind in the conversion table (a ward made of a
	// commune, a unit renamed after absorbing a neighbour, a district made a town).
	EarlyRenamed EarlyType = "renamed"
	// EarlyRespelled: same code, the name spelt slightly differently ("Xà Phìn" / "Sà Phìn");
	// no restructuring is implied, but the July-era spelling is recorded.
	EarlyRespelled EarlyType = "respelled"
	// EarlyDisappeared: a January unit with no row in the conversion table: it was merged into
	// another unit before July. AbsorbedBy names that unit when the lists tell.
	EarlyDisappeared EarlyType = "disappeared"
	// EarlyAppeared: a unit of the conversion table that is not in the January list and matches
	// no January unit of its district by name: it was created before July.
	EarlyAppeared EarlyType = "appeared"
)

// Level is the level of the unit an EarlyChange is about.
type Level string

// The two levels below the province.
const (
	LevelDistrict Level = "district"
	LevelCommune  Level = "commune"
)

// EarlyChange is one change to a January unit (or one new unit) before 1 July 2025.
type EarlyChange struct {
	Type         EarlyType
	Level        Level
	ProvinceCode string // January province
	DistrictCode string // January district (the district itself for LevelDistrict)

	OldCode string // as in the January list; empty for EarlyAppeared
	OldName string
	OldKind string

	NewCode string // as in the conversion table; empty for EarlyDisappeared
	NewName string
	NewKind string

	// AbsorbedBy is, for EarlyDisappeared, the code (as in the conversion table) of the unit
	// that took the disappeared one in, when the lists tell; Candidates lists the possible
	// absorbers when they do not tell which. Both are inferred from names and codes in the
	// lists (Reason says how), not read from a resolution: check before citing them.
	AbsorbedBy string
	Candidates []string

	Reason string // how this was worked out, in Vietnamese
}

// NewProvince is a province-level unit from 1 July 2025.
type NewProvince struct {
	Code    string   // the code kept, e.g. "79"
	Name    string   // "Thành phố Hồ Chí Minh"
	Kind    string   // KindCentralCity or KindProvince
	Sources []string // January provinces merged into it, including its own code when kept; sorted
}

// NewCommune is a commune-level unit from 1 July 2025 with the old units it was formed from.
type NewCommune struct {
	Code         string // "26740"
	Name         string // from the official July list: "Phường Sài Gòn"
	Kind         string // KindWard, KindCommune or KindSpecialZone
	ProvinceCode string // the new province

	// Sources are the old units it was formed from, in the order of the conversion table.
	Sources []Source
	// Unchanged means the unit is the single old unit in Sources[0], continuing (maybe renamed
	// or of another kind: "Giữ nguyên", "Đổi tên", "Đổi loại hình"), not a new unit.
	Unchanged bool
	// FromDistrict is set for the island districts without communes that became special zones
	// as a whole (Côn Đảo, Lý Sơn, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa): the old district code.
	FromDistrict string
}

// Source is one old unit (or part of one) that went into a new commune-level unit.
type Source struct {
	// OldCode is the code just before 1 July 2025: a code of Plan.Communes, or for units
	// renumbered or created in the first half of 2025 the NewCode of their Plan.Early entry.
	// It is empty for territory that is not an administrative unit (OldName says what it is,
	// DistrictCode which district managed it).
	OldCode      string
	OldName      string // as written in the conversion table
	DistrictCode string // old district, as written in the conversion table
	Partial      bool   // only part of the old unit went in; the rest went to other new units
	Note         string // the original note ("Nhập một phần diện tích"), cleaned
	Line         int    // line of the conversion table, for tracing back
}

func openData(name string) (io.ReadCloser, error) {
	f, err := dataFS.Open("data/" + name + ".gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return struct {
		io.Reader
		io.Closer
	}{zr, f}, nil
}

// Load parses the embedded lists into a Plan. It parses on every call (about 0.1–0.2 s) and
// returns a fresh Plan the caller may change, rather than a shared one someone could corrupt. An
// error means the embedded data is broken: a bug, not bad input. See the package documentation
// for what the lists contain and how their disagreements are reconciled.
func Load() (*Plan, error) {
	b := &builder{
		plan:        &Plan{},
		communeIdx:  map[string]int{},
		districts:   map[string]int{},
		provinces:   map[string]int{},
		july:        map[string]julyUnit{},
		rawProvince: map[string]string{},
		rawDistrict: map[string]string{},
		janLine:     map[string]int{},
		renumFrom:   map[string]string{},
		renumTo:     map[string]string{},
	}
	if err := b.readJanuary(); err != nil {
		return nil, err
	}
	rows, probs, err := parseEmbeddedConversion()
	if err != nil {
		return nil, err
	}
	for _, pr := range probs {
		pr.File = FileConversion
		b.plan.Problems = append(b.plan.Problems, pr)
	}
	if err := b.readJuly(); err != nil {
		return nil, err
	}
	b.reconcileDistricts(rows)
	b.fixCodes(rows)
	groups, codes := groupByOld(rows) // after the repairs
	b.renumber(rows, groups, codes)
	b.disappeared(rows)
	b.checkOldUnits(rows, groups, codes)
	b.buildNewCommunes(rows)
	b.buildNewProvinces(rows)
	sort.SliceStable(b.plan.Early, func(i, j int) bool {
		a, c := b.plan.Early[i], b.plan.Early[j]
		if a.Level != c.Level {
			return a.Level == LevelDistrict
		}
		if a.Type != c.Type {
			return earlyOrder[a.Type] < earlyOrder[c.Type]
		}
		return a.OldCode+a.NewCode < c.OldCode+c.NewCode
	})
	return b.plan, nil
}

var earlyOrder = map[EarlyType]int{EarlyRenumbered: 0, EarlyRenamed: 1, EarlyRespelled: 2, EarlyDisappeared: 3, EarlyAppeared: 4}

func parseEmbeddedConversion() ([]ConversionRow, []Problem, error) {
	rc, err := openData(FileConversion)
	if err != nil {
		return nil, nil, fmt.Errorf("adminunits: %w", err)
	}
	defer rc.Close()
	rows, probs, err := ParseConversion(rc)
	if err != nil {
		return nil, nil, fmt.Errorf("adminunits: embedded %s: %w", FileConversion, err)
	}
	return rows, probs, nil
}

type julyUnit struct {
	name, kind, province string
}

type builder struct {
	plan        *Plan
	communeIdx  map[string]int // January commune code → index in plan.Communes
	districts   map[string]int // January district code → index in plan.Districts
	provinces   map[string]int // January province code → index in plan.Provinces
	byDistrict  map[string][]int
	july        map[string]julyUnit
	rawProvince map[string]string // province code → name as first written, to skip rechecks
	rawDistrict map[string]string // district code → name as first written
	janLine     map[string]int    // January commune code → line in its file, for messages

	claimed   map[string]bool   // January codes that appear in the conversion table (after repairs)
	renumFrom map[string]string // conversion-table code → January code, for renumbered units
	renumTo   map[string]string // January code → conversion-table code
}

func (b *builder) problem(file string, line int, column, code string, resolved bool, format string, args ...any) {
	b.plan.Problems = append(b.plan.Problems, Problem{File: file, Line: line, Column: column, Code: code,
		Message: fmt.Sprintf(format, args...), Resolved: resolved})
}

func (b *builder) readJanuary() error {
	rc, err := openData(FileJanuary)
	if err != nil {
		return fmt.Errorf("adminunits: %w", err)
	}
	defer rc.Close()
	cr := csv.NewReader(rc)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("adminunits: %s: %w", FileJanuary, err)
	}
	want := []string{"Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX", "Cấp"}
	col := make([]int, len(want))
	for i, w := range want {
		col[i] = slices.IndexFunc(header, func(h string) bool { return clean(h) == w })
		if col[i] < 0 {
			return fmt.Errorf("adminunits: %s: no column %q", FileJanuary, w)
		}
	}
	const (
		cProvName = iota
		cProvCode
		cDistName
		cDistCode
		cName
		cCode
		cLevel
	)
	b.byDistrict = map[string][]int{}
	var cache cleanCache
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("adminunits: %s: %w", FileJanuary, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c int) string {
			if col[c] >= len(rec) {
				return ""
			}
			if c == cName || c == cCode {
				return clean(rec[col[c]])
			}
			return cache.get(rec[col[c]]) // provinces, districts and levels repeat
		}
		pcode, dcode, code := get(cProvCode), get(cDistCode), get(cCode)
		if _, _, ok := padCode(pcode, 2); !ok || len(pcode) != 2 {
			b.problem(FileJanuary, line, "Mã TP", pcode, false, "%q không phải mã tỉnh 2 chữ số; đã bỏ qua dòng", pcode)
			continue
		}
		if _, _, ok := padCode(dcode, 3); !ok || len(dcode) != 3 {
			b.problem(FileJanuary, line, "Mã QH", dcode, false, "%q không phải mã huyện 3 chữ số; đã bỏ qua dòng", dcode)
			continue
		}
		b.addProvince(line, pcode, get(cProvName))
		b.addDistrict(line, dcode, get(cDistName), pcode)
		level := get(cLevel)
		if code == "" {
			if _, _, ok := splitKind(level, districtKinds); !ok {
				b.problem(FileJanuary, line, "Mã PX", "", false, "thiếu mã đơn vị cấp xã; đã bỏ qua dòng")
			}
			continue // an island district without communes, listed on its own
		}
		if _, _, ok := padCode(code, 5); !ok || len(code) != 5 {
			b.problem(FileJanuary, line, "Mã PX", code, false, "%q không phải mã 5 chữ số; đã bỏ qua dòng", code)
			continue
		}
		if _, dup := b.communeIdx[code]; dup {
			b.problem(FileJanuary, line, "Mã PX", code, false, "mã %q lặp lại; đã bỏ qua dòng", code)
			continue
		}
		name, changed := canonicalName(get(cName), communeKinds)
		if changed {
			b.problem(FileJanuary, line, "Phường Xã", code, true, "%q: viết lại thành %q", get(cName), name)
		}
		kind, _, ok := splitKind(name, communeKinds)
		levelKind, _, levelOK := splitKind(level, communeKinds)
		switch {
		case ok && levelOK && kind != levelKind:
			b.problem(FileJanuary, line, "Cấp", code, true, "cột Cấp ghi %q nhưng tên là %q; dùng %q theo tên", level, name, kind)
		case !ok && levelOK:
			kind = levelKind
		case !ok:
			b.problem(FileJanuary, line, "Cấp", code, false, "không rõ loại đơn vị của %q (cấp %q)", name, level)
		}
		b.janLine[code] = line
		b.communeIdx[code] = len(b.plan.Communes)
		b.byDistrict[dcode] = append(b.byDistrict[dcode], len(b.plan.Communes))
		b.plan.Communes = append(b.plan.Communes, Commune{Code: code, Name: name, Kind: kind, DistrictCode: dcode, ProvinceCode: pcode})
	}
	sort.Slice(b.plan.Provinces, func(i, j int) bool { return b.plan.Provinces[i].Code < b.plan.Provinces[j].Code })
	for i, p := range b.plan.Provinces {
		b.provinces[p.Code] = i
	}
	return nil
}

func (b *builder) addProvince(line int, code, name string) {
	if raw, ok := b.rawProvince[code]; ok && raw == name {
		return // the common case: the same province as on the row above
	}
	for _, p := range b.plan.Provinces {
		if p.Code == code {
			if looseKey(p.Name, provinceKinds) != looseKey(name, provinceKinds) {
				b.problem(FileJanuary, line, "Tỉnh Thành Phố", code, false, "mã tỉnh %q ghi cho cả %q và %q", code, p.Name, name)
			}
			return
		}
	}
	b.rawProvince[code] = name
	name, _ = canonicalName(name, provinceKinds)
	kind := KindProvince
	if k, _, _ := splitKind(name, provinceKinds); k == KindCity {
		kind = KindCentralCity
	}
	b.plan.Provinces = append(b.plan.Provinces, Province{Code: code, Name: name, Kind: kind})
}

func (b *builder) addDistrict(line int, code, name, province string) {
	if raw, ok := b.rawDistrict[code]; ok && raw == name && b.plan.Districts[b.districts[code]].ProvinceCode == province {
		return
	}
	if i, ok := b.districts[code]; ok {
		d := b.plan.Districts[i]
		if d.ProvinceCode != province || looseKey(d.Name, districtKinds) != looseKey(name, districtKinds) {
			b.problem(FileJanuary, line, "Mã QH", code, false, "mã huyện %q ghi cho cả %q (%s) và %q (%s)", code, d.Name, d.ProvinceCode, name, province)
		}
		return
	}
	b.rawDistrict[code] = name
	name, _ = canonicalName(name, districtKinds)
	kind, _, ok := splitKind(name, districtKinds)
	if !ok {
		b.problem(FileJanuary, line, "Quận Huyện", code, false, "không rõ loại đơn vị cấp huyện của %q", name)
	}
	b.districts[code] = len(b.plan.Districts)
	b.plan.Districts = append(b.plan.Districts, District{Code: code, Name: name, Kind: kind, ProvinceCode: province})
}

var newKinds = []string{KindSpecialZone, KindWard, KindCommune}

func (b *builder) readJuly() error {
	rc, err := openData(FileJuly)
	if err != nil {
		return fmt.Errorf("adminunits: %w", err)
	}
	defer rc.Close()
	var units []struct {
		Code         int    `json:"code"`
		Name         string `json:"name"`
		ProvinceName string `json:"province_name"`
	}
	if err := json.NewDecoder(rc).Decode(&units); err != nil {
		return fmt.Errorf("adminunits: %s: %w", FileJuly, err)
	}
	for _, u := range units {
		if u.Code <= 0 || u.Code > 99999 {
			b.problem(FileJuly, 0, "code", strconv.Itoa(u.Code), false, "mã %d không phải mã 5 chữ số; đã bỏ qua", u.Code)
			continue
		}
		code := fmt.Sprintf("%05d", u.Code)
		name, changed := canonicalName(clean(u.Name), newKinds)
		if changed {
			b.problem(FileJuly, 0, "name", code, true, "%q: viết lại thành %q", u.Name, name)
		}
		kind, _, ok := splitKind(name, newKinds)
		if !ok {
			b.problem(FileJuly, 0, "name", code, false, "tên %q không bắt đầu bằng Phường, Xã hay Đặc khu", name)
		}
		if _, dup := b.july[code]; dup {
			b.problem(FileJuly, 0, "code", code, false, "mã %q lặp lại; đã bỏ qua", code)
			continue
		}
		b.july[code] = julyUnit{name: name, kind: kind, province: clean(u.ProvinceName)}
	}
	return nil
}

// reconcileDistricts compares the old districts named in the conversion table with the January
// list.
func (b *builder) reconcileDistricts(rows []ConversionRow) {
	seen := map[string]bool{}
	for _, r := range rows {
		if r.OldDistrictCode == "" || seen[r.OldDistrictCode] {
			continue
		}
		seen[r.OldDistrictCode] = true
		i, ok := b.districts[r.OldDistrictCode]
		if !ok {
			b.problem(FileConversion, r.Line, "Quận/huyện", r.OldDistrictCode, false, "mã huyện %q (%s) không có trong danh sách tháng 1/2025", r.OldDistrictCode, r.OldDistrictName)
			continue
		}
		d := b.plan.Districts[i]
		name, _ := canonicalName(r.OldDistrictName, districtKinds)
		kind, _, _ := splitKind(name, districtKinds)
		m := compareNames(d.Name, name, districtKinds)
		t := EarlyType("")
		switch {
		case name == "" || name == d.Name:
		case m == nameSame && kind == d.Kind:
			// Only spacing or tone-mark placement differ.
		case m == nameDifferent || kind != d.Kind:
			t = EarlyRenamed
		default:
			t = EarlyRespelled
		}
		if t != "" {
			b.plan.Early = append(b.plan.Early, EarlyChange{Type: t, Level: LevelDistrict, ProvinceCode: d.ProvinceCode,
				DistrictCode: d.Code, OldCode: d.Code, OldName: d.Name, OldKind: d.Kind, NewCode: d.Code, NewName: name, NewKind: kind,
				Reason: fmt.Sprintf("danh sách tháng 1/2025 ghi %q, bảng chuyển đổi ghi %q (dòng %d)", d.Name, name, r.Line)})
		}
	}
}

// groupByOld returns the indexes of rows per old code, and the codes in order.
func groupByOld(rows []ConversionRow) (map[string][]int, []string) {
	g := map[string][]int{}
	var codes []string
	for i, r := range rows {
		if r.OldCode == "" {
			continue
		}
		if _, ok := g[r.OldCode]; !ok {
			codes = append(codes, r.OldCode)
		}
		g[r.OldCode] = append(g[r.OldCode], i)
	}
	sort.Strings(codes)
	return g, codes
}

// districtOf is the old district of a row: as written, or that of its January unit.
func (b *builder) districtOf(r ConversionRow) string {
	if r.OldDistrictCode != "" {
		return r.OldDistrictCode
	}
	if i, ok := b.communeIdx[r.OldCode]; ok {
		return b.plan.Communes[i].DistrictCode
	}
	return ""
}

// byName returns the January communes of district whose name matches name.
func (b *builder) byName(district, name string, accept func(Commune) bool) []int {
	var out []int
	for _, i := range b.byDistrict[district] {
		c := b.plan.Communes[i]
		if compareNames(c.Name, name, communeKinds) == nameSame && (accept == nil || accept(c)) {
			out = append(out, i)
		}
	}
	return out
}

// fixCodes compares each old code of the conversion table with the January unit of that code.
// Where rows under one code name different units, the row whose name is not the January one
// carries a neighbour's code by mistake and gets the code of the unit its name matches in the
// same district. Where all rows agree on another name, the unit was renamed before July.
func (b *builder) fixCodes(rows []ConversionRow) {
	groups, codes := groupByOld(rows) // before the repairs
	for _, code := range codes {
		ci, ok := b.communeIdx[code]
		if !ok {
			continue
		}
		c := b.plan.Communes[ci]
		var differ, respelled []int
		for _, i := range groups[code] {
			if rows[i].OldName == "" {
				continue
			}
			switch compareNames(c.Name, rows[i].OldName, communeKinds) {
			case nameDifferent:
				differ = append(differ, i)
			case nameRespelled:
				respelled = append(respelled, i)
			}
		}
		agree := len(differ) > 0
		for _, i := range differ {
			agree = agree && compareNames(rows[differ[0]].OldName, rows[i].OldName, communeKinds) != nameDifferent
		}
		if len(differ) == len(groups[code]) && agree {
			r := rows[differ[0]]
			b.early(EarlyRenamed, c, r, fmt.Sprintf("cùng mã %s: danh sách tháng 1/2025 ghi %q, bảng chuyển đổi ghi %q (dòng %d)", code, c.Name, r.OldName, r.Line))
			continue
		}
		for _, i := range differ {
			r := &rows[i]
			m := b.byName(b.districtOf(*r), r.OldName, nil)
			if len(m) != 1 {
				b.problem(FileConversion, r.Line, "Mã Xã cũ", code, false, "mã %s là của %q trong danh sách tháng 1/2025 nhưng dòng này ghi %q, và không tìm được đơn vị nào tên %q trong cùng huyện",
					code, c.Name, r.OldName, r.OldName)
				continue
			}
			fixed := b.plan.Communes[m[0]]
			b.problem(FileConversion, r.Line, "Mã Xã cũ", code, true, "mã %s là của %q (các dòng khác cũng ghi vậy) nhưng dòng này ghi %q: dùng mã %s của %q cùng huyện",
				code, c.Name, r.OldName, fixed.Code, fixed.Name)
			r.OldCode = fixed.Code
		}
		if len(differ) == 0 {
			// Same unit. A different kind with the same name is a re-kinding (commune made a
			// ward); otherwise record the July-era spelling if it differs.
			for _, i := range groups[code] {
				r := rows[i]
				if k, _, ok := splitKind(r.OldName, communeKinds); ok && k != c.Kind {
					b.early(EarlyRenamed, c, r, fmt.Sprintf("cùng mã %s và tên: danh sách tháng 1/2025 ghi %q, bảng chuyển đổi ghi %q (dòng %d)", code, c.Name, r.OldName, r.Line))
					respelled = nil
					break
				}
			}
			if len(respelled) > 0 {
				r := rows[respelled[0]]
				b.early(EarlyRespelled, c, r, fmt.Sprintf("cùng mã %s: danh sách tháng 1/2025 ghi %q, bảng chuyển đổi ghi %q (dòng %d)", code, c.Name, r.OldName, r.Line))
			}
		}
	}
	b.claimed = map[string]bool{}
	for _, r := range rows {
		if _, ok := b.communeIdx[r.OldCode]; ok {
			b.claimed[r.OldCode] = true
		}
	}
}

func (b *builder) early(t EarlyType, c Commune, r ConversionRow, reason string) {
	name, _ := canonicalName(r.OldName, communeKinds)
	kind, _, ok := splitKind(name, communeKinds)
	if !ok {
		kind = c.Kind // "Xuân Phước" written without its kind
	}
	b.plan.Early = append(b.plan.Early, EarlyChange{Type: t, Level: LevelCommune, ProvinceCode: c.ProvinceCode, DistrictCode: c.DistrictCode,
		OldCode: c.Code, OldName: c.Name, OldKind: c.Kind, NewCode: r.OldCode, NewName: name, NewKind: kind, Reason: reason})
}

// renumber matches the old codes of the conversion table that are not in the January list to
// January units of the same district with the same name; those without a match appeared.
func (b *builder) renumber(rows []ConversionRow, groups map[string][]int, codes []string) {
	for _, code := range codes {
		if _, ok := b.communeIdx[code]; ok {
			continue
		}
		r := rows[groups[code][0]]
		for _, i := range groups[code][1:] {
			if compareNames(r.OldName, rows[i].OldName, communeKinds) == nameDifferent {
				b.problem(FileConversion, rows[i].Line, "Tên Xã cũ", code, false, "mã %s ghi cho cả %q (dòng %d) và %q", code, r.OldName, r.Line, rows[i].OldName)
			}
		}
		district := b.districtOf(r)
		free := func(c Commune) bool {
			_, taken := b.renumTo[c.Code]
			return !b.claimed[c.Code] && !taken
		}
		m := b.byName(district, r.OldName, free)
		name, _ := canonicalName(r.OldName, communeKinds)
		kind, _, _ := splitKind(name, communeKinds)
		if len(m) == 1 {
			c := b.plan.Communes[m[0]]
			b.renumFrom[code] = c.Code
			b.renumTo[c.Code] = code
			b.plan.Early = append(b.plan.Early, EarlyChange{Type: EarlyRenumbered, Level: LevelCommune, ProvinceCode: c.ProvinceCode,
				DistrictCode: c.DistrictCode, OldCode: c.Code, OldName: c.Name, OldKind: c.Kind, NewCode: code, NewName: name, NewKind: kind,
				Reason: fmt.Sprintf("mã %s không có trong danh sách tháng 1/2025; cùng tên với %q (mã %s) trong cùng huyện (dòng %d)", code, c.Name, c.Code, r.Line)})
			continue
		}
		province := r.OldProvinceCode
		if i, ok := b.districts[district]; ok {
			province = b.plan.Districts[i].ProvinceCode
		}
		e := EarlyChange{Type: EarlyAppeared, Level: LevelCommune, ProvinceCode: province, DistrictCode: district,
			NewCode: code, NewName: name, NewKind: kind,
			Reason: fmt.Sprintf("mã %s (%s) không có trong danh sách tháng 1/2025 và không có đơn vị cùng tên trong huyện %s (dòng %d)", code, name, district, r.Line)}
		b.plan.Early = append(b.plan.Early, e)
		b.problem(FileConversion, r.Line, "Mã Xã cũ", code, false, "%q (mã %s) không có trong danh sách tháng 1/2025 và không khớp tên đơn vị nào của huyện: coi là đơn vị mới lập trước 1/7/2025", name, code)
	}
}

// disappeared records the January units with no row in the conversion table, and works out
// which unit took each in: first a unit of the same district that carries its name in the table
// (Thị trấn Yên Châu → the old Viêng Lán, renamed Yên Châu), then the only unit of the district
// that appeared before July, then the only one renamed before July.
func (b *builder) disappeared(rows []ConversionRow) {
	var appeared, renamed = map[string][]string{}, map[string][]string{}
	for _, e := range b.plan.Early {
		if e.Level != LevelCommune {
			continue
		}
		switch e.Type {
		case EarlyAppeared:
			appeared[e.DistrictCode] = append(appeared[e.DistrictCode], e.NewCode)
		case EarlyRenamed:
			renamed[e.DistrictCode] = append(renamed[e.DistrictCode], e.NewCode)
		}
	}
	for _, c := range b.plan.Communes {
		if b.claimed[c.Code] {
			continue
		}
		if _, ok := b.renumTo[c.Code]; ok {
			continue
		}
		e := EarlyChange{Type: EarlyDisappeared, Level: LevelCommune, ProvinceCode: c.ProvinceCode, DistrictCode: c.DistrictCode,
			OldCode: c.Code, OldName: c.Name, OldKind: c.Kind}
		var byName []string
		for _, r := range rows {
			if r.OldCode != "" && r.OldCode != c.Code && b.districtOf(r) == c.DistrictCode &&
				compareNames(c.Name, r.OldName, communeKinds) == nameSame && !slices.Contains(byName, r.OldCode) {
				byName = append(byName, r.OldCode)
			}
		}
		switch {
		case len(byName) == 1:
			e.AbsorbedBy = byName[0]
			e.Reason = fmt.Sprintf("không có trong bảng chuyển đổi; đơn vị mã %s cùng huyện mang tên %q trong bảng", byName[0], c.Name)
		case len(byName) > 1:
			e.Candidates = byName
			e.Reason = fmt.Sprintf("không có trong bảng chuyển đổi; các đơn vị cùng huyện %s mang tên %q trong bảng", strings.Join(byName, ", "), c.Name)
		case len(appeared[c.DistrictCode]) == 1:
			e.AbsorbedBy = appeared[c.DistrictCode][0]
			e.Reason = fmt.Sprintf("không có trong bảng chuyển đổi; đơn vị mới lập duy nhất cùng huyện là mã %s", e.AbsorbedBy)
		case len(appeared[c.DistrictCode]) > 1:
			e.Candidates = appeared[c.DistrictCode]
			e.Reason = fmt.Sprintf("không có trong bảng chuyển đổi; có thể đã nhập vào một trong các đơn vị mới lập cùng huyện %s", strings.Join(e.Candidates, ", "))
		case len(renamed[c.DistrictCode]) == 1:
			e.AbsorbedBy = renamed[c.DistrictCode][0]
			e.Reason = fmt.Sprintf("không có trong bảng chuyển đổi; đơn vị đổi tên duy nhất cùng huyện là mã %s", e.AbsorbedBy)
		case len(renamed[c.DistrictCode]) > 1:
			e.Candidates = renamed[c.DistrictCode]
			e.Reason = fmt.Sprintf("không có trong bảng chuyển đổi; có thể đã nhập vào một trong các đơn vị đổi tên cùng huyện %s", strings.Join(e.Candidates, ", "))
		default:
			e.Reason = "không có trong bảng chuyển đổi; danh sách không cho biết đã nhập vào đơn vị nào"
		}
		b.plan.Early = append(b.plan.Early, e)
		if e.AbsorbedBy == "" {
			b.problem(FileJanuary, b.janLine[c.Code], "Mã PX", c.Code, false, "%q (mã %s, huyện %s) không có trong bảng chuyển đổi và không rõ đã nhập vào đơn vị nào trước 1/7/2025",
				c.Name, c.Code, c.DistrictCode)
		}
	}
}

// checkOldUnits checks that each old unit is used consistently: whole in one new unit, or in
// parts across several, or unchanged alone.
func (b *builder) checkOldUnits(rows []ConversionRow, groups map[string][]int, codes []string) {
	for _, code := range codes {
		var whole, partial, unchanged []string
		seen := map[string]int{}
		var first ConversionRow
		for n, i := range groups[code] {
			r := rows[i]
			if n == 0 {
				first = r
			}
			if prev, dup := seen[r.NewCode]; dup {
				b.problem(FileConversion, r.Line, "Mã Xã cũ", code, false, "%q (mã %s) ghi hai lần vào cùng đơn vị mới %s (dòng %d và dòng này)", r.OldName, code, r.NewCode, prev)
			}
			seen[r.NewCode] = r.Line
			switch r.Change {
			case ChangeWhole:
				whole = append(whole, r.NewCode)
			case ChangePartial:
				partial = append(partial, r.NewCode)
			case ChangeUnchanged:
				unchanged = append(unchanged, r.NewCode)
			}
		}
		n := len(groups[code])
		switch {
		case len(unchanged) > 0 && n > 1:
			b.problem(FileConversion, first.Line, "Ghi chú", code, false, "%q (mã %s) ghi giữ nguyên ở %s nhưng còn có trong đơn vị mới khác", first.OldName, code, strings.Join(unchanged, ", "))
		case len(whole) > 1:
			b.problem(FileConversion, first.Line, "Ghi chú", code, false, "%q (mã %s) ghi nhập toàn bộ vào nhiều đơn vị mới: %s", first.OldName, code, strings.Join(whole, ", "))
		case len(whole) == 1 && len(partial) > 0:
			b.problem(FileConversion, first.Line, "Ghi chú", code, true, "%q (mã %s) ghi nhập toàn bộ vào %s nhưng một phần vào %s (toàn bộ diện tích, một phần dân số): giữ như bảng ghi",
				first.OldName, code, whole[0], strings.Join(partial, ", "))
		case len(partial) == 1 && n == 1:
			b.problem(FileConversion, first.Line, "Ghi chú", code, false, "%q (mã %s) chỉ được nhập một phần vào %s; phần còn lại không có trong bảng chuyển đổi", first.OldName, code, partial[0])
		}
	}
}

func (b *builder) buildNewCommunes(rows []ConversionRow) {
	groups := map[string][]int{}
	var codes []string
	for i, r := range rows {
		if _, ok := groups[r.NewCode]; !ok {
			codes = append(codes, r.NewCode)
		}
		groups[r.NewCode] = append(groups[r.NewCode], i)
	}
	for code := range b.july {
		if _, ok := groups[code]; !ok {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	for _, code := range codes {
		j, inJuly := b.july[code]
		idx := groups[code]
		nc := NewCommune{Code: code, Name: j.name, Kind: j.kind}
		if len(idx) == 0 {
			b.problem(FileJuly, 0, "code", code, false, "%q (mã %s) không có trong bảng chuyển đổi", j.name, code)
			b.plan.NewCommunes = append(b.plan.NewCommunes, nc)
			continue
		}
		first := rows[idx[0]]
		nc.ProvinceCode = first.ProvinceCode
		if !inJuly {
			nc.Name, _ = canonicalName(first.NewName, newKinds)
			nc.Kind, _, _ = splitKind(nc.Name, newKinds)
			b.problem(FileConversion, first.Line, "Mã Xã mới", code, false, "%q (mã %s) không có trong danh sách đơn vị từ 1/7/2025", first.NewName, code)
		} else if looseKey(j.province, provinceKinds) != looseKey(first.ProvinceName, provinceKinds) {
			b.problem(FileConversion, first.Line, "Tỉnh, thành phố", code, false, "bảng chuyển đổi ghi %q thuộc %q, danh sách 1/7/2025 ghi thuộc %q", j.name, first.ProvinceName, j.province)
		}
		var names []string
		allUnchanged := true
		for _, i := range idx {
			r := rows[i]
			if name, _ := canonicalName(r.NewName, newKinds); !slices.Contains(names, name) {
				names = append(names, name)
				if inJuly && name != j.name {
					b.problem(FileConversion, r.Line, "Tên Xã mới", code, true, "bảng chuyển đổi ghi %q, danh sách 1/7/2025 ghi %q: dùng tên trong danh sách", r.NewName, j.name)
				}
			}
			if r.ProvinceCode != nc.ProvinceCode {
				b.problem(FileConversion, r.Line, "Tỉnh, thành phố", code, false, "đơn vị mới %s ghi thuộc tỉnh %s ở dòng %d nhưng thuộc tỉnh %s ở dòng này", code, nc.ProvinceCode, first.Line, r.ProvinceCode)
			}
			if r.Change != ChangeUnchanged {
				allUnchanged = false
			}
			if r.Change == ChangeDistrictToZone {
				if nc.FromDistrict != "" && nc.FromDistrict != r.OldDistrictCode {
					b.problem(FileConversion, r.Line, "Quận/huyện", code, false, "đặc khu %s ghi được lập từ cả huyện %s và huyện %s", code, nc.FromDistrict, r.OldDistrictCode)
				}
				nc.FromDistrict = r.OldDistrictCode
				if i, ok := b.districts[r.OldDistrictCode]; !ok {
					b.problem(FileConversion, r.Line, "Quận/huyện", code, false, "huyện %q không có trong danh sách tháng 1/2025", r.OldDistrictName)
				} else if len(b.byDistrict[r.OldDistrictCode]) > 0 {
					b.problem(FileConversion, r.Line, "Quận/huyện", code, false, "%q có %d xã trong danh sách tháng 1/2025 nhưng được ghi sắp xếp cả huyện không qua xã",
						b.plan.Districts[i].Name, len(b.byDistrict[r.OldDistrictCode]))
				}
				continue
			}
			name, _ := canonicalName(r.OldName, communeKinds)
			nc.Sources = append(nc.Sources, Source{OldCode: r.OldCode, OldName: name, DistrictCode: r.OldDistrictCode,
				Partial: r.Change == ChangePartial, Note: r.Note, Line: r.Line})
		}
		nc.Unchanged = allUnchanged && len(nc.Sources) == 1 && nc.FromDistrict == ""
		if allUnchanged && !nc.Unchanged {
			b.problem(FileConversion, first.Line, "Ghi chú", code, false, "%q ghi giữ nguyên nhưng được lập từ %d đơn vị cũ", nc.Name, len(nc.Sources))
		}
		if len(nc.Sources) == 0 && nc.FromDistrict == "" {
			b.problem(FileConversion, first.Line, "Tên Xã cũ", code, false, "%q (mã %s) không có đơn vị cũ nào", nc.Name, code)
		}
		b.plan.NewCommunes = append(b.plan.NewCommunes, nc)
	}
}

// describeOld names the old unit of a row for messages: the commune, or the district for an
// island district that has none.
func describeOld(r ConversionRow) string {
	if r.OldName != "" {
		return r.OldName
	}
	return r.OldDistrictName
}

// provinceOf returns the January province of an old unit named in a row: from its January
// commune, its renumbered January commune, or its district.
func (b *builder) provinceOf(r ConversionRow) string {
	code := r.OldCode
	if c, ok := b.renumFrom[code]; ok {
		code = c
	}
	if i, ok := b.communeIdx[code]; ok {
		return b.plan.Communes[i].ProvinceCode
	}
	if i, ok := b.districts[r.OldDistrictCode]; ok {
		return b.plan.Districts[i].ProvinceCode
	}
	return ""
}

func (b *builder) buildNewProvinces(rows []ConversionRow) {
	type acc struct {
		np      NewProvince
		sources map[string]bool
	}
	byCode := map[string]*acc{}
	var order []string
	into := map[string]string{} // January province → new province
	for _, r := range rows {
		a := byCode[r.ProvinceCode]
		if a == nil {
			name, _ := canonicalName(r.ProvinceName, provinceKinds)
			kind := KindProvince
			if k, _, _ := splitKind(name, provinceKinds); k == KindCity {
				kind = KindCentralCity
			}
			a = &acc{np: NewProvince{Code: r.ProvinceCode, Name: name, Kind: kind}, sources: map[string]bool{}}
			byCode[r.ProvinceCode] = a
			order = append(order, r.ProvinceCode)
		}
		old := b.provinceOf(r)
		if old == "" {
			b.problem(FileConversion, r.Line, "Tỉnh cũ", r.OldCode, false, "không xác định được tỉnh cũ của %q", describeOld(r))
			continue
		}
		if r.OldProvinceCode != "" && r.OldProvinceCode != old {
			b.problem(FileConversion, r.Line, "Tỉnh cũ", r.OldCode, true, "bảng chuyển đổi ghi %q thuộc %s (%s), danh sách tháng 1/2025 ghi thuộc %s (%s): dùng danh sách tháng 1/2025",
				describeOld(r), r.OldProvinceName, r.OldProvinceCode, b.plan.Provinces[b.provinces[old]].Name, old)
		}
		if prev, ok := into[old]; ok && prev != r.ProvinceCode {
			b.problem(FileConversion, r.Line, "Tỉnh, thành phố", r.OldCode, false, "tỉnh cũ %s có đơn vị vào cả tỉnh mới %s và %s", old, prev, r.ProvinceCode)
		}
		into[old] = r.ProvinceCode
		a.sources[old] = true
	}
	sort.Strings(order)
	for _, code := range order {
		a := byCode[code]
		for s := range a.sources {
			a.np.Sources = append(a.np.Sources, s)
		}
		sort.Strings(a.np.Sources)
		b.plan.NewProvinces = append(b.plan.NewProvinces, a.np)
	}
	for _, p := range b.plan.Provinces {
		if _, ok := into[p.Code]; !ok {
			b.problem(FileJanuary, 0, "Mã TP", p.Code, false, "%q không vào tỉnh mới nào trong bảng chuyển đổi", p.Name)
		}
	}
}
