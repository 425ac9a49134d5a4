package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/rules"
	"canbo/sqlstore"
	"canbo/vn"
	"canbo/vocab"
)

// PeopleAsOf is the day generated people are drawn for: ages, retirements, probations and
// careers are computed as of it, and everyone generated is visible in the city's party or state
// tree on it. A fixed day rather than the clock, so that a seed gives the same people whenever
// it runs. A post still held on this day is open: its end is recorded when it happens (an
// officer ends it, at retirement or before), as with real records; only posts that ended
// before this day carry an end. Posts that ended at a planned retirement could not be ended by
// hand (issue 10 item 6).
var PeopleAsOf = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Scales of GeneratePeople.
const (
	ScaleDemo   = "demo"
	ScaleCity   = "city"
	ScaleNation = "nation"
)

// ScalePeople is the number of people each scale generates.
//
//   - demo: 3,000 people, a few seconds: what `canbo demo` shows.
//   - city: Ho Chi Minh City's size, ≈ 420,000 people: ≈ 370,000 party members (the city had
//     ≈ 366,000 in 2025) and ≈ 120,000 cadres, civil servants and public employees, ≈ 70,000 of
//     them members too.
//   - nation: ≈ 6,000,000 people, the national party (5.6 million members in January 2026) and a
//     share of the public payroll, all placed in the one city's trees: a load test of the store
//     at national size, not a national model. Extrapolated from the city scale (not measured):
//     ≈ 7 GB of SQLite, ≈ 185,000 new cells, 20–30 minutes on two cores.
var ScalePeople = map[string]int{ScaleDemo: 3_000, ScaleCity: 420_000, ScaleNation: 6_000_000}

// Shares of the population generated: the city's 120,000 staff of 420,000 people; everyone else
// is a party member (a non-member outside the public sector would be in no tree at all).
const (
	staffShare   = 120.0 / 420.0
	dupShare     = 0.003 // near-duplicates: the same person typed twice
	typoShare    = 0.004 // names with a typing mistake
	retireeShare = 0.55  // of the non-staff members: retired (the bulk of neighbourhood cells)
	pastPostRate = 0.40  // of the retirees: a past post in the city's records
	probationary = 0.03  // of the members: admitted within the last 12 months
	badIDShare   = 0.005 // identity numbers that disagree with the birth year or sex
	yearOnly     = 0.03  // birth dates known only to the year
	monthOnly    = 0.05  // … only to the month
)

// Cells hold from minCell to maxCell members.
const (
	minCell = 5
	maxCell = 60
	// psuSize is the staff of a ward's school or health station, on average.
	psuSize = 90
	// wardStaffPerWard is the ward-level staff a ward gets before a second ward is staffed: a
	// small scale fills a few wards with realistic offices rather than every ward with one
	// person (the city scale staffs all 168).
	wardStaffPerWard = 60
)

// PeopleReport says what GeneratePeople did.
type PeopleReport struct {
	Name string // the import's name: people-SCALE-seedN[-COUNT]
	Ran  bool   // false when the import had already run: nothing changed
	// People counts everyone; the staff types partition those with a current post.
	People, Cadres, CivilServants, PublicEmployees, Contract int
	Members, Probationary                                    int
	Retirees                                                 int // retired members, some with past posts
	Posts                                                    int
	NewCells, NewUnits                                       int // party cells and public service units created
	NearDuplicates, Misspelled, InconsistentIDs              int
	Elapsed                                                  time.Duration
	Summary                                                  string

	// DuplicatePairs holds the ids of each near-duplicate's original and copy, so that the
	// data-cleaning tests can measure how many of them are found.
	DuplicatePairs [][2]int64
}

func (r *PeopleReport) summarize() {
	r.Summary = fmt.Sprintf("%d người: %d cán bộ, %d công chức, %d viên chức, %d hợp đồng; %d đảng viên (%d dự bị), %d đã nghỉ hưu; "+
		"%d chức vụ; tạo %d chi bộ và %d đơn vị sự nghiệp; %d hồ sơ trùng gần đúng, %d tên gõ sai, %d số định danh không khớp.",
		r.People, r.Cadres, r.CivilServants, r.PublicEmployees, r.Contract, r.Members, r.Probationary, r.Retirees,
		r.Posts, r.NewCells, r.NewUnits, r.NearDuplicates, r.Misspelled, r.InconsistentIDs)
}

// PeopleImportName names the import of a scale, seed and count (0: the scale's own).
func PeopleImportName(scale string, seed int64, people int) string {
	name := fmt.Sprintf("people-%s-seed%d", scale, seed)
	if people > 0 && people != ScalePeople[scale] {
		name += fmt.Sprintf("-%d", people)
	}
	return name
}

// GeneratePeople fills the demo trees of Ho Chi Minh City (at nation scale, of every province)
// with synthetic people: the same
// scale, seed and count always give the same people (math/rand/v2 PCG streams of the seed), and
// running it again changes nothing. people overrides the scale's count when positive. It loads
// the administrative units and the demo trees first when they are missing.
//
// What it draws, as of PeopleAsOf:
//   - names with the real frequencies of family names, middle and given names by sex (names.go);
//   - staff of the wards' people's committees and party committees, of schools and health
//     stations under the wards (created as needed), of the city's departments, party
//     commissions and public service units, with titles by rank (one head, deputies, then the
//     usual titles), ages 22 to retirement, more women in education and health; at nation
//     scale each province gets a share of the province-level staff by its wards' weight, and
//     its province-level staff live in its own wards;
//   - careers: a post from 21–27 years of age, often an earlier junior one, split at the
//     reform of 1 July 2025 for ward staff (the old ward's committee, then the new ward's), and
//     ended at the retirement computed by the rules package;
//   - party members: most cadres and civil servants, half the public employees, and everyone
//     else (retirees, many with a past post, and working residents): admitted at 18–40, full
//     members 12 months later, 3% still probationary; each in a cell of their ward's committee,
//     cells holding 5 to 60 members (new cells are created as needed, dated like the demo's);
//   - identity numbers that match the birth year and sex (their province's mostly), 0.5% that do
//     not, none repeated; 3% year-only and 5% month-year birth dates; 0.3% near-duplicates
//     (the same person typed again with a typo or another birth date format) and 0.4% typos.
func GeneratePeople(ctx context.Context, db *sqlstore.DB, scale string, seed int64, people int) (PeopleReport, error) {
	start := time.Now()
	n, ok := ScalePeople[scale]
	if !ok {
		return PeopleReport{}, canbo.Invalid("scale", "err.demo.people.scale", scale)
	}
	if people < 0 {
		return PeopleReport{}, canbo.Invalid("people", "err.demo.people.count")
	}
	if people > 0 {
		n = people
	}
	rep := PeopleReport{Name: PeopleImportName(scale, seed, people)}
	if done, err := db.Imported(ctx, rep.Name); err != nil || done {
		return rep, err
	}
	// Generated people of another seed or scale would clash with these (identity numbers, cell
	// sizes): one generated population per database.
	var others []string
	for s := range ScalePeople {
		names, err := db.ImportsLike(ctx, "people-"+s+"-seed")
		if err != nil {
			return rep, err
		}
		others = append(others, names...)
	}
	slices.Sort(others)
	for _, o := range others {
		if o != rep.Name+unitsSuffix {
			return rep, canbo.Errork(canbo.ECONFLICT, "err.demo.people.not_empty", o)
		}
	}
	Progress(ctx, "administrative units")
	if _, err := adminunits.Import(ctx, db); err != nil {
		return rep, err
	}
	Progress(ctx, "demo trees")
	if _, err := Trees(ctx, db); err != nil {
		return rep, err
	}
	if scale == ScaleNation {
		Progress(ctx, "demo trees of the other provinces")
		if _, err := ProvinceTrees(ctx, db); err != nil {
			return rep, err
		}
	}
	t, err := readTree(ctx, db)
	if err != nil {
		return rep, err
	}
	g := newGenerator(t, seed, n, &rep)
	Progress(ctx, "planning %d people", n)
	g.plan()
	Progress(ctx, "new cells and units")
	if err := g.createUnits(ctx, db, rep.Name+unitsSuffix); err != nil {
		return rep, err
	}
	if err := g.resolve(ctx, db); err != nil {
		return rep, err
	}
	rep.Ran, err = db.BulkPeople(ctx, rep.Name, func(add sqlstore.BulkAdd) error {
		if err := g.generate(ctx, add); err != nil {
			return err
		}
		Progress(ctx, "people: %d of %d queued; writing the last rows, building the indexes, committing", n, n)
		return nil
	})
	if err != nil {
		return rep, err
	}
	rep.Elapsed = time.Since(start)
	rep.summarize()
	return rep, nil
}

// unitsSuffix names the batch that creates the cells and schools a population needs.
const unitsSuffix = "-units"

// Names of the demo trees' roots.
const (
	partyRootName = "Đảng bộ Thành phố Hồ Chí Minh"
	stateRootName = "Ủy ban nhân dân Thành phố Hồ Chí Minh"
)

// named is a unit known by name.
type named struct {
	id   int64
	name string
}

// oldWard is a ward or commune before the reform, one of a new ward's predecessors.
type oldWard struct {
	name  string // "Phường Bến Nghé"
	label string // how cells name it: "Bến Nghé", or "Phường 12, Quận 3" for a numbered ward
	xa    bool   // a rural commune: its cells are hamlets (ấp)
	party int64  // its party committee
	state int64  // its people's committee
}

// ward is a ward or commune from 1 July 2025 with its committees.
type ward struct {
	name   string // "Phường Sài Gòn"
	prov   *provinceUnits
	party  int64
	state  int64
	old    []*oldWard
	cells  []named // cells of its party committee on PeopleAsOf, but those a generator made
	units  []named // units under its people's committee on PeopleAsOf, likewise
	weight float64
	urban  bool

	members int   // planned members in its cells
	cellIdx []int // its cells in the order they are filled (indices into generator.cells)
}

