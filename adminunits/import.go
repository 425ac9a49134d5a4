package adminunits

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// ImportName names the import of the administrative units, so it runs once per database.
const ImportName = "admin-units-2025"

// Reform is the day the two-level local government began.
var Reform = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// earlyDay dates the changes the lists reveal between the January list (4 Jan 2025) and the
// reform, whose exact dates the lists do not give: the day after the January list, so that any
// date in the first half of 2025 after it shows the units the conversion table starts from.
var earlyDay = time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)

var (
	docBaseline = canbo.Document{Number: "Danh mục ĐVHC", Issuer: "Tổng cục Thống kê",
		Date: time.Date(2025, 1, 4, 0, 0, 0, 0, time.UTC)}
	docEarly     = canbo.Document{Issuer: "Ủy ban Thường vụ Quốc hội"}
	docProvinces = canbo.Document{Number: "202/2025/QH15", Issuer: "Quốc hội",
		Date: time.Date(2025, 6, 12, 0, 0, 0, 0, time.UTC)}
	docCommunes = canbo.Document{Issuer: "Ủy ban Thường vụ Quốc hội"}
)

// kindCodes maps the lists' kinds to canbo's unit kinds.
var kindCodes = map[string]string{
	KindCentralCity:   "thanh_pho_tw",
	KindProvince:      "tinh",
	KindUrbanDistrict: "quan",
	KindRuralDistrict: "huyen",
	KindTown:          "thi_xa",
	KindCity:          "thanh_pho",
	KindWard:          "phuong",
	KindCommune:       "xa",
	KindTownlet:       "thi_tran",
	KindSpecialZone:   "dac_khu",
}

// Report says what an import did.
type Report struct {
	Ran     bool // false when the import had already run
	Summary string
}

// Import loads the units of January 2025 and applies the changes of early 2025 and
// the reform of 1 July 2025 as dated events, in one transaction. Running it again changes
// nothing.
func Import(ctx context.Context, db *sqlstore.DB) (Report, error) {
	plan, err := Load()
	if err != nil {
		return Report{}, err
	}
	var summary string
	ran, err := db.Batch(ctx, ImportName, func(b *sqlstore.Batcher) (string, error) {
		im := &importer{b: b, plan: plan, ids: map[string]int64{}}
		if err := im.run(); err != nil {
			return "", err
		}
		summary = im.summary()
		return summary, nil
	})
	return Report{Ran: ran, Summary: summary}, err
}

// importer turns a plan into events. Units are found by level and code as the plan refers to
// them ("p:79", "d:760", "c:26734"): codes are not identities, so each level keeps its own map,
// and a code handed to a new unit replaces the old holder's entry once the old one has ended.
type importer struct {
	b    *sqlstore.Batcher
	plan *Plan
	ids  map[string]int64
	n    struct{ provinces, districts, communes, early, merges, continued, dissolved, skipped int }
}

func (im *importer) create(key string, date time.Time, doc canbo.Document, nu canbo.NewUnit, note string) error {
	created, err := im.b.Event(canbo.EventInput{Kind: canbo.EventCreate, Date: date, Document: doc, New: &nu, Note: note})
	if err != nil {
		return fmt.Errorf("%s %s: %w", nu.Name, nu.Code, err)
	}
	im.ids[key] = created[0]
	return nil
}

func (im *importer) event(what string, in canbo.EventInput) ([]int64, error) {
	created, err := im.b.Event(in)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return created, nil
}

func (im *importer) unit(key string) (int64, error) {
	id, ok := im.ids[key]
	if !ok {
		return 0, fmt.Errorf("admin units: no unit %s in the plan", key)
	}
	return id, nil
}

func (im *importer) run() error {
	if err := im.baseline(); err != nil {
		return err
	}
	if err := im.early(); err != nil {
		return err
	}
	// Communes first, under the provinces that keep their codes; then the districts, empty by
	// then; then the provinces merge, with nothing left under the merged ones.
	if err := im.communes(); err != nil {
		return err
	}
	if err := im.districts(); err != nil {
		return err
	}
	return im.provinces()
}

