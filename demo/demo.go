// Package demo builds the synthetic data of the demo and of load tests: the party and state
// trees of Ho Chi Minh City (for a nation-scale load test, of every province) on top of the real
// territory (package adminunits), and generated
// people with their posts, memberships and timeline entries. Nothing here is reference data: a
// production deployment loads adminunits and never this package.
package demo

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/adminunits"
	"canbo/sqlstore"
)

// TreesImport names the demo's party and state trees, so they are built once per database.
const TreesImport = "demo-trees-hcmc"

// hcmc is the official code of Hồ Chí Minh City, before and after the reform.
const hcmc = "79"

// demoNote marks everything the demo invents: the structure follows the real one, the documents
// and sub-commune units are illustrative.
const demoNote = "Dữ liệu minh họa của bản demo."

// departments are the city's departments before 1 March 2025, paired with the department that
// absorbed them in the streamlining of early 2025 ("" = kept).
var departments = []struct{ name, mergedInto string }{
	{"Sở Nội vụ", ""},
	{"Sở Lao động – Thương binh và Xã hội", "Sở Nội vụ"},
	{"Sở Tài chính", ""},
	{"Sở Kế hoạch và Đầu tư", "Sở Tài chính"},
	{"Sở Khoa học và Công nghệ", ""},
	{"Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"},
	{"Sở Xây dựng", ""},
	{"Sở Giao thông vận tải", "Sở Xây dựng"},
	{"Sở Nông nghiệp và Phát triển nông thôn", ""},
	{"Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"},
	{"Sở Giáo dục và Đào tạo", ""},
	{"Sở Y tế", ""},
	{"Sở Tư pháp", ""},
	{"Sở Văn hóa và Thể thao", ""},
	{"Sở Công Thương", ""},
}

// streamlining is the date of the departments' merger in the demo (the real mergers of early
// 2025 took effect around 1 March 2025).
var streamlining = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// Trees builds, on top of the imported territory, a realistic party and state tree for Ho
// Chi Minh City: the City Party Committee with its commissions, district and ward party
// committees with neighbourhood cells until 30 June 2025, ward party committees from 1 July 2025
// formed by merging the old ones as the wards were; the City People's Committee with its
// departments (merged in March 2025), and the wards' People's Committees likewise. It runs once.
func Trees(ctx context.Context, db *sqlstore.DB) (bool, error) {
	return trees(ctx, db, TreesImport, "TP. Hồ Chí Minh", func(np adminunits.NewProvince) bool { return np.Code == hcmc })
}

// ProvincesImport names the other 33 provinces' demo trees (nation scale).
const ProvincesImport = "demo-trees-provinces"

// ProvinceTrees builds the trees Trees builds for Hồ Chí Minh City for each of the other 33
// provinces of 1 July 2025, so that a nation-scale population lives in every province's own
// communes rather than twenty times too densely in the city's. A province formed by merging
// several gets the old districts and communes of all of them under its committee (the demo
// leaves out the old provincial committees themselves). It runs once.
func ProvinceTrees(ctx context.Context, db *sqlstore.DB) (bool, error) {
	return trees(ctx, db, ProvincesImport, "33 tỉnh, thành phố khác", func(np adminunits.NewProvince) bool { return np.Code != hcmc })
}