// provinceUnits is a province's two committees and the units its province-level staff work in.
type provinceUnits struct {
	province
	idCode       int // its identity-number prefix: 79 for 079
	party, state int64
	commissions  []named
	departments  []named
	divisions    [][]named // per department
	psus         []named
	wards        []int // indices into tree.wards
}

// tree is what GeneratePeople reads of the demo trees: Hồ Chí Minh City's, and at nation scale
// every province's, in code order.
type tree struct {
	provinces []*provinceUnits
	wards     []*ward
}

// readTree reads the demo trees as Trees and ProvinceTrees built them, leaving out the units a
// generator added (see generated), so that a run after an interrupted one plans the same
// population.
func readTree(ctx context.Context, db *sqlstore.DB) (*tree, error) {
	plan, err := adminunits.Load()
	if err != nil {
		return nil, err
	}
	roots := map[canbo.Hierarchy]map[string]int64{}
	for _, h := range []canbo.Hierarchy{canbo.Party, canbo.State} {
		units, _, err := db.FindUnits(ctx, canbo.UnitFilter{Hierarchy: h, Roots: true, AsOf: PeopleAsOf})
		if err != nil {
			return nil, err
		}
		roots[h] = map[string]int64{}
		for _, u := range units {
			roots[h][u.Name] = u.ID
		}
	}
	t := &tree{}
	for _, np := range plan.NewProvinces {
		pv := &provinceUnits{province: newProvince(np)}
		pv.party, pv.state = roots[canbo.Party][pv.partyRoot()], roots[canbo.State][pv.stateRoot()]
		if pv.party == 0 || pv.state == 0 {
			if np.Code == hcmc {
				return nil, canbo.Errork(canbo.ENOTFOUND, "err.demo.missing_tree", pv.partyRoot())
			}
			continue // a province whose trees this database has not built: city and demo scales
		}
		if pv.idCode, err = strconv.Atoi(np.Code); err != nil {
			return nil, err
		}
		if err := t.readProvince(ctx, db, pv); err != nil {
			return nil, err
		}
		t.provinces = append(t.provinces, pv)
	}
	if len(t.wards) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.demo.people.tree_incomplete")
	}
	if len(t.provinces) > 1 {
		// Across provinces a ward weighs the communes it was formed from in the conversion
		// table: the demo's city history leaves out Bình Dương's and Bà Rịa – Vũng Tàu's
		// communes, which would make Hồ Chí Minh City one of the smallest provinces.
		sources := map[[2]string]int{}
		for _, nc := range plan.NewCommunes {
			sources[[2]string{nc.ProvinceCode, nc.Name}] = len(nc.Sources)
		}
		for _, w := range t.wards {
			w.weight = 0.3 + float64(sources[[2]string{w.prov.code, w.name}])
		}
	}
	return t, nil
}

// readProvince reads one province's committees, units and wards.
func (t *tree) readProvince(ctx context.Context, db *sqlstore.DB, pv *provinceUnits) error {
	children := func(parent int64, on time.Time) ([]*canbo.Unit, error) {
		units, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: parent, AsOf: on})
		return units, err
	}
	party, err := children(pv.party, PeopleAsOf)
	if err != nil {
		return err
	}
	state, err := children(pv.state, PeopleAsOf)
	if err != nil {
		return err
	}
	ubnd := map[string]int64{}
	for _, u := range state {
		switch u.Kind {
		case "ubnd":
			ubnd[strings.TrimPrefix(u.Name, "Ủy ban nhân dân ")] = u.ID
		case "so":
			pv.departments = append(pv.departments, named{u.ID, u.Name})
			divs, err := children(u.ID, PeopleAsOf)
			if err != nil {
				return err
			}
			var ds []named
			for _, d := range divs {
				ds = append(ds, named{d.ID, d.Name})
			}
			pv.divisions = append(pv.divisions, ds)
		case "don_vi_su_nghiep":
			pv.psus = append(pv.psus, named{u.ID, u.Name})
		}
	}
	if len(pv.departments) == 0 {
		return canbo.Errork(canbo.ENOTFOUND, "err.demo.people.tree_incomplete")
	}
	before := adminunits.Reform.AddDate(0, 0, -1)
	for _, u := range party {
		switch u.Kind {
		case "ban_dang":
			pv.commissions = append(pv.commissions, named{u.ID, u.Name})
			continue
		case "dang_uy":
		default:
			continue
		}
		name := strings.TrimPrefix(u.Name, "Đảng bộ ")
		w := &ward{name: name, prov: pv, party: u.ID, state: ubnd[name], urban: !strings.HasPrefix(name, "Xã ")}
		if w.state == 0 {
			return canbo.Errork(canbo.ENOTFOUND, "err.demo.people.no_committee", name)
		}
		cells, err := children(u.ID, PeopleAsOf)
		if err != nil {
			return err
		}
		for _, c := range cells {
			if !generated(c.Name) {
				w.cells = append(w.cells, named{c.ID, c.Name})
			}
		}
		units, err := children(w.state, PeopleAsOf)
		if err != nil {
			return err
		}
		for _, c := range units {
			if !generated(c.Name) {
				w.units = append(w.units, named{c.ID, c.Name})
			}
		}
		// The old wards are the sources of the merges that formed the new committees.
		oldState := map[string]int64{}
		hist, err := db.UnitHistory(ctx, w.state, PeopleAsOf)
		if err != nil {
			return err
		}
		for _, ev := range hist {
			for _, l := range ev.Links {
				if ev.Kind == canbo.EventMerge && l.Role == canbo.RolePredecessor {
					oldState[strings.TrimPrefix(l.Name, "Ủy ban nhân dân ")] = l.UnitID
				}
			}
		}
		if hist, err = db.UnitHistory(ctx, u.ID, PeopleAsOf); err != nil {
			return err
		}
		for _, ev := range hist {
			for _, l := range ev.Links {
				if ev.Kind != canbo.EventMerge || l.Role != canbo.RolePredecessor {
					continue
				}
				oname := strings.TrimPrefix(l.Name, "Đảng bộ ")
				o := &oldWard{name: oname, label: shortName(oname), xa: strings.HasPrefix(oname, "Xã "), party: l.UnitID,
					state: oldState[oname]}
				if o.state == 0 {
					continue // the demo builds both trees from one plan; a stray one just gets no staff
				}
				if isNumber(o.label) {
					// "Phường 12" recurs in many districts: name the district too.
					if pu, err := db.FindUnit(ctx, o.party, before); err == nil {
						if dist, err := db.FindUnit(ctx, pu.ParentID, before); err == nil {
							o.label = oname + ", " + strings.TrimPrefix(dist.Name, "Đảng bộ ")
						}
					}
				}
				w.old = append(w.old, o)
			}
		}
		w.weight = 0.3 + float64(len(w.old))
		pv.wards = append(pv.wards, len(t.wards))
		t.wards = append(t.wards, w)
	}
	return nil
}

