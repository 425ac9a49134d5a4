package web_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"canbo"
)

// TestBrowserConsolidationPlan: an officer drafts a plan merging two neighbourhoods, has the
// matching cell merger proposed, edits the plan (an event added by mistake is removed), sees the
// members' move in the preview, applies it under one document, and the health page no longer
// warns about the cells that were too small.
func TestBrowserConsolidationPlan(t *testing.T) {
	b := newBrowser(t)
	sys := canbo.SystemContext(t.Context())
	db := b.env.db
	suffix := strconv.FormatInt(time.Now().UnixNano()%1_000_000, 10)
	mk := func(h canbo.Hierarchy, name, kind string, parent int64) int64 {
		ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2026-01-01"),
			New: &canbo.NewUnit{Hierarchy: h, Name: name + " " + suffix, Kind: kind, ParentID: parent}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	// Under a ward, from 2026: the organization tests count the city's children on 1 July 2025.
	ward := b.env.unitByCode(t, codeSaiGon, reformDay)
	kpA := mk(canbo.Territory, "Khu phố Thử A", "khu_pho", ward.ID)
	kpB := mk(canbo.Territory, "Khu phố Thử B", "khu_pho", ward.ID)
	committee := mk(canbo.Party, "Đảng ủy phường Thử", "dang_uy", 0)
	cellA := mk(canbo.Party, "Chi bộ Khu phố Thử A", "chi_bo_truc_thuoc", committee)
	cellB := mk(canbo.Party, "Chi bộ Khu phố Thử B", "chi_bo_truc_thuoc", committee)
	for _, l := range [][2]int64{{cellA, kpA}, {cellB, kpB}} {
		if err := db.LinkUnits(sys, &canbo.UnitLink{From: l[0], To: l[1], Relation: canbo.RelationBelongsTo, Start: day("2026-01-01")}); err != nil {
			t.Fatal(err)
		}
	}
	for i, cell := range []int64{cellA, cellA, cellB, cellB} {
		p := &canbo.Person{FamilyName: "Hồ", MiddleName: "Thị", GivenName: fmt.Sprintf("Lan %c", 'A'+i), Sex: canbo.Female, BirthDate: "1975-01-01"}
		if err := db.CreatePerson(sys, p, nil, &canbo.Membership{AdmittedOn: "2000-01-01", FullOn: "2001-01-01",
			Cells: []canbo.CellPeriod{{CellID: cell, From: "2026-01-01"}}}); err != nil {
			t.Fatal(err)
		}
	}
	small := func() []string {
		b.open(fmt.Sprintf("/party/health?under=%d", committee))
		b.waitVisible("table#health")
		return b.eval(`table#health tr[data-problem="few_full_members"]`, `Array.from(document.querySelectorAll(%s), e => e.dataset.unit)`)
	}
	b.login("plan")
	if got := small(); !slices.Contains(got, strconv.FormatInt(cellA, 10)) || !slices.Contains(got, strconv.FormatInt(cellB, 10)) {
		t.Fatalf("before the plan both cells are too small: %v", got)
	}
	b.open("/plans")
	b.do("name the plan", chromedp.SendKeys(chromedp.CSS("#plan-name"), "Kiện toàn khu phố Thử "+suffix))
	b.submit("#plan-create")
	b.waitVisible("form#plan-add")
	add := func(sources, target string) {
		b.do("type the merger", chromedp.SetValue(chromedp.CSS("#plan-date"), "01/09/2026"), chromedp.SetValue(chromedp.CSS("#plan-sources"), sources),
			chromedp.SetValue(chromedp.CSS("#plan-target"), target))
		b.submit("#plan-add-button")
		b.waitVisible("table#plan-events")
	}
	add(fmt.Sprintf("#%d", kpA), fmt.Sprintf("#%d", kpB))
	add(fmt.Sprintf("#%d", kpB), fmt.Sprintf("#%d", ward.ID)) // a mistake, removed below
	if rows := b.texts("table#plan-events tbody tr"); len(rows) != 2 {
		t.Fatalf("events %q", rows)
	}
	b.submit(`table#plan-events tr[data-n="2"] button.remove`)
	b.submit("#plan-propose")
	rows := b.texts("table#plan-events tbody tr")
	if len(rows) != 2 || !strings.Contains(rows[1], "Chi bộ Khu phố Thử A") || !strings.Contains(rows[1], "đề xuất") {
		t.Fatalf("proposed cell merger: %q", rows)
	}
	moves := strings.Join(b.texts("section#plan-preview li"), " | ")
	if !strings.Contains(moves, "Chi bộ Khu phố Thử A "+suffix+" → Chi bộ Khu phố Thử B "+suffix+": 0 chức vụ, 2 đảng viên") {
		t.Errorf("preview: %q", moves)
	}
	b.do("type the document", chromedp.SetValue(chromedp.CSS("#apply-doc"), "15/NQ-ĐU"))
	b.submit("#plan-apply-button")
	b.waitVisible(`section.plan[data-status="applied"]`)
	if got := small(); slices.Contains(got, strconv.FormatInt(cellB, 10)) || slices.Contains(got, strconv.FormatInt(cellA, 10)) {
		t.Errorf("after the plan the merged cell has 4 full members and no warning: %v", got)
	}
}

// TestBrowserSplitPlacements: an officer splits a cell in two; the event form's preview lists
// each of its members with a select of the new cells (the first chosen), the officer sends one
// member to the second cell, records the event, and each member is where the form said.
func TestBrowserSplitPlacements(t *testing.T) {
	b := newBrowser(t)
	sys := canbo.SystemContext(t.Context())
	db := b.env.db
	suffix := strconv.FormatInt(time.Now().UnixNano()%1_000_000, 10)
	mk := func(name, kind string, parent int64) int64 {
		ev, err := db.RecordEvent(sys, canbo.EventInput{Kind: canbo.EventCreate, Date: day("2026-01-01"),
			New: &canbo.NewUnit{Hierarchy: canbo.Party, Name: name + " " + suffix, Kind: kind, ParentID: parent}})
		if err != nil {
			t.Fatal(err)
		}
		return ev.Links[0].UnitID
	}
	committee := mk("Đảng ủy phường Chia", "dang_uy", 0)
	cell := mk("Chi bộ Khu phố Chia", "chi_bo_truc_thuoc", committee)
	var members []int64
	for i := range 3 {
		p := &canbo.Person{FamilyName: "Đỗ", MiddleName: "Văn", GivenName: fmt.Sprintf("Chia %c", 'A'+i), Sex: canbo.Male, BirthDate: "1970-01-01"}
		if err := db.CreatePerson(sys, p, nil, &canbo.Membership{AdmittedOn: "2000-01-01", FullOn: "2001-01-01",
			Cells: []canbo.CellPeriod{{CellID: cell, From: "2026-01-01"}}}); err != nil {
			t.Fatal(err)
		}
		members = append(members, p.ID)
	}
	b.login("split")
	b.open("/org/events/new?kind=split&h=party")
	b.do("fill the split", chromedp.SetValue(chromedp.CSS("#date"), "01/09/2026"), chromedp.SetValue(chromedp.CSS("#doc_number"), "21-QĐ/ĐU"),
		chromedp.SetValue(chromedp.CSS("#sources"), fmt.Sprintf("#%d", cell)),
		chromedp.SetValue(chromedp.CSS("#targets"), "Chi bộ Khu phố Chia 1 "+suffix+"\nChi bộ Khu phố Chia 2 "+suffix),
		chromedp.SetValue(chromedp.CSS("#unit_kind"), "chi_bo_truc_thuoc"), chromedp.SetValue(chromedp.CSS("#parent"), fmt.Sprintf("#%d", committee)),
		chromedp.Click(chromedp.CSS("#preview-button")))
	b.waitVisible("table#carry-people")
	rows := b.eval("table#carry-people tbody tr", `Array.from(document.querySelectorAll(%s), e => e.dataset.person + "=" + e.querySelector("select").value)`)
	var want []string
	for _, id := range members {
		want = append(want, fmt.Sprintf("%d=t1", id))
	}
	slices.Sort(rows)
	if !slices.Equal(rows, want) {
		t.Fatalf("placement table %q, want every member in the first new cell %q", rows, want)
	}
	moved := members[1]
	b.do("send one member to the second cell", chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`select[name="place_%d"]`, moved)), "t2"))
	b.submit("#save-button")
	on := day("2026-09-01")
	units, _, err := db.FindUnits(sys, canbo.UnitFilter{Parent: committee, AsOf: on})
	if err != nil {
		t.Fatal(err)
	}
	where := map[int64]string{}
	for _, u := range units {
		party := true
		people, _, _, err := db.FindPeople(sys, canbo.PersonFilter{Under: u.ID, AsOf: on, Party: &party})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			where[p.ID] = strings.TrimSuffix(u.Name, " "+suffix)
		}
	}
	for _, id := range members {
		want := "Chi bộ Khu phố Chia 1"
		if id == moved {
			want = "Chi bộ Khu phố Chia 2"
		}
		if where[id] != want {
			t.Errorf("member %d is in %q after the split, want %q (page %s, error %q)", id, where[id], want, b.location(), b.texts("#form-error"))
		}
	}
}