func (im *importer) baseline() error {
	const note = "Có trong danh mục đơn vị hành chính ngày 04/01/2025; ngày thành lập không có trong dữ liệu."
	p := im.plan
	for _, pr := range p.Provinces {
		nu := canbo.NewUnit{Hierarchy: canbo.Territory, Name: pr.Name, Code: pr.Code, Kind: kindCodes[pr.Kind]}
		if err := im.create("p:"+pr.Code, time.Time{}, docBaseline, nu, note); err != nil {
			return err
		}
	}
	for _, d := range p.Districts {
		nu := canbo.NewUnit{Hierarchy: canbo.Territory, Name: d.Name, Code: d.Code, Kind: kindCodes[d.Kind], ParentID: im.ids["p:"+d.ProvinceCode]}
		if err := im.create("d:"+d.Code, time.Time{}, docBaseline, nu, note); err != nil {
			return err
		}
	}
	for _, c := range p.Communes {
		nu := canbo.NewUnit{Hierarchy: canbo.Territory, Name: c.Name, Code: c.Code, Kind: kindCodes[c.Kind], ParentID: im.ids["d:"+c.DistrictCode]}
		if err := im.create("c:"+c.Code, time.Time{}, docBaseline, nu, note); err != nil {
			return err
		}
	}
	im.n.provinces, im.n.districts, im.n.communes = len(p.Provinces), len(p.Districts), len(p.Communes)
	return nil
}

// early records the changes of the first half of 2025 that the lists reveal.
func (im *importer) early() error {
	// Renamings first, so that an absorbing unit is known by its new code; disappearances last.
	order := map[EarlyType]int{EarlyRenumbered: 0, EarlyRenamed: 0,
		EarlyRespelled: 0, EarlyAppeared: 1, EarlyDisappeared: 2}
	early := slices.Clone(im.plan.Early)
	slices.SortStableFunc(early, func(a, b EarlyChange) int { return order[a.Type] - order[b.Type] })
	for _, e := range early {
		prefix := "c:"
		if e.Level == LevelDistrict {
			prefix = "d:"
		}
		note := e.Reason + " (ngày hiệu lực chính xác không có trong danh mục; ghi nhận sau ngày 04/01/2025)"
		var err error
		switch e.Type {
		case EarlyRenumbered, EarlyRenamed, EarlyRespelled:
			err = im.earlyRename(prefix, e, note)
		case EarlyDisappeared:
			err = im.earlyDisappeared(prefix, e, note)
		case EarlyAppeared:
			err = im.create(prefix+e.NewCode, earlyDay, docEarly, canbo.NewUnit{Hierarchy: canbo.Territory, Name: e.NewName,
				Code: e.NewCode, Kind: kindCodes[e.NewKind], ParentID: im.ids["d:"+e.DistrictCode]}, note)
		}
		if err != nil {
			return err
		}
		im.n.early++
	}
	return nil
}

func (im *importer) earlyRename(prefix string, e EarlyChange, note string) error {
	id, err := im.unit(prefix + e.OldCode)
	if err != nil {
		return err
	}
	if err := im.change(id, earlyDay, docEarly, note, e.NewName, e.NewCode, kindCodes[e.NewKind], 0, e.OldName, e.OldCode, kindCodes[e.OldKind], 0); err != nil {
		return err
	}
	im.ids[prefix+e.NewCode] = id
	return nil
}

func (im *importer) earlyDisappeared(prefix string, e EarlyChange, note string) error {
	id, err := im.unit(prefix + e.OldCode)
	if err != nil {
		return err
	}
	if e.AbsorbedBy != "" {
		target, err := im.unit(prefix + e.AbsorbedBy)
		if err != nil {
			return err
		}
		_, err = im.event(e.OldName, canbo.EventInput{Kind: canbo.EventMerge, Date: earlyDay, Document: docEarly, Note: note,
			Sources: []canbo.Source{{UnitID: id}}, Targets: []canbo.Target{{UnitID: target}}})
		return err
	}
	if len(e.Candidates) > 0 {
		note += " Có thể đã nhập vào đơn vị mang mã: " + strings.Join(e.Candidates, ", ") + "."
	}
	_, err = im.event(e.OldName, canbo.EventInput{Kind: canbo.EventDissolve, Date: earlyDay, Document: docEarly, Note: note, UnitID: id})
	return err
}