// generated reports whether a unit's name is one planCell or planPSUs gives: hamlets,
// apartment buildings, neighbourhoods from 4 on (Trees made 1 to 3), schools and health
// stations (Trees made none under the wards).
func generated(name string) bool {
	for _, p := range []string{"Chi bộ Ấp ", "Chi bộ Tòa nhà chung cư ", "Trường Tiểu học ", "Trường Mầm non ",
		"Trường Trung học cơ sở ", "Trạm Y tế "} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	if n, ok := strings.CutPrefix(name, "Chi bộ Khu phố "); ok {
		num, _, _ := strings.Cut(n, ",")
		return isNumber(num) && num != "1" && num != "2" && num != "3"
	}
	return false
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Categories of people.
const (
	catWardGov   = iota // the ward's people's committee
	catWardParty        // the ward's party committee
	catWardPSU          // the ward's schools and health station
	catCityDept         // the city's departments and their divisions
	catCityParty        // the City Party Committee's commissions
	catCityPSU          // the city's university, hospital, service centre
	catResident         // a working party member outside the public sector
	catRetiree          // a retired party member
	catDup              // a near-duplicate of a resident or retiree
)

// staffShares splits the staff among the categories: schools and clinics employ most of the
// public sector; the wards' committees about 110 people each at city scale.
var staffShares = [catCityPSU + 1]float64{0.13, 0.025, 0.62, 0.09, 0.015, 0.12}

// titleSpec is a title and what it implies.
type titleSpec struct {
	title  string
	typ    canbo.StaffType
	leader bool
	junior string // the title held before, for a career with a promotion
}

// profile describes the posts of a kind of unit.
type profile struct {
	head, deputy string
	leaderType   canbo.StaffType
	specials     []string // one each, after the deputies, in larger units
	titles       *weighted[titleSpec]
	junior       string
	female       float64 // share of women
	field        []string
	prof         *weighted[string] // professional qualification
}

func tspec(title string, typ canbo.StaffType) w[titleSpec] {
	return w[titleSpec]{v: titleSpec{title: title, typ: typ}}
}

func titles(items ...w[titleSpec]) []w[titleSpec] { return items }

func withWeights(items []w[titleSpec], wts ...float64) *weighted[titleSpec] {
	for i := range items {
		items[i].wt = wts[i]
	}
	return newWeighted(items...)
}

var (
	cs, pe, cadre, contract = canbo.StaffCivilServant, canbo.StaffPublicEmployee, canbo.StaffCadre, canbo.StaffContract

	profWardGov = &profile{head: "Chủ tịch Ủy ban nhân dân", deputy: "Phó Chủ tịch Ủy ban nhân dân", leaderType: cadre,
		specials: []string{"Chánh Văn phòng HĐND và UBND", "Trưởng phòng Kinh tế", "Trưởng phòng Văn hóa – Xã hội"},
		titles: withWeights(titles(tspec("Chuyên viên Văn phòng HĐND và UBND", cs), tspec("Chuyên viên Phòng Kinh tế", cs),
			tspec("Chuyên viên Phòng Văn hóa – Xã hội", cs), tspec("Chuyên viên Trung tâm Phục vụ hành chính công", cs),
			tspec("Phó Trưởng phòng Kinh tế", cs), tspec("Phó Trưởng phòng Văn hóa – Xã hội", cs), tspec("Văn thư", cs),
			tspec("Kế toán", cs), tspec("Nhân viên hợp đồng", contract)), 22, 22, 20, 14, 3, 3, 4, 4, 8),
		junior: "Chuyên viên", female: 0.48, field: []string{"Luật", "Kinh tế", "Quản lý nhà nước", "Hành chính học", "Xây dựng Đảng và Chính quyền nhà nước"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 75}, w[string]{"Thạc sĩ", 20}, w[string]{"Cao đẳng", 5}))}
	profWardParty = &profile{head: "Bí thư Đảng ủy", deputy: "Phó Bí thư Đảng ủy", leaderType: cadre,
		specials: []string{"Chánh Văn phòng Đảng ủy", "Trưởng Ban Xây dựng Đảng", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy"},
		titles: withWeights(titles(tspec("Chuyên viên Văn phòng Đảng ủy", cs), tspec("Chuyên viên Ban Xây dựng Đảng", cs),
			tspec("Chuyên viên Ủy ban Kiểm tra Đảng ủy", cs), tspec("Phó Trưởng Ban Xây dựng Đảng", cs), tspec("Văn thư", cs),
			tspec("Kế toán", cs)), 30, 30, 20, 5, 5, 5),
		junior: "Chuyên viên", female: 0.40, field: []string{"Xây dựng Đảng và Chính quyền nhà nước", "Chính trị học", "Luật", "Quản lý nhà nước"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 70}, w[string]{"Thạc sĩ", 28}, w[string]{"Tiến sĩ", 2}))}
	profSchool = &profile{head: "Hiệu trưởng", deputy: "Phó Hiệu trưởng", leaderType: pe,
		titles: withWeights(titles(tspec("Giáo viên", pe), tspec("Kế toán", pe), tspec("Văn thư", pe), tspec("Nhân viên thư viện", pe),
			tspec("Nhân viên y tế học đường", pe), tspec("Bảo vệ", contract)), 86, 2, 2, 2, 2, 3),
		junior: "Giáo viên", female: 0.78, field: []string{"Sư phạm Tiểu học", "Sư phạm Toán", "Sư phạm Ngữ văn", "Sư phạm Tiếng Anh", "Giáo dục Mầm non", "Sư phạm Vật lý"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 80}, w[string]{"Cao đẳng", 10}, w[string]{"Thạc sĩ", 10}))}
	profClinic = &profile{head: "Trạm trưởng", deputy: "Phó Trạm trưởng", leaderType: pe,
		titles: withWeights(titles(tspec("Bác sĩ", pe), tspec("Y sĩ", pe), tspec("Điều dưỡng", pe), tspec("Hộ sinh", pe),
			tspec("Dược sĩ", pe), tspec("Kế toán", pe)), 25, 20, 27, 10, 8, 3),
		junior: "Bác sĩ", female: 0.68, field: []string{"Y đa khoa", "Điều dưỡng", "Y học dự phòng", "Dược học", "Hộ sinh"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 55}, w[string]{"Cao đẳng", 30}, w[string]{"Thạc sĩ", 15}))}
	profDepartment = &profile{head: "Giám đốc Sở", deputy: "Phó Giám đốc Sở", leaderType: cs,
		junior: "Trưởng phòng", female: 0.35, field: []string{"Kinh tế", "Luật", "Quản lý nhà nước", "Tài chính – Ngân hàng"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Thạc sĩ", 60}, w[string]{"Tiến sĩ", 25}, w[string]{"Đại học", 15}))}
	profDivision = &profile{head: "Trưởng phòng", deputy: "Phó Trưởng phòng", leaderType: cs,
		titles: withWeights(titles(tspec("Chuyên viên", cs), tspec("Chuyên viên chính", cs), tspec("Cán sự", cs),
			tspec("Văn thư", cs), tspec("Kế toán", cs)), 70, 18, 5, 3, 4),
		junior: "Chuyên viên", female: 0.45, field: []string{"Kinh tế", "Luật", "Quản lý nhà nước", "Tài chính – Ngân hàng", "Công nghệ thông tin", "Xây dựng"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 70}, w[string]{"Thạc sĩ", 27}, w[string]{"Tiến sĩ", 3}))}
	profCommission = &profile{head: "Trưởng ban", deputy: "Phó Trưởng ban", leaderType: cadre,
		titles: withWeights(titles(tspec("Chuyên viên", cs), tspec("Chuyên viên chính", cs), tspec("Chuyên viên cao cấp", cs),
			tspec("Văn thư", cs)), 60, 30, 5, 5),
		junior: "Chuyên viên", female: 0.45, field: []string{"Xây dựng Đảng và Chính quyền nhà nước", "Chính trị học", "Luật", "Báo chí"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 55}, w[string]{"Thạc sĩ", 40}, w[string]{"Tiến sĩ", 5}))}
	profUniversity = &profile{head: "Hiệu trưởng", deputy: "Phó Hiệu trưởng", leaderType: pe,
		titles: withWeights(titles(tspec("Giảng viên", pe), tspec("Giảng viên chính", pe), tspec("Chuyên viên", pe),
			tspec("Kế toán", pe), tspec("Nhân viên", contract)), 55, 22, 15, 3, 5),
		junior: "Giảng viên", female: 0.55, field: []string{"Sư phạm Toán", "Ngôn ngữ Anh", "Công nghệ thông tin", "Kinh tế", "Luật", "Quản trị kinh doanh"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Thạc sĩ", 60}, w[string]{"Tiến sĩ", 30}, w[string]{"Đại học", 10}))}
	profHospital = &profile{head: "Giám đốc", deputy: "Phó Giám đốc", leaderType: pe,
		titles: withWeights(titles(tspec("Bác sĩ", pe), tspec("Điều dưỡng", pe), tspec("Kỹ thuật viên", pe), tspec("Dược sĩ", pe),
			tspec("Kế toán", pe), tspec("Hộ lý", contract)), 30, 40, 10, 5, 3, 7),
		junior: "Bác sĩ", female: 0.65, field: []string{"Y đa khoa", "Điều dưỡng", "Dược học", "Kỹ thuật xét nghiệm y học", "Chẩn đoán hình ảnh"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 50}, w[string]{"Cao đẳng", 20}, w[string]{"Thạc sĩ", 25}, w[string]{"Tiến sĩ", 5}))}
	profCentre = &profile{head: "Giám đốc", deputy: "Phó Giám đốc", leaderType: pe,
		titles: withWeights(titles(tspec("Chuyên viên", pe), tspec("Nhân viên", pe), tspec("Kế toán", pe)), 75, 20, 5),
		junior: "Chuyên viên", female: 0.55, field: []string{"Luật", "Quản lý nhà nước", "Công nghệ thông tin", "Hành chính học"},
		prof: coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 80}, w[string]{"Thạc sĩ", 15}, w[string]{"Cao đẳng", 5}))}
)

// deputies is the number of deputies a unit of n people has.
func deputies(n int) int {
	switch {
	case n >= 30:
		return 3
	case n >= 10:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// staffUnit is a unit that employs generated staff.
type staffUnit struct {
	id      int64 // 0 until a planned unit is created
	name    string
	cat     int
	ward    int // index in tree.wards, -1 for a province's units
	prov    int // a province's unit: its index in tree.provinces
	prof    *profile
	size    int
	issuer  string
	docForm string // "%d/QĐ-UBND"
	planned *plannedUnit
}

// plannedUnit is a cell or public service unit to create: at the start of the records under an
// old ward's committee and moved to the new ward's at the reform, as the demo's own cells were;
// at the reform under the new ward's committee when the ward had no predecessor.
type plannedUnit struct {
	name      string
	kind      string
	h         canbo.Hierarchy
	oldParent int64
	newParent int64
}

// cellPlan is a cell that receives members.
type cellPlan struct {
	id      int64
	ward    int
	size    int
	planned *plannedUnit
}

// slot is one person to generate, as planned.
type slot struct {
	cat    uint8
	member bool
	ward   int16
	title  int32 // index into generator.titles; -1 for none
	unit   int32 // index into generator.units; -1 for none
	cell   int32 // index into generator.cells; -1 for none
}

// generator plans and draws a population.
type generator struct {
	t      *tree
	n      int
	rep    *PeopleReport
	pr     *rand.Rand // the plan's stream
	r      *rand.Rand // the people's stream
	units  []*staffUnit
	cells  []*cellPlan
	slots  []slot
	order  []int32
	titles []titleSpec
	tIndex map[titleSpec]int32

	rules     *rules.Set
	retireNow rules.RetirementParams
	retired   map[retireKey]rules.RetirementResult
	probation rules.ProbationParams
	ids       *identities
	staffNo   int
	cardNo    int
	// originals keeps, per cell, a person the near-duplicates of that cell copy.
	originals map[int32]*original
	byWard    map[int16]*original
	// copied is the original the last near-duplicate drawn copies; made is the original the
	// last person drawn became, until adding them gives it its id.
	copied, made *original
}

// original is what a near-duplicate copies.
type original struct {
	name     Name
	birth    time.Time
	stored   string
	identity string
	admitted string
	id       int64
}

func newGenerator(t *tree, seed int64, n int, rep *PeopleReport) *generator {
	g := &generator{t: t, n: n, rep: rep, pr: newRand(seed, streamPlan), r: newRand(seed, streamPeople),
		tIndex: map[titleSpec]int32{}, rules: rules.Defaults(), originals: map[int32]*original{}, byWard: map[int16]*original{},
		retired: map[retireKey]rules.RetirementResult{}}
	var err error
	if g.retireNow, err = g.rules.Retirement(PeopleAsOf); err != nil {
		panic(err) // the embedded defaults cover every day from 2013; their tests guard this
	}
	if g.probation, err = g.rules.Probation(PeopleAsOf); err != nil {
		panic(err)
	}
	g.ids = newIdentities(newRand(seed, streamIdentity))
	return g
}

func (g *generator) title(t titleSpec) int32 {
	if i, ok := g.tIndex[t]; ok {
		return i
	}
	g.titles = append(g.titles, t)
	g.tIndex[t] = int32(len(g.titles) - 1)
	return int32(len(g.titles) - 1)
}

// split divides total among weights by largest remainders: the parts add up to total exactly.
func split(total int, weights []float64) []int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	if sum == 0 || total == 0 {
		return out
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(total) * w / sum
		out[i] = int(x)
		given += out[i]
		rems[i] = rem{i, x - float64(out[i])}
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.f, a.f) })
	for k := 0; given < total; k++ {
		out[rems[k%len(rems)].i]++
		given++
	}
	return out
}