func trees(ctx context.Context, db *sqlstore.DB, name, label string, want func(adminunits.NewProvince) bool) (bool, error) {
	plan, err := adminunits.Load()
	if err != nil {
		return false, err
	}
	return db.Batch(ctx, name, func(b *sqlstore.Batcher) (string, error) {
		d := &demo{b: b, plan: plan}
		for _, np := range plan.NewProvinces {
			if !want(np) {
				continue
			}
			p := newProvince(np)
			if err := d.party(p); err != nil {
				return "", err
			}
			if err := d.state(p); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("Cây tổ chức minh họa %s: %d đơn vị.", label, d.units), nil
	})
}

// province is one province of 1 July 2025 as the demo trees name it.
type province struct {
	code    string          // "79"
	old     map[string]bool // the January 2025 provinces whose units the trees hold
	of      string          // as written after a unit's kind: "Thành phố Hồ Chí Minh", "tỉnh Bắc Ninh"
	central bool            // a centrally governed city ("Thành phố …"), else a province ("Tỉnh …")
}

func newProvince(np adminunits.NewProvince) province {
	p := province{code: np.Code, old: map[string]bool{}, of: np.Name, central: np.Kind == adminunits.KindCentralCity}
	if !p.central {
		p.of = "tỉnh " + strings.TrimPrefix(np.Name, "Tỉnh ")
	}
	if np.Code == hcmc {
		// The demo's city keeps the old city's history only, as it always has (Bình Dương and
		// Bà Rịa – Vũng Tàu's wards start on 1 July 2025).
		p.old[hcmc] = true
	} else {
		for _, c := range np.Sources {
			p.old[c] = true
		}
	}
	return p
}

// Roots' names: the province's party committee and people's committee.
func (p province) partyRoot() string { return "Đảng bộ " + p.of }
func (p province) stateRoot() string { return "Ủy ban nhân dân " + p.of }

// committee is how the province's party committee is called: "Thành ủy", "Tỉnh ủy".
func (p province) committee() string {
	if p.central {
		return "Thành ủy"
	}
	return "Tỉnh ủy"
}

type demo struct {
	b     *sqlstore.Batcher
	plan  *adminunits.Plan
	units int
}

func (d *demo) create(date time.Time, h canbo.Hierarchy, kind, name, code string, parent int64) (int64, error) {
	created, err := d.b.Event(canbo.EventInput{Kind: canbo.EventCreate, Date: date, Note: demoNote,
		New: &canbo.NewUnit{Hierarchy: h, Name: name, Code: code, Kind: kind, ParentID: parent}})
	if err != nil {
		return 0, fmt.Errorf("demo %s: %w", name, err)
	}
	d.units++
	return created[0], nil
}

// shortName drops the kind from a unit's name: "Phường Bến Nghé" → "Bến Nghé".
func shortName(name string) string {
	for _, k := range []string{"Thành phố ", "Phường ", "Xã ", "Thị trấn ", "Quận ", "Huyện ", "Đặc khu "} {
		if strings.HasPrefix(name, k) {
			return strings.TrimPrefix(name, k)
		}
	}
	return name
}

// local builds one hierarchy's local level: a unit per old district and per old commune of the
// province until the reform, and a unit per new commune after it, formed by merging the old units
// as the communes were merged (each old unit joins the first new commune that took it whole, or
// else the first that took part of it). cells adds neighbourhood party cells to the old units.
func (d *demo) local(p province, h canbo.Hierarchy, root int64, districtKind, communeKind, prefix string, cells bool) error {
	districts := map[string]int64{}
	for _, dist := range d.plan.Districts {
		if !p.old[dist.ProvinceCode] {
			continue
		}
		id, err := d.create(time.Time{}, h, districtKind, prefix+dist.Name, "", root)
		if err != nil {
			return err
		}
		districts[dist.Code] = id
	}
	old := map[string]int64{}
	cellsOf := map[int64][]int64{}
	for _, c := range d.plan.Communes {
		if !p.old[c.ProvinceCode] {
			continue
		}
		id, err := d.create(time.Time{}, h, communeKind, prefix+c.Name, "", districts[c.DistrictCode])
		if err != nil {
			return err
		}
		old[c.Code] = id
		if err := d.belongs(id, c.Code, time.Time{}, adminunits.Reform); err != nil {
			return err
		}
		if cells {
			for i := 1; i <= 3; i++ {
				name := fmt.Sprintf("Chi bộ Khu phố %d, %s", i, shortName(c.Name))
				cell, err := d.create(time.Time{}, h, "chi_bo_truc_thuoc", name, "", id)
				if err != nil {
					return err
				}
				cellsOf[id] = append(cellsOf[id], cell)
			}
		}
	}
	// Early-2025 renumberings: the conversion table names these wards by their new codes.
	for _, e := range d.plan.Early {
		if p.old[e.ProvinceCode] && e.Level == adminunits.LevelCommune && e.NewCode != "" && e.OldCode != "" {
			old[e.NewCode] = old[e.OldCode]
		}
	}
	primary := map[string]string{}
	for _, whole := range []bool{true, false} {
		for _, nc := range d.plan.NewCommunes {
			for _, s := range nc.Sources {
				if _, ok := primary[s.OldCode]; !ok && s.Partial != whole && old[s.OldCode] != 0 {
					primary[s.OldCode] = nc.Code
				}
			}
		}
	}
	merged := map[int64]bool{}
	for _, nc := range d.plan.NewCommunes {
		if nc.ProvinceCode != p.code {
			continue
		}
		var sources []canbo.Source
		for _, s := range nc.Sources {
			if id := old[s.OldCode]; id != 0 && primary[s.OldCode] == nc.Code && !merged[id] {
				merged[id] = true
				sources = append(sources, canbo.Source{UnitID: id})
			}
		}
		nu := &canbo.NewUnit{Hierarchy: h, Name: prefix + nc.Name, Kind: communeKind, ParentID: root}
		var id int64
		if len(sources) == 0 {
			var err error
			if id, err = d.create(adminunits.Reform, h, communeKind, nu.Name, "", root); err != nil {
				return err
			}
		} else {
			created, err := d.b.Event(canbo.EventInput{Kind: canbo.EventMerge, Date: adminunits.Reform, Note: demoNote, Sources: sources,
				Targets: []canbo.Target{{New: nu}}})
			if err != nil {
				return fmt.Errorf("demo %s: %w", nu.Name, err)
			}
			id = created[0]
			d.units++
		}
		if err := d.belongs(id, nc.Code, adminunits.Reform, time.Time{}); err != nil {
			return err
		}
	}
	// Old units that no new commune of the province took (none in Hồ Chí Minh City; elsewhere
	// the few that went to another province, or whose whole territory was absorbed earlier in
	// 2025) end with their cells, and the districts end too.
	for _, c := range slices.Sorted(maps.Keys(old)) {
		id := old[c]
		if merged[id] {
			continue
		}
		for _, u := range append(cellsOf[id], id) {
			if _, err := d.b.Event(canbo.EventInput{Kind: canbo.EventDissolve, Date: adminunits.Reform, Note: demoNote, UnitID: u}); err != nil {
				return err
			}
		}
		merged[id] = true
	}
	for _, id := range districts {
		if _, err := d.b.Event(canbo.EventInput{Kind: canbo.EventDissolve, Date: adminunits.Reform, Note: demoNote, UnitID: id}); err != nil {
			return err
		}
	}
	return nil
}

// belongs links a local unit to the territory unit holding code on the day it starts.
func (d *demo) belongs(id int64, code string, start, end time.Time) error {
	ward, err := d.b.FindCode(canbo.Territory, code, start)
	if err != nil {
		return err
	}
	return d.b.Link(&canbo.UnitLink{From: id, To: ward, Relation: canbo.RelationBelongsTo, Start: start, End: end})
}

func (d *demo) party(p province) error {
	kind := "tinh_uy"
	if p.central {
		kind = "thanh_uy"
	}
	root, err := d.create(time.Time{}, canbo.Party, kind, p.partyRoot(), "", 0)
	if err != nil {
		return err
	}
	for _, name := range []string{"Ban Tổ chức ", "Ban Tuyên giáo và Dân vận ", "Ủy ban Kiểm tra ", "Văn phòng ", "Ban Nội chính ",
		"Ban Chính sách, chiến lược "} {
		if _, err := d.create(time.Time{}, canbo.Party, "ban_dang", name+p.committee(), "", root); err != nil {
			return err
		}
	}
	return d.local(p, canbo.Party, root, "dang_uy", "dang_uy", "Đảng bộ ", true)
}

// psus are a province's public service units under its people's committee: Hồ Chí Minh City's
// real ones, and for any other province its political school, general hospital and one-stop
// service centre.
func (p province) psus() []string {
	if p.code == hcmc {
		return []string{"Trường Đại học Sài Gòn", "Bệnh viện Chợ Rẫy", "Trung tâm Phục vụ hành chính công"}
	}
	return []string{"Trường Chính trị " + p.of, "Bệnh viện Đa khoa " + p.of, "Trung tâm Phục vụ hành chính công " + p.of}
}

func (d *demo) state(p province) error {
	root, err := d.create(time.Time{}, canbo.State, "ubnd", p.stateRoot(), "", 0)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, dep := range departments {
		id, err := d.create(time.Time{}, canbo.State, "so", dep.name, "", root)
		if err != nil {
			return err
		}
		ids[dep.name] = id
		for _, div := range []string{"Văn phòng Sở", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch – Tài chính", "Thanh tra Sở"} {
			if _, err := d.create(time.Time{}, canbo.State, "phong", div, "", id); err != nil {
				return err
			}
		}
	}
	for _, dep := range departments {
		if dep.mergedInto == "" {
			continue
		}
		// The absorbed department's divisions move with it into the receiving department.
		_, err := d.b.Event(canbo.EventInput{Kind: canbo.EventMerge, Date: streamlining, Note: demoNote,
			Sources: []canbo.Source{{UnitID: ids[dep.name]}}, Targets: []canbo.Target{{UnitID: ids[dep.mergedInto]}}})
		if err != nil {
			return fmt.Errorf("demo %s: %w", dep.name, err)
		}
	}
	if _, err := d.b.Event(canbo.EventInput{Kind: canbo.EventRename, Date: streamlining, Note: demoNote,
		UnitID: ids["Sở Nông nghiệp và Phát triển nông thôn"], Name: "Sở Nông nghiệp và Môi trường"}); err != nil {
		return err
	}
	for _, name := range p.psus() {
		if _, err := d.create(time.Time{}, canbo.State, "don_vi_su_nghiep", name, "", root); err != nil {
			return err
		}
	}
	return d.local(p, canbo.State, root, "ubnd", "ubnd", "Ủy ban nhân dân ", false)
}