// change records, on one day, the rename, change of kind and move that turn a unit's (name,
// code, kind, parent) from the old values into the new ones; unchanged parts record nothing.
func (im *importer) change(id int64, date time.Time, doc canbo.Document, note string,
	name, code, kind string, parent int64, oldName, oldCode, oldKind string, oldParent int64) error {
	if parent != 0 && parent != oldParent {
		if _, err := im.event(oldName, canbo.EventInput{Kind: canbo.EventMove, Date: date, Document: doc, Note: note, UnitID: id, ParentID: parent}); err != nil {
			return err
		}
	}
	if name != oldName || code != oldCode {
		in := canbo.EventInput{Kind: canbo.EventRename, Date: date, Document: doc, Note: note, UnitID: id}
		if name != oldName {
			in.Name = name
		}
		if code != oldCode {
			in.Code = &code
		}
		if _, err := im.event(oldName, in); err != nil {
			return err
		}
	}
	if kind != "" && kind != oldKind {
		if _, err := im.event(oldName, canbo.EventInput{Kind: canbo.EventChangeKind, Date: date, Document: doc, Note: note, UnitID: id, UnitKind: kind}); err != nil {
			return err
		}
	}
	return nil
}

// communes applies the reform's commune-level conversion table. Old units are "c:" keys, new
// ones "n:" keys: the same code may name an old unit and a different new one (Phường Sài Gòn
// has the code of Phường Bến Nghé).
func (im *importer) communes() error {
	// A unit given in part to several new units ends with the last of them, unless it
	// continues as one of them.
	last := map[string]int{}
	continues := map[string]bool{}
	for i, nc := range im.plan.NewCommunes {
		for _, s := range nc.Sources {
			last[s.OldCode] = i
		}
		if nc.Unchanged {
			continues[nc.Sources[0].OldCode] = true
		}
	}
	oldOf := map[string]Commune{}
	for _, c := range im.plan.Communes {
		oldOf[c.Code] = c
	}
	for _, e := range im.plan.Early {
		if e.Level == LevelCommune && e.NewCode != "" {
			oldOf[e.NewCode] = Commune{Code: e.NewCode, Name: e.NewName, Kind: e.NewKind}
		}
	}
	districtOf := map[string]District{}
	for _, d := range im.plan.Districts {
		districtOf[d.Code] = d
	}
	for i, nc := range im.plan.NewCommunes {
		province, err := im.unit("p:" + nc.ProvinceCode)
		if err != nil {
			return err
		}
		kind := kindCodes[nc.Kind]
		switch {
		case nc.FromDistrict != "":
			d := districtOf[nc.FromDistrict]
			id, err := im.unit("d:" + nc.FromDistrict)
			if err != nil {
				return err
			}
			note := "Sắp xếp toàn bộ " + d.Name + " thành " + nc.Name + "."
			if err := im.change(id, Reform, docCommunes, note, nc.Name, nc.Code, kind, province, d.Name, d.Code, kindCodes[d.Kind], -1); err != nil {
				return err
			}
			im.ids["n:"+nc.Code] = id
			im.n.continued++
		case nc.Unchanged:
			s := nc.Sources[0]
			id, err := im.unit("c:" + s.OldCode)
			if err != nil {
				return err
			}
			old := oldOf[s.OldCode]
			if err := im.change(id, Reform, docCommunes, s.Note, nc.Name, nc.Code, kind, province, old.Name, old.Code, kindCodes[old.Kind], -1); err != nil {
				return err
			}
			im.ids["n:"+nc.Code] = id
			im.n.continued++
		default:
			in := canbo.EventInput{Kind: canbo.EventMerge, Date: Reform, Document: docCommunes,
				Targets: []canbo.Target{{New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: nc.Name, Code: nc.Code, Kind: kind, ParentID: province}}}}
			seen := map[string]bool{}
			var notes []string
			for _, s := range nc.Sources {
				if s.OldCode == "" {
					notes = append(notes, "Gồm cả "+s.OldName+" (không phải đơn vị hành chính).")
					im.n.skipped++
					continue
				}
				if seen[s.OldCode] {
					continue
				}
				seen[s.OldCode] = true
				id, err := im.unit("c:" + s.OldCode)
				if err != nil {
					return err
				}
				src := canbo.Source{UnitID: id, Partial: s.Partial}
				if last[s.OldCode] != i || continues[s.OldCode] {
					// The unit gives more elsewhere (or continues): whatever the row says, only
					// a part goes here.
					src.Partial = true
				} else if s.Partial {
					src.End = true
				}
				in.Sources = append(in.Sources, src)
			}
			in.Note = strings.Join(notes, " ")
			created, err := im.event(nc.Name, in)
			if err != nil {
				return err
			}
			im.ids["n:"+nc.Code] = created[0]
			im.n.merges++
		}
	}
	return nil
}