// plan decides who everyone is — category, unit, title, ward, membership, cell — before anyone
// is drawn, because cell sizes and the units to create depend on the whole population.
func (g *generator) plan() {
	r := g.pr
	t := g.t
	nStaff := int(float64(g.n)*staffShare + 0.5)
	nDup := int(float64(g.n)*dupShare + 0.5)
	nOther := g.n - nStaff - nDup
	nRetiree := int(float64(nOther)*retireeShare + 0.5)
	catCount := split(nStaff, staffShares[:])

	// Ward-level staff go to fully staffed wards: all of them at city scale, a few at demo scale.
	wardStaff := catCount[catWardGov] + catCount[catWardParty] + catCount[catWardPSU]
	nStaffed := min(max(1, (wardStaff+wardStaffPerWard/2)/wardStaffPerWard), len(t.wards))
	staffed := r.Perm(len(t.wards))[:nStaffed]
	slices.Sort(staffed)
	weights := make([]float64, len(staffed))
	for i, wi := range staffed {
		weights[i] = t.wards[wi].weight * (0.7 + 0.6*r.Float64())
	}
	for _, cat := range []int{catWardGov, catWardParty, catWardPSU} {
		counts := split(catCount[cat], weights)
		for i, wi := range staffed {
			w := t.wards[wi]
			switch cat {
			case catWardGov:
				g.addUnit(&staffUnit{id: w.state, name: "Ủy ban nhân dân " + w.name, cat: cat, ward: wi, prof: profWardGov,
					size: counts[i], issuer: "Ủy ban nhân dân " + w.name, docForm: "%d/QĐ-UBND"})
			case catWardParty:
				g.addUnit(&staffUnit{id: w.party, name: "Đảng bộ " + w.name, cat: cat, ward: wi, prof: profWardParty,
					size: counts[i], issuer: "Ban Thường vụ " + w.prov.committee(), docForm: "%d-QĐ/TU"})
			case catWardPSU:
				g.planPSUs(wi, counts[i])
			}
		}
	}
	// Each province's departments, commissions and public service units, by its wards' weight.
	pw := make([]float64, len(t.provinces))
	for i, pv := range t.provinces {
		pw[i] = t.weight(pv)
	}
	depts, comms, psus := split(catCount[catCityDept], pw), split(catCount[catCityParty], pw), split(catCount[catCityPSU], pw)
	for i, pv := range t.provinces {
		g.planProvince(pv, i, depts[i], comms[i], psus[i])
	}

	// Staff slots, with their titles and membership.
	allWeights := make([]float64, len(t.wards))
	for i, w := range t.wards {
		allWeights[i] = w.weight * (0.7 + 0.6*r.Float64())
	}
	picker := func(wards []int) *weighted[int] {
		out := make([]w[int], len(wards))
		for i, wi := range wards {
			out[i] = w[int]{wi, allWeights[wi]}
		}
		return newWeighted(out...)
	}
	all := make([]int, len(t.wards))
	for i := range all {
		all[i] = i
	}
	wardPicker := picker(all)
	// Province-level staff live in their own province.
	provPicker := make([]*weighted[int], len(t.provinces))
	for i, pv := range t.provinces {
		provPicker[i] = picker(pv.wards)
	}
	g.slots = make([]slot, 0, g.n)
	for ui, u := range g.units {
		deps := deputies(u.size)
		for rank := range u.size {
			var ts titleSpec
			switch {
			case rank == 0:
				ts = titleSpec{title: u.prof.head, typ: u.prof.leaderType, leader: true, junior: u.prof.deputy}
			case rank <= deps:
				ts = titleSpec{title: u.prof.deputy, typ: u.prof.leaderType, leader: true, junior: u.prof.junior}
			case rank-deps-1 < len(u.prof.specials) && u.size >= 12:
				ts = titleSpec{title: u.prof.specials[rank-deps-1], typ: cs, leader: true, junior: u.prof.junior}
			case u.prof.titles == nil:
				ts = titleSpec{title: u.prof.deputy, typ: u.prof.leaderType, leader: true, junior: u.prof.junior}
			default:
				ts = u.prof.titles.pick(r)
			}
			s := slot{cat: uint8(u.cat), title: g.title(ts), unit: int32(ui), cell: -1}
			s.member = r.Float64() < memberRate(u.cat, ts)
			if u.ward >= 0 {
				s.ward = int16(u.ward)
			} else {
				s.ward = int16(provPicker[u.prov].pick(r))
			}
			g.slots = append(g.slots, s)
		}
	}
	for i := range nOther + nDup {
		cat := uint8(catResident)
		switch {
		case i >= nOther:
			cat = catDup
		case i < nRetiree:
			cat = catRetiree
		}
		g.slots = append(g.slots, slot{cat: cat, member: true, ward: int16(wardPicker.pick(r)), title: -1, unit: -1, cell: -1})
	}
	// Everyone in a random order (their ids), near-duplicates last: typed again later.
	g.order = make([]int32, 0, len(g.slots))
	dups := make([]int32, 0, nDup)
	for _, i := range r.Perm(len(g.slots)) {
		if g.slots[i].cat == catDup {
			dups = append(dups, int32(i))
		} else {
			g.order = append(g.order, int32(i))
		}
	}
	g.order = append(g.order, dups...)
	g.planCells()
}

// planProvince plans the staff of a province's departments (four leaders each, the rest in the
// divisions), party commissions and public service units; pi is its index in tree.provinces.
func (g *generator) planProvince(pv *provinceUnits, pi, dept, party, psu int) {
	var divisions []named
	for _, ds := range pv.divisions {
		divisions = append(divisions, ds...)
	}
	issuer := pv.stateRoot()
	leaders := min(4*len(pv.departments), dept/3)
	for i, n := range split(leaders, ones(len(pv.departments))) {
		d := pv.departments[i]
		g.addUnit(&staffUnit{id: d.id, name: d.name, cat: catCityDept, ward: -1, prov: pi, prof: profDepartment, size: n,
			issuer: issuer, docForm: "%d/QĐ-UBND"})
	}
	for i, n := range split(dept-leaders, ones(len(divisions))) {
		g.addUnit(&staffUnit{id: divisions[i].id, name: divisions[i].name, cat: catCityDept, ward: -1, prov: pi, prof: profDivision,
			size: n, issuer: issuer, docForm: "%d/QĐ-UBND"})
	}
	for i, n := range split(party, ones(len(pv.commissions))) {
		c := pv.commissions[i]
		g.addUnit(&staffUnit{id: c.id, name: c.name, cat: catCityParty, ward: -1, prov: pi, prof: profCommission, size: n,
			issuer: "Ban Thường vụ " + pv.committee(), docForm: "%d-QĐ/TU"})
	}
	psuWeights := make([]float64, len(pv.psus))
	for i, u := range pv.psus {
		_, psuWeights[i] = psuProfile(u.name)
	}
	for i, n := range split(psu, psuWeights) {
		u := pv.psus[i]
		p, _ := psuProfile(u.name)
		g.addUnit(&staffUnit{id: u.id, name: u.name, cat: catCityPSU, ward: -1, prov: pi, prof: p, size: n, issuer: u.name,
			docForm: "%d/QĐ-TCCB"})
	}
}

// psuProfile is the profile of a province's public service unit, by the kind its name says, and
// its share of the province's public service staff.
func psuProfile(name string) (*profile, float64) {
	switch {
	case strings.HasPrefix(name, "Trường"):
		return profUniversity, 0.30
	case strings.HasPrefix(name, "Bệnh viện"):
		return profHospital, 0.55
	}
	return profCentre, 0.15
}

// weight is a province's wards' weight.
func (t *tree) weight(pv *provinceUnits) float64 {
	sum := 0.0
	for _, wi := range pv.wards {
		sum += t.wards[wi].weight
	}
	return sum
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// memberRate is the share of party members among staff: every leader and everyone in a party
// agency, most civil servants, about half the public employees, few contract workers.
func memberRate(cat int, t titleSpec) float64 {
	switch {
	case t.leader, t.typ == canbo.StaffCadre, cat == catWardParty, cat == catCityParty:
		return 1
	case t.typ == canbo.StaffCivilServant:
		return 0.85
	case t.typ == canbo.StaffPublicEmployee:
		return 0.45
	}
	return 0.15
}

func (g *generator) addUnit(u *staffUnit) {
	if u.size > 0 {
		g.units = append(g.units, u)
	}
}

// Names of the schools a ward's people's committee runs: historical figures for primary and
// lower secondary schools, flowers and birds for kindergartens, as the city's schools are named.
var (
	schoolFigures = []string{"Lê Quý Đôn", "Nguyễn Du", "Trần Hưng Đạo", "Lê Lợi", "Nguyễn Trãi", "Quang Trung", "Hai Bà Trưng",
		"Lý Thường Kiệt", "Chu Văn An", "Nguyễn Bỉnh Khiêm", "Trần Quốc Toản", "Võ Thị Sáu", "Nguyễn Thị Minh Khai", "Lê Văn Tám",
		"Kim Đồng", "Phan Chu Trinh", "Phan Bội Châu", "Nguyễn Đình Chiểu", "Trương Định", "Nguyễn Văn Trỗi", "Hùng Vương",
		"Ngô Quyền", "Đinh Tiên Hoàng", "Lê Thánh Tông", "Nguyễn Hiền", "Lương Thế Vinh", "Tô Hiến Thành", "Mạc Đĩnh Chi",
		"Huỳnh Thúc Kháng", "Trần Phú", "Lê Hồng Phong", "Nguyễn Thái Học", "Hoàng Hoa Thám", "Đoàn Thị Điểm", "Bùi Thị Xuân",
		"Nguyễn Khuyến", "Trần Quang Khải", "Phạm Ngũ Lão", "Yết Kiêu", "Lê Anh Xuân", "Nguyễn An Ninh", "Võ Trường Toản",
		"Lý Tự Trọng", "Nguyễn Văn Cừ", "Trần Đại Nghĩa", "Lê Ngọc Hân", "Nguyễn Huệ", "Đống Đa", "Bạch Đằng", "Chi Lăng"}
	kindergartens = []string{"Hoa Sen", "Hoa Mai", "Sơn Ca", "Họa Mi", "Vàng Anh", "Tuổi Thơ", "Măng Non", "Rạng Đông",
		"Hướng Dương", "Sao Mai", "Thỏ Ngọc", "Bé Ngoan", "Hoa Hồng", "Ban Mai", "Bình Minh", "Hoa Lan", "Búp Bê", "Thiên Thần",
		"Ánh Dương", "Hoa Cúc", "Sen Hồng", "Anh Đào", "Tuổi Ngọc", "Hoa Phượng"}
	buildings = []string{"An Phú", "Bình Minh", "Hòa Bình", "Phú Mỹ", "Sao Mai", "Hoàng Anh", "Thái An", "Tân Phước", "Bàu Cát",
		"Ngọc Lan", "Hưng Phát", "Phúc Lộc", "Kim Hồng", "Hạnh Phúc", "Ánh Sáng", "Thịnh Vượng", "Sông Xanh", "Trường Sơn",
		"Cửu Long", "Bến Thành", "Phú Thọ", "Lạc Hồng", "Vạn Phúc", "An Khang"}
)

// planPSUs plans a ward's schools and health station for n staff.
func (g *generator) planPSUs(wi, n int) {
	if n == 0 {
		return
	}
	w := g.t.wards[wi]
	k := max(1, (n+psuSize/2)/psuSize)
	sizes := split(n, ones(k))
	figures := g.pr.Perm(len(schoolFigures))
	flowers := g.pr.Perm(len(kindergartens))
	taken := map[string]bool{}
	for _, u := range w.units {
		taken[u.name] = true
	}
	fi, ki := 0, 0
	for j := range k {
		var name string
		p := profSchool
		old := g.oldOf(w, j)
		switch {
		case j%4 == 3 && j < 4:
			p = profClinic
			name = "Trạm Y tế " + w.name
		case j%4 == 1:
			name = fmt.Sprintf("Trường Mầm non %s", kindergartens[flowers[ki%len(flowers)]])
			if ki >= len(flowers) {
				name += fmt.Sprintf(" %d", ki/len(flowers)+1)
			}
			ki++
		default:
			level := "Tiểu học"
			if j%4 == 2 || j%4 == 3 {
				level = "Trung học cơ sở"
			}
			name = fmt.Sprintf("Trường %s %s", level, schoolFigures[figures[fi%len(figures)]])
			if fi >= len(figures) {
				name += fmt.Sprintf(" %d", fi/len(figures)+1)
			}
			fi++
		}
		for base, i := name, 2; taken[name]; i++ {
			name = fmt.Sprintf("%s %d", base, i)
		}
		taken[name] = true
		pu := &plannedUnit{name: name, kind: "don_vi_su_nghiep", h: canbo.State, newParent: w.state}
		if old != nil {
			pu.oldParent = old.state
		}
		g.addUnit(&staffUnit{name: name, cat: catWardPSU, ward: wi, prof: p, size: sizes[j], planned: pu,
			issuer: "Ủy ban nhân dân " + w.name, docForm: "%d/QĐ-UBND"})
	}
}

// oldOf returns the old ward the j-th new unit of a ward is created under, round robin.
func (g *generator) oldOf(w *ward, j int) *oldWard {
	if len(w.old) == 0 {
		return nil
	}
	return w.old[j%len(w.old)]
}

// planCells sizes each ward's cells and assigns every member to one, in the order people are
// generated: cells are filled one after another.
func (g *generator) planCells() {
	r := g.pr
	t := g.t
	for _, i := range g.order {
		if s := &g.slots[i]; s.member {
			t.wards[s.ward].members++
		}
	}
	// A ward with a handful of members cannot make a cell of five: they join the ward with the
	// most members.
	biggest := 0
	for i, w := range t.wards {
		if w.members > t.wards[biggest].members {
			biggest = i
		}
	}
	for _, i := range g.order {
		s := &g.slots[i]
		if s.member && t.wards[s.ward].members < minCell {
			t.wards[s.ward].members--
			s.ward = int16(biggest)
			t.wards[biggest].members++
		}
	}
	for wi, w := range t.wards {
		m := w.members
		if m == 0 {
			continue
		}
		lo, hi := (m+maxCell-1)/maxCell, m/minCell
		target := 20 + r.IntN(19)
		k := min(max((m+target/2)/target, lo), hi)
		k = max(k, min(len(w.cells), hi))
		sizes := split(m, ones(k))
		for range k {
			a, b := r.IntN(k), r.IntN(k)
			if a == b {
				continue
			}
			room := min(sizes[a]-minCell, maxCell-sizes[b])
			if room > 0 {
				d := r.IntN(room/2 + 1)
				sizes[a] -= d
				sizes[b] += d
			}
		}
		names := &cellNames{taken: map[string]bool{}, below: map[cellName]int{}, known: map[cellName]bool{}}
		for _, c := range w.cells {
			names.taken[c.name] = true
		}
		for j := range k {
			c := &cellPlan{ward: wi, size: sizes[j]}
			if j < len(w.cells) {
				c.id = w.cells[j].id
			} else {
				c.planned = g.planCell(w, j-len(w.cells), names)
			}
			w.cellIdx = append(w.cellIdx, len(g.cells))
			g.cells = append(g.cells, c)
		}
	}
	fill := make([]int, len(t.wards))  // index into the ward's cellIdx
	count := make([]int, len(t.wards)) // members in the current cell
	for _, i := range g.order {
		s := &g.slots[i]
		if !s.member {
			continue
		}
		w := t.wards[s.ward]
		c := w.cellIdx[fill[s.ward]]
		s.cell = int32(c)
		count[s.ward]++
		if count[s.ward] == g.cells[c].size && fill[s.ward] < len(w.cellIdx)-1 {
			fill[s.ward]++
			count[s.ward] = 0
		}
	}
}

// cellNames are the cell names taken in one ward, with what planCell has learnt of them. Names
// are only ever added, so a name once found taken stays taken: known holds the numbered and
// building names found taken, and below[format, label] a number every numbered name of the
// format is taken below. planCell asks the same questions in the same order and draws the same
// random numbers as when it formatted and looked up every candidate, so the names are the same;
// only a nation-scale ward's thousand new cells no longer cost a million formatted candidates
// each (6,000,000 people: 220 s of planning).
type cellNames struct {
	taken map[string]bool
	below map[cellName]int
	known map[cellName]bool
}

// cellName is a cell's name before formatting: a numbered one (format, label, n) or an
// apartment building's (label, building, letter; letter 0: none).
type cellName struct {
	format, label string
	n             int
	letter        rune
}

// numbered reports whether the name of format f numbered n (numbers start at first) is taken.
func (c *cellNames) numbered(f, label string, first, n int) (string, bool) {
	prefix := cellName{format: f, label: label}
	b := max(c.below[prefix], first)
	key := cellName{format: f, label: label, n: n}
	if n < b || c.known[key] {
		return "", true
	}
	name := fmt.Sprintf(f, n, label)
	if !c.taken[name] {
		return name, false
	}
	c.known[key] = true
	for c.known[cellName{format: f, label: label, n: b}] {
		b++
	}
	c.below[prefix] = b
	return "", true
}

// building reports whether the name of building b (with letter, if not 0) is taken.
func (c *cellNames) building(label string, b int, letter rune) (string, bool) {
	key := cellName{label: label, n: b, letter: letter}
	if c.known[key] {
		return "", true
	}
	name := fmt.Sprintf("Chi bộ Tòa nhà chung cư %s, %s", buildings[b], label)
	if letter != 0 {
		name = fmt.Sprintf("Chi bộ Tòa nhà chung cư %s %c, %s", buildings[b], letter, label)
	}
	if c.taken[name] {
		c.known[key] = true
		return "", true
	}
	return name, false
}

// planCell names the j-th new cell of a ward: a neighbourhood (khu phố) or, in urban wards, an
// apartment building (tòa nhà chung cư); a hamlet (ấp) in a rural commune.
func (g *generator) planCell(w *ward, j int, names *cellNames) *plannedUnit {
	r := g.pr
	old := g.oldOf(w, j)
	label, xa := w.name, !w.urban
	if old != nil {
		label, xa = old.label, old.xa
	}
	if !isNumber(label) && old == nil {
		label = shortName(label)
	}
	var name string
	for n, taken := 1, true; taken; n++ {
		switch {
		case xa:
			name, taken = names.numbered("Chi bộ Ấp %d, %s", label, 1, n)
		case w.urban && r.IntN(5) == 0:
			b := r.IntN(len(buildings))
			if name, taken = names.building(label, b, 0); taken {
				name, taken = names.building(label, b, 'A'+rune(r.IntN(8)))
			}
		default:
			name, taken = names.numbered("Chi bộ Khu phố %d, %s", label, 4, n+3) // the demo made khu phố 1–3
		}
	}
	names.taken[name] = true
	pu := &plannedUnit{name: name, kind: "chi_bo_truc_thuoc", h: canbo.Party, newParent: w.party}
	if old != nil {
		pu.oldParent = old.party
	}
	return pu
}

// createUnits creates the planned cells and schools in one batch, once: a second run finds the
// batch recorded and the units in place.
func (g *generator) createUnits(ctx context.Context, db *sqlstore.DB, name string) error {
	var todo []*plannedUnit
	for _, u := range g.units {
		if u.planned != nil {
			todo = append(todo, u.planned)
		}
	}
	for _, c := range g.cells {
		if c.planned != nil {
			todo = append(todo, c.planned)
			g.rep.NewCells++
		}
	}
	g.rep.NewUnits = len(todo) - g.rep.NewCells
	if len(todo) == 0 {
		return nil
	}
	_, err := db.Batch(ctx, name, func(b *sqlstore.Batcher) (string, error) {
		for _, u := range todo {
			nu := &canbo.NewUnit{Hierarchy: u.h, Name: u.name, Kind: u.kind, ParentID: u.newParent}
			if u.oldParent == 0 {
				if _, err := b.Event(canbo.EventInput{Kind: canbo.EventCreate, Date: adminunits.Reform, Note: demoNote, New: nu}); err != nil {
					return "", fmt.Errorf("%s: %w", u.name, err)
				}
				continue
			}
			nu.ParentID = u.oldParent
			created, err := b.Event(canbo.EventInput{Kind: canbo.EventCreate, Note: demoNote, New: nu})
			if err != nil {
				return "", fmt.Errorf("%s: %w", u.name, err)
			}
			if _, err := b.Event(canbo.EventInput{Kind: canbo.EventMove, Date: adminunits.Reform, Note: demoNote, UnitID: created[0],
				ParentID: u.newParent}); err != nil {
				return "", fmt.Errorf("%s: %w", u.name, err)
			}
		}
		return fmt.Sprintf("Đơn vị cho dữ liệu người minh họa: %d chi bộ, %d đơn vị sự nghiệp.", g.rep.NewCells, g.rep.NewUnits), nil
	})
	return err
}

// resolve finds the ids of the planned units by name under their new parents: by name, not by
// the ids the batch returned, so that a run after an interrupted one finds them too.
func (g *generator) resolve(ctx context.Context, db *sqlstore.DB) error {
	ids := map[int64]map[string]int64{}
	find := func(parent int64, name string) (int64, error) {
		m, ok := ids[parent]
		if !ok {
			units, _, err := db.FindUnits(ctx, canbo.UnitFilter{Parent: parent, AsOf: PeopleAsOf})
			if err != nil {
				return 0, err
			}
			m = map[string]int64{}
			for _, u := range units {
				m[u.Name] = u.ID
			}
			ids[parent] = m
		}
		if id := m[name]; id != 0 {
			return id, nil
		}
		return 0, canbo.Errork(canbo.ENOTFOUND, "err.demo.people.no_unit", name)
	}
	var err error
	for _, u := range g.units {
		if u.planned != nil {
			if u.id, err = find(u.planned.newParent, u.planned.name); err != nil {
				return err
			}
		}
	}
	for _, c := range g.cells {
		if c.planned != nil {
			if c.id, err = find(c.planned.newParent, c.planned.name); err != nil {
				return err
			}
		}
	}
	return nil
}

// Age tables: weights of whole years of age on PeopleAsOf.
var (
	ageStaff    = ages(22, 62, func(a int) float64 { return rampUp(a, 22, 30, 0.4) * rampDown(a, 50, 62, 0.35) })
	ageDeputy   = ages(33, 62, func(a int) float64 { return rampUp(a, 33, 42, 0.3) * rampDown(a, 54, 62, 0.5) })
	ageHead     = ages(38, 62, func(a int) float64 { return rampUp(a, 38, 48, 0.3) * rampDown(a, 56, 62, 0.6) })
	ageRetiree  = ages(56, 95, func(a int) float64 { return rampDown(a, 66, 95, 0.05) })
	ageResident = ages(20, 60, func(a int) float64 { return rampUp(a, 20, 28, 0.3) })
	// Admission to the party: years after the 18th birthday, most in the twenties.
	admissionYears = ages(0, 22, func(a int) float64 { return rampUp(a, 0, 5, 0.2) * rampDown(a, 6, 22, 0.1) })
)

func ages(lo, hi int, f func(int) float64) *weighted[int] {
	var items []w[int]
	for a := lo; a <= hi; a++ {
		items = append(items, w[int]{a, f(a)})
	}
	return newWeighted(items...)
}

// rampUp rises linearly from floor at lo to 1 at hi; rampDown falls from 1 at lo to floor at hi.
func rampUp(a, lo, hi int, floor float64) float64 {
	if a >= hi {
		return 1
	}
	return floor + (1-floor)*float64(a-lo)/float64(hi-lo)
}

func rampDown(a, lo, hi int, floor float64) float64 {
	if a <= lo {
		return 1
	}
	return 1 - (1-floor)*float64(a-lo)/float64(hi-lo)
}

// Provinces where births were registered, besides the city itself (identity prefix 079): the
// Mekong delta, the South-East and the central and northern provinces people moved from.
var otherProvinces = newWeighted(
	w[int]{80, 8}, w[int]{82, 6}, w[int]{83, 6}, w[int]{84, 3}, w[int]{86, 3}, w[int]{87, 4}, w[int]{89, 3}, w[int]{92, 3},
	w[int]{75, 5}, w[int]{74, 3}, w[int]{77, 3}, w[int]{72, 3}, w[int]{51, 6}, w[int]{52, 5}, w[int]{49, 5}, w[int]{40, 6},
	w[int]{42, 4}, w[int]{38, 5}, w[int]{1, 6}, w[int]{36, 3}, w[int]{34, 4}, w[int]{46, 3}, w[int]{48, 2}, w[int]{54, 2},
	w[int]{56, 2}, w[int]{60, 2}, w[int]{68, 2}, w[int]{66, 2}, w[int]{31, 2}, w[int]{30, 2},
)

// provinceName is the official name of a province by its identity prefix, as places of birth
// are written: "Thành phố Hồ Chí Minh", "Tỉnh Long An".
func provinceName(code int) string {
	name, _ := vn.IdentityProvince(fmt.Sprintf("%03d", code))
	switch name {
	case "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh":
		return "Thành phố " + name
	}
	return "Tỉnh " + name
}

var (
	phonePrefixes = []string{"090", "091", "093", "094", "097", "098", "086", "088", "032", "033", "035", "036", "037",
		"038", "039", "070", "076", "077", "078", "079", "081", "083", "084", "085"}
	ethnicities = coded(vocab.Ethnicities, newWeighted(w[string]{"Kinh", 92}, w[string]{"Hoa", 6}, w[string]{"Khmer", 1}, w[string]{"Chăm", 0.5},
		w[string]{"Tày", 0.3}, w[string]{"Mường", 0.2}))
	religions = coded(vocab.Religions, newWeighted(w[string]{"Không", 78}, w[string]{"Phật giáo", 13}, w[string]{"Công giáo", 6}, w[string]{"Cao Đài", 1.5},
		w[string]{"Tin Lành", 0.8}, w[string]{"Phật giáo Hòa Hảo", 0.7}))
	health       = newWeighted(w[string]{"Tốt", 75}, w[string]{"Khá", 18}, w[string]{"Trung bình", 7})
	profResident = coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 45}, w[string]{"Cao đẳng", 10}, w[string]{"Trung cấp", 15}, w[string]{"", 30}))
	profRetiree  = coded(vocab.ProfessionalEducation, newWeighted(w[string]{"Đại học", 30}, w[string]{"Trung cấp", 20}, w[string]{"Cao đẳng", 5}, w[string]{"", 45}))
	fieldsOther  = []string{"Kinh tế", "Kế toán", "Kỹ thuật điện", "Cơ khí", "Quản trị kinh doanh", "Công nghệ thông tin", "Luật", "Xây dựng"}
	ptLeader     = coded(vocab.PoliticalTheory, newWeighted(w[string]{"Cao cấp", 70}, w[string]{"Cử nhân", 10}, w[string]{"Trung cấp", 20}))
	ptOfficial   = coded(vocab.PoliticalTheory, newWeighted(w[string]{"Trung cấp", 50}, w[string]{"Sơ cấp", 45}, w[string]{"Cao cấp", 5}))
	ptMember     = coded(vocab.PoliticalTheory, newWeighted(w[string]{"Sơ cấp", 70}, w[string]{"", 30}))
	smLeader     = coded(vocab.StateManagement, newWeighted(w[string]{"Chuyên viên chính", 60}, w[string]{"Chuyên viên cao cấp", 20}, w[string]{"Chuyên viên", 20}))
	smOfficial   = coded(vocab.StateManagement, newWeighted(w[string]{"Chuyên viên", 75}, w[string]{"Cán sự", 10}, w[string]{"", 15}))
	languages    = newWeighted(w[string]{"Tiếng Anh B1", 45}, w[string]{"Tiếng Anh B2", 15}, w[string]{"Tiếng Anh A2", 15},
		w[string]{"Tiếng Pháp B1", 2}, w[string]{"Tiếng Trung B1", 3}, w[string]{"", 20})
	itSkills = newWeighted(w[string]{"Ứng dụng CNTT cơ bản", 70}, w[string]{"Ứng dụng CNTT nâng cao", 10}, w[string]{"", 20})
)