// districts dissolves the district level: by now every district is empty.
func (im *importer) districts() error {
	gone := map[string]bool{}
	for _, nc := range im.plan.NewCommunes {
		if nc.FromDistrict != "" {
			gone[nc.FromDistrict] = true
		}
	}
	for _, e := range im.plan.Early {
		if e.Level == LevelDistrict && e.Type == EarlyDisappeared {
			gone[e.OldCode] = true
		}
	}
	for _, d := range im.plan.Districts {
		if gone[d.Code] {
			continue
		}
		id, err := im.unit("d:" + d.Code)
		if err != nil {
			return err
		}
		_, err = im.event(d.Name, canbo.EventInput{Kind: canbo.EventDissolve, Date: Reform, Document: docCommunes, UnitID: id,
			Note: "Kết thúc hoạt động của đơn vị hành chính cấp huyện (chính quyền địa phương hai cấp)."})
		if err != nil {
			return err
		}
		im.n.dissolved++
	}
	return nil
}

// provinces merges the provinces: each new province keeps the code (and identity) of one of its
// sources and absorbs the others.
func (im *importer) provinces() error {
	oldOf := map[string]Province{}
	for _, p := range im.plan.Provinces {
		oldOf[p.Code] = p
	}
	for _, np := range im.plan.NewProvinces {
		if !slices.Contains(np.Sources, np.Code) {
			return fmt.Errorf("admin units: new province %s %s keeps none of its sources' codes", np.Code, np.Name)
		}
		target, err := im.unit("p:" + np.Code)
		if err != nil {
			return err
		}
		in := canbo.EventInput{Kind: canbo.EventMerge, Date: Reform, Document: docProvinces, Targets: []canbo.Target{{UnitID: target}}}
		for _, src := range np.Sources {
			if src == np.Code {
				continue
			}
			id, err := im.unit("p:" + src)
			if err != nil {
				return err
			}
			in.Sources = append(in.Sources, canbo.Source{UnitID: id})
		}
		if len(in.Sources) > 0 {
			if _, err := im.event(np.Name, in); err != nil {
				return err
			}
		}
		old := oldOf[np.Code]
		if err := im.change(target, Reform, docProvinces, "", np.Name, np.Code, kindCodes[np.Kind], 0, old.Name, old.Code, kindCodes[old.Kind], 0); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) summary() string {
	n := im.n
	return fmt.Sprintf("Đã nạp %d tỉnh/thành, %d đơn vị cấp huyện, %d đơn vị cấp xã (danh mục 04/01/2025); "+
		"%d thay đổi đầu năm 2025; ngày 01/07/2025: %d tỉnh/thành, %d đơn vị cấp xã mới do sáp nhập, %d giữ nguyên hoặc đổi tên, "+
		"%d đơn vị cấp huyện kết thúc hoạt động.",
		n.provinces, n.districts, n.communes, n.early, len(im.plan.NewProvinces), n.merges, n.continued, n.dissolved)
}