// generate draws everyone in the planned order and hands them to add.
func (g *generator) generate(ctx context.Context, add sqlstore.BulkAdd) error {
	for k, i := range g.order {
		if k > 0 && k%progressEvery == 0 {
			Progress(ctx, "people: %d of %d", k, len(g.order))
		}
		s := &g.slots[i]
		p, posts, m := g.person(s)
		if err := add(p, posts, m); err != nil {
			return err
		}
		if g.made != nil {
			g.made.id, g.made = p.ID, nil
		}
		if s.cat == catDup {
			g.rep.DuplicatePairs = append(g.rep.DuplicatePairs, [2]int64{g.copied.id, p.ID})
		}
		g.rep.People++
		g.rep.Posts += len(posts)
		switch p.StaffType {
		case canbo.StaffCadre:
			g.rep.Cadres++
		case canbo.StaffCivilServant:
			g.rep.CivilServants++
		case canbo.StaffPublicEmployee:
			g.rep.PublicEmployees++
		case canbo.StaffContract:
			g.rep.Contract++
		}
		if m != nil {
			g.rep.Members++
			if m.FullOn == "" {
				g.rep.Probationary++
			}
		}
		if s.cat == catRetiree {
			g.rep.Retirees++
		}
	}
	return nil
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// person draws the person of a slot with their posts and membership.
func (g *generator) person(s *slot) (*canbo.Person, []canbo.Post, *canbo.Membership) {
	r := g.r
	if s.cat == catDup {
		if o := g.originals[s.cell]; o != nil {
			return g.duplicate(s, o)
		}
		if o := g.byWard[s.ward]; o != nil {
			return g.duplicate(s, o)
		}
		s.cat = catResident // nobody to copy yet: an ordinary resident
	}
	var u *staffUnit
	var ts titleSpec
	female, ageTable := 0.45, ageResident
	switch {
	case s.unit >= 0:
		u, ts = g.units[s.unit], g.titles[s.title]
		female, ageTable = u.prof.female, ageStaff
		if ts.leader {
			female = female*0.5 + 0.05 // fewer women lead, even where most staff are women
			ageTable = ageDeputy
			if ts.title == u.prof.head {
				ageTable = ageHead
			}
		}
	case s.cat == catRetiree:
		female, ageTable = 0.40, ageRetiree
	}
	sex := canbo.Male
	if g.chance(female) {
		sex = canbo.Female
	}
	// The age must agree with the category: staff before retirement, retirees after.
	var birth time.Time
	var stored string
	var ret rules.RetirementResult
	for try := 0; ; try++ {
		birth = PeopleAsOf.AddDate(-ageTable.pick(r), 0, -1-r.IntN(365))
		stored = g.storedBirth(birth)
		ret = g.retirement(stored, sex)
		working := ret.PensionFrom.After(PeopleAsOf)
		if try > 50 || (u == nil && s.cat != catRetiree) || (u != nil) == working {
			break
		}
	}
	name := drawName(r, sex, birth.Year())
	if g.chance(typoShare) {
		name = misspell(r, name)
		g.rep.Misspelled++
	}
	p := &canbo.Person{FamilyName: name.Family, MiddleName: name.Middle, GivenName: name.Given, Sex: sex, BirthDate: stored,
		StaffType: canbo.StaffNone, Ethnicity: ethnicities.pick(r), Religion: religions.pick(r), Health: health.pick(r)}
	prov := g.t.wards[s.ward].prov.idCode
	if !g.chance(0.75) {
		prov = otherProvinces.pick(r)
	}
	hasID := 0.95
	if birth.Year() < 1946 {
		hasID = 0.7 // records typed long ago, never updated with the new card
	}
	if g.chance(hasID) {
		bad := g.chance(badIDShare)
		p.IdentityNumber = g.ids.issue(prov, birth.Year(), sex, bad)
		if bad {
			g.rep.InconsistentIDs++
		}
	}
	p.BirthPlace = provinceName(prov)
	p.HomeTown = p.BirthPlace
	if g.chance(0.5) {
		p.HomeTown = provinceName(otherProvinces.pick(r))
	}
	if g.chance(0.85) {
		p.Phone = pick(r, phonePrefixes) + fmt.Sprintf("%07d", r.IntN(10_000_000))
	}
	p.Education.General = "12/12"
	if birth.Year() < 1960 && g.chance(0.3) {
		p.Education.General = "10/10"
	}
	wardIdx := int(s.ward)
	p.Residence = g.t.wards[wardIdx].name + ", " + g.t.wards[wardIdx].prov.of

	var posts []canbo.Post
	e := &p.Education
	switch {
	case u != nil:
		p.StaffType = ts.typ
		g.staffNo++
		p.StaffCode = fmt.Sprintf("HCM%07d", g.staffNo)
		e.Professional, e.Field = u.prof.prof.pick(r), pick(r, u.prof.field)
		if ts.typ == canbo.StaffContract {
			e.Professional, e.Field = profResident.pick(r), ""
		}
		if ts.typ == canbo.StaffCadre || ts.typ == canbo.StaffCivilServant {
			if ts.leader {
				e.StateManagement = smLeader.pick(r)
			} else {
				e.StateManagement = smOfficial.pick(r)
			}
		}
		e.Languages, e.IT = languages.pick(r), itSkills.pick(r)
		posts = g.career(u, ts, birth)
	case s.cat == catRetiree:
		e.Professional = profRetiree.pick(r)
		if e.Professional != "" {
			e.Field = pick(r, fieldsOther)
		}
		if g.chance(pastPostRate) {
			posts = g.pastPost(birth, ret)
		}
	default:
		e.Professional = profResident.pick(r)
		if e.Professional != "" {
			e.Field = pick(r, fieldsOther)
		}
		if g.chance(0.3) {
			e.Languages = languages.pick(r)
		}
	}
	var m *canbo.Membership
	if s.member {
		m = g.membership(s, birth)
		switch {
		case ts.leader:
			e.PoliticalTheory = ptLeader.pick(r)
		case ts.typ == canbo.StaffCadre || ts.typ == canbo.StaffCivilServant:
			e.PoliticalTheory = ptOfficial.pick(r)
		default:
			e.PoliticalTheory = ptMember.pick(r)
		}
		if u == nil {
			o := &original{name: name, birth: birth, stored: stored, identity: p.IdentityNumber, admitted: m.AdmittedOn}
			g.made = o
			if g.originals[s.cell] == nil {
				g.originals[s.cell] = o
			}
			if g.byWard[s.ward] == nil {
				g.byWard[s.ward] = o
			}
		}
	}
	return p, posts, m
}

// storedBirth writes a birth date as records hold it: mostly in full, some only to the year or
// the month.
func (g *generator) storedBirth(b time.Time) string {
	switch x := g.r.Float64(); {
	case x < yearOnly:
		return b.Format("2006")
	case x < yearOnly+monthOnly:
		return b.Format("2006-01")
	}
	return b.Format("2006-01-02")
}

// retirement computes when a person born on the stored (possibly partial) date retires, with
// the rule version in force then; before the first version of the set (2013), with the current
// one, whose ages for those years are the same (60 and 55 before 2021).
// The day of birth does not matter, so results are kept by month and sex.
func (g *generator) retirement(stored string, sex canbo.Sex) rules.RetirementResult {
	d, _ := vn.ParseDate(stored)
	key := retireKey{d.Year, d.Month, sex}
	if r, ok := g.retired[key]; ok {
		return r
	}
	r, err := g.rules.RetirementFor(d, sex, 0)
	if err != nil {
		r, _ = rules.Retirement(g.retireNow, d, sex, 0)
	}
	g.retired[key] = r
	return r
}

type retireKey struct {
	year, month int
	sex         canbo.Sex
}

// career draws the posts of a member of staff: hired at 21–27, perhaps promoted from a junior
// title, the current post open (the holder works on PeopleAsOf, so it has not ended yet). Ward staff held their post in the old ward's committee until
// the reform and in the new ward's from it.
func (g *generator) career(u *staffUnit, ts titleSpec, birth time.Time) []canbo.Post {
	r := g.r
	hire := birth.AddDate(21+r.IntN(7), r.IntN(12), r.IntN(28))
	if !hire.Before(PeopleAsOf) {
		hire = PeopleAsOf.AddDate(0, 0, -1-r.IntN(200))
	}
	type seg struct {
		from, to time.Time
		title    string
	}
	segs := []seg{{hire, canbo.Forever, ts.title}}
	if ts.leader && ts.junior != "" && PeopleAsOf.Sub(hire) > 6*365*24*time.Hour {
		promo := hire.Add(time.Duration(float64(PeopleAsOf.Sub(hire)) * (0.4 + 0.5*r.Float64()))).Truncate(24 * time.Hour)
		segs = []seg{{hire, promo, ts.junior}, {promo, canbo.Forever, ts.title}}
	}
	var posts []canbo.Post
	doc := func(from time.Time, form, issuer string) canbo.Document {
		return canbo.Document{Number: fmt.Sprintf(form, 1+r.IntN(3000)), Date: from, Issuer: issuer}
	}
	post := func(unit int64, title string, from, to time.Time, d canbo.Document) {
		end := ""
		if to.Before(canbo.Forever) {
			end = to.Format(time.DateOnly)
		}
		posts = append(posts, canbo.Post{UnitID: unit, Title: title, Primary: true, From: from.Format(time.DateOnly),
			To: end, Document: d})
	}
	reformed := u.cat == catWardGov || u.cat == catWardParty || (u.planned != nil && u.planned.oldParent == 0)
	if !reformed {
		for _, s := range segs {
			post(u.id, s.title, s.from, s.to, doc(s.from, u.docForm, u.issuer))
		}
		return posts
	}
	// Before the reform: the old ward's committee (or, for a ward with no predecessor, a
	// division of a city department); from it, the new ward's.
	oldUnit, oldIssuer := int64(0), ""
	w := g.t.wards[u.ward]
	if old := g.oldOf(w, r.IntN(max(1, len(w.old)))); old != nil && u.planned == nil {
		oldUnit, oldIssuer = old.state, "Ủy ban nhân dân "+old.name
		if u.cat == catWardParty {
			oldUnit, oldIssuer = old.party, "Ban Thường vụ Quận ủy"
		}
	} else {
		ds := w.prov.divisions[r.IntN(len(w.prov.divisions))]
		oldUnit, oldIssuer = ds[r.IntN(len(ds))].id, w.prov.stateRoot()
	}
	for _, s := range segs {
		if s.from.Before(adminunits.Reform) {
			end := s.to
			if end.After(adminunits.Reform) {
				end = adminunits.Reform
			}
			post(oldUnit, s.title, s.from, end, doc(s.from, u.docForm, oldIssuer))
		}
		if s.to.After(adminunits.Reform) {
			from, d := s.from, doc(s.from, u.docForm, u.issuer)
			if from.Before(adminunits.Reform) {
				issuer := w.prov.stateRoot()
				if u.cat == catWardParty {
					issuer = "Ban Thường vụ " + w.prov.committee()
				}
				from, d = adminunits.Reform, doc(adminunits.Reform.AddDate(0, 0, -1), u.docForm, issuer)
			}
			post(u.id, s.title, from, s.to, d)
		}
	}
	return posts
}

// pastPost draws the post a retiree held until retirement: in an old ward's people's committee
// (until the reform) or a division of a city department.
func (g *generator) pastPost(birth time.Time, ret rules.RetirementResult) []canbo.Post {
	r := g.r
	hire := birth.AddDate(21+r.IntN(7), r.IntN(12), r.IntN(28))
	if floor := time.Date(1976, 1, 1, 0, 0, 0, 0, time.UTC); hire.Before(floor) {
		hire = floor.AddDate(0, r.IntN(36), 0) // the city's records start after 1975
	}
	end := ret.PensionFrom
	if !hire.Before(end) {
		return nil
	}
	var unit int64
	var ts titleSpec
	w := g.t.wards[r.IntN(len(g.t.wards))]
	issuer := w.prov.stateRoot()
	if !end.After(adminunits.Reform) && len(w.old) > 0 && g.chance(0.5) {
		old := w.old[r.IntN(len(w.old))]
		unit, ts, issuer = old.state, profWardGov.titles.pick(r), "Ủy ban nhân dân "+old.name
	} else {
		ds := w.prov.divisions[r.IntN(len(w.prov.divisions))]
		unit, ts = ds[r.IntN(len(ds))].id, profDivision.titles.pick(r)
	}
	return []canbo.Post{{UnitID: unit, Title: ts.title, Primary: true, From: hire.Format(time.DateOnly), To: end.Format(time.DateOnly),
		Document: canbo.Document{Number: fmt.Sprintf("%d/QĐ-UBND", 1+r.IntN(3000)), Date: hire, Issuer: issuer}}}
}

// membership draws a party membership: admitted between 18 and 40, mostly in the twenties,
// full member 12 months later (the probation rule), or admitted within the last year and still
// probationary; in the slot's cell.
func (g *generator) membership(s *slot, birth time.Time) *canbo.Membership {
	r := g.r
	adult := birth.AddDate(18, 0, 0)
	var admitted time.Time
	if g.chance(probationary) && PeopleAsOf.Sub(adult) > 400*24*time.Hour {
		admitted = PeopleAsOf.AddDate(0, 0, -1-r.IntN(360))
	} else {
		// Draw the years after the 18th birthday among those the person has lived, so that the
		// young are not all admitted last year.
		avail := PeopleAsOf.Sub(adult).Hours() / 24 / 365.25
		years := admissionYears.pick(r)
		for try := 0; float64(years)+1 > avail && try < 20; try++ {
			years = admissionYears.pick(r)
		}
		admitted = adult.AddDate(years, r.IntN(12), r.IntN(28))
		if !admitted.Before(PeopleAsOf) {
			admitted = adult.Add(time.Duration(r.Float64() * float64(PeopleAsOf.Sub(adult))))
		}
		admitted = admitted.Truncate(24 * time.Hour)
	}
	if admitted.Before(adult) {
		admitted = adult
	}
	return g.member(s, admitted)
}

func (g *generator) member(s *slot, admitted time.Time) *canbo.Membership {
	m := &canbo.Membership{AdmittedOn: admitted.Format(time.DateOnly), Cells: []canbo.CellPeriod{{CellID: g.cells[s.cell].id}}}
	if full := rules.ProbationEnd(g.probation, admitted); !full.After(PeopleAsOf) {
		m.FullOn = full.Format(time.DateOnly)
		g.cardNo++
		m.CardNumber = fmt.Sprintf("79%07d", g.cardNo)
	}
	return m
}

// duplicate draws a near-duplicate of o: the same person typed again, with a typo in the name
// or the birth date written to another precision, and the identity number left out or mistyped
// (never repeated: the column is unique).
func (g *generator) duplicate(s *slot, o *original) (*canbo.Person, []canbo.Post, *canbo.Membership) {
	r := g.r
	g.rep.NearDuplicates++
	g.copied = o
	name, stored := o.name, o.stored
	if g.chance(0.5) {
		name = misspell(r, name)
	} else {
		switch len(stored) {
		case 10:
			stored = stored[:4]
			if g.chance(0.5) {
				stored = o.birth.Format("2006-01")
			}
		default:
			stored = o.birth.Format("2006-01-02")
		}
	}
	p := &canbo.Person{FamilyName: name.Family, MiddleName: name.Middle, GivenName: name.Given, Sex: name.Sex, BirthDate: stored,
		StaffType: canbo.StaffNone, Residence: g.t.wards[s.ward].name + ", " + g.t.wards[s.ward].prov.of, Ethnicity: "01"} // Kinh, its code in vocab.Ethnicities
	if o.identity != "" && g.chance(0.4) {
		p.IdentityNumber = g.ids.mistype(o.identity)
	}
	admitted, _ := time.Parse(time.DateOnly, o.admitted)
	return p, nil, g.member(s, admitted)
}

// identities issues identity numbers (số định danh cá nhân): province of birth registration,
// century-and-sex digit, two year digits, six "random" digits. The six digits are an affine
// permutation of a counter per prefix, (a·k + b) mod 10⁶, so numbers look random yet never
// repeat without a set of every number issued. Counters stay below half the range; mistyped
// numbers of near-duplicates are taken from the other half, so they cannot hit an issued one.
type identities struct {
	a, ainv uint64
	salt    uint64
	next    map[uint32]uint64
	typed   map[string]bool
	r       *rand.Rand
}

const idSpace = 1_000_000

func newIdentities(r *rand.Rand) *identities {
	id := &identities{next: map[uint32]uint64{}, typed: map[string]bool{}, r: r, salt: r.Uint64()}
	for {
		a := uint64(100_001 + r.IntN(899_999))
		if a%2 != 0 && a%5 != 0 {
			id.a, id.ainv = a, modInverse(a, idSpace)
			return id
		}
	}
}

// modInverse returns x with a·x ≡ 1 (mod m), for a coprime with m.
func modInverse(a, m uint64) uint64 {
	t, newT := int64(0), int64(1)
	rr, newR := int64(m), int64(a)
	for newR != 0 {
		q := rr / newR
		t, newT = newT, t-q*newT
		rr, newR = newR, rr-q*newR
	}
	if t < 0 {
		t += int64(m)
	}
	return uint64(t)
}

func (id *identities) offset(prefix uint32) uint64 {
	x := id.salt ^ uint64(prefix)*0x9e3779b97f4a7c15
	x ^= x >> 31
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 29
	return x % idSpace
}

// issue returns a new number for a person of a province (identity prefix), birth year and sex;
// bad swaps the sex digit or shifts the year digits, the mistakes records really hold.
func (id *identities) issue(prov, year int, sex canbo.Sex, bad bool) string {
	female := sex == canbo.Female
	yy := year % 100
	if bad {
		if id.r.IntN(2) == 0 {
			female = !female
		} else {
			yy = (yy + 1 + id.r.IntN(3)) % 100
		}
	}
	digit := (year/100 - 19) * 2
	if female {
		digit++
	}
	prefix := uint32(prov*1000 + digit*100 + yy)
	k := id.next[prefix]
	id.next[prefix] = k + 1
	return fmt.Sprintf("%03d%d%02d%06d", prov, digit, yy, (id.a*k+id.offset(prefix))%idSpace)
}

// mistype changes one of the last six digits of num so that the result lies outside the issued
// half of the counter space; "" when no such digit is found.
func (id *identities) mistype(num string) string {
	var prov, digit, yy, rest int
	if _, err := fmt.Sscanf(num, "%3d%1d%2d%6d", &prov, &digit, &yy, &rest); err != nil {
		return ""
	}
	prefix := uint32(prov*1000 + digit*100 + yy)
	off := id.offset(prefix)
	for range 60 {
		pos := id.r.IntN(6)
		pow := 1
		for range pos {
			pow *= 10
		}
		d := rest / pow % 10
		nd := (d + 1 + id.r.IntN(9)) % 10
		x := rest + (nd-d)*pow
		k := id.ainv * ((uint64(x) + idSpace - off) % idSpace) % idSpace
		out := fmt.Sprintf("%03d%d%02d%06d", prov, digit, yy, x)
		if k >= idSpace/2 && !id.typed[out] {
			id.typed[out] = true
			return out
		}
	}
	return ""
}
