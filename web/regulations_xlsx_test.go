package web_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestRegulationsExport: the registry's workbook has one row per document of the list, with the
// page's filter applied, the status on the day and the links by number, days as Excel dates;
// the page links it; an officer elsewhere exports nothing of this unit.
func TestRegulationsExport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		elsewhere := f.user("q3", canbo.RoleOfficer, []int64{f.d2})
		var a, b struct {
			ID int64 `json:"id"`
		}
		if code, body := f.api(officer, "POST", "/api/v1/regulations", fmt.Sprintf(`{"number":"01/2024/QĐ-UBND","kind":"quy_che","title":"Quy chế làm việc",
			"issuer_unit_id":%d,"signed_on":"2024-01-05","effective_from":"2024-01-15","implements":[{"number":"14-KL/TW","issuer":"Bộ Chính trị","date":"2021-09-22"}]}`, f.w1), &a); code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		if code, body := f.api(officer, "POST", "/api/v1/regulations", fmt.Sprintf(`{"number":"07/2025/QĐ-UBND","kind":"quy_che","title":"Quy chế làm việc mới",
			"issuer_unit_id":%d,"signed_on":"2025-06-01","effective_from":"2025-07-01","replaces":[%d]}`, f.w1, a.ID), &b); code != 201 {
			t.Fatalf("replacement: %d %s", code, body)
		}
		code, page := f.get(officer, "/regulations?in_force_on=2024-06-01")
		if code != 200 || !strings.Contains(string(page), `href="/regulations/export.xlsx?in_force_on=2024-06-01"`) {
			t.Fatalf("the page does not link the export of its list: %d", code)
		}
		rowsOf := func(tok, query string) [][]string {
			t.Helper()
			code, body := f.get(tok, "/regulations/export.xlsx?"+query)
			if code != 200 {
				t.Fatalf("export %s: %d %s", query, code, body)
			}
			x, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) < 4 || rows[3][0] != "STT" || rows[3][1] != "Số, ký hiệu" || rows[3][8] != "Trạng thái" {
				t.Fatalf("headers: %v", rows[:min(len(rows), 4)])
			}
			return rows[4:]
		}
		// Every document, statuses as of a day after the replacement.
		rows := rowsOf(officer, "as_of=2025-08-01")
		if len(rows) != 2 {
			t.Fatalf("all: %d rows, want 2: %v", len(rows), rows)
		}
		got := map[string][]string{}
		for _, r := range rows {
			got[r[1]] = r
		}
		old, repl := got["01/2024/QĐ-UBND"], got["07/2025/QĐ-UBND"]
		if old == nil || repl == nil {
			t.Fatalf("rows: %v", rows)
		}
		if old[8] != "Đã bị thay thế" || old[12] != "07/2025/QĐ-UBND" || !strings.Contains(old[9], "14-KL/TW") || old[4] == "" {
			t.Errorf("replaced document's row: %q", old)
		}
		if repl[8] != "Còn hiệu lực" || repl[10] != "01/2024/QĐ-UBND" {
			t.Errorf("replacement's row: %q", repl)
		}
		serial, err := strconv.ParseFloat(old[6], 64)
		if err != nil {
			t.Fatalf("effective day %q is not an Excel date", old[6])
		}
		if d, _ := excelize.ExcelDateToTime(serial, false); !d.Equal(time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("effective day %v", d)
		}
		// The list's filter: in force on a day before the replacement.
		if rows := rowsOf(officer, "in_force_on=2024-06-01"); len(rows) != 1 || rows[0][1] != "01/2024/QĐ-UBND" || rows[0][8] != "Còn hiệu lực" {
			t.Errorf("in force on 2024-06-01: %v", rows)
		}
		if rows := rowsOf(elsewhere, "as_of=2025-08-01"); len(rows) != 0 {
			t.Errorf("an officer elsewhere exports %v", rows)
		}
	})
}

// TestProposalsExport: the proposals' workbook for the annual review holds each proposal with
// its status, the vote, the evaluation, the protection outcome and the steps done late; the
// list page links it.
func TestProposalsExport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		var ids []int64
		for _, name := range []string{"An", "Bình", "Cường", "Dũng"} {
			p := &canbo.Person{FamilyName: "Lê", GivenName: name, Sex: canbo.Female}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: f.w1, Title: "Phó Chủ tịch", From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		var created struct {
			ID int64 `json:"id"`
		}
		for _, title := range []string{"Số hóa hồ sơ", "Một cửa liên thông"} {
			if code, body := f.api(officer, "POST", "/api/v1/proposals", fmt.Sprintf(`{"person_id":%d,"unit_id":%d,"title":%q,"received_on":"2026-02-13"}`, ids[0], f.w1, title), &created); code != 201 {
				t.Fatalf("create: %d %s", code, body)
			}
		}
		path := fmt.Sprintf("/api/v1/proposals/%d", created.ID)
		steps := []struct{ url, body string }{
			{"/meeting", fmt.Sprintf(`{"on":"2026-02-24","for":2,"against":1,"voters":[%d,%d,%d]}`, ids[1], ids[2], ids[3])},
			{"/steps", `{"step":"finished","on":"2026-04-24"}`},
			{"/steps", `{"step":"report","on":"2026-05-04"}`},
			{"/steps", `{"step":"evaluation","on":"2026-05-20","achieved":true,"damage":false}`},
			{"/steps", `{"step":"outcome","on":"2026-05-25","outcome":"no_liability"}`},
		}
		for _, s := range steps {
			if code, body := f.api(officer, "POST", path+s.url, s.body, nil); code != 201 && code != 200 {
				t.Fatalf("%s: %d %s", s.body, code, body)
			}
		}
		if _, page := f.get(officer, "/proposals"); !strings.Contains(string(page), `href="/proposals/export.xlsx?"`) {
			t.Error("the proposals page does not link its export")
		}
		code, body := f.get(officer, "/proposals/export.xlsx")
		if code != 200 {
			t.Fatalf("export: %d %s", code, body)
		}
		x, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
		if err != nil || len(rows) != 6 {
			t.Fatalf("rows: %v %v", rows, err)
		}
		byTitle := map[string][]string{}
		for _, r := range rows[4:] {
			byTitle[r[1]] = r
		}
		done, open := byTitle["Một cửa liên thông"], byTitle["Số hóa hồ sơ"]
		if done == nil || open == nil {
			t.Fatalf("rows: %v", rows[4:])
		}
		// Evaluation due 13/5/2026, done 20/5: late.
		if done[5] != "Đã có kết quả bảo vệ" || done[8] != "Thông qua" || done[12] != "Có" || done[13] != "Không" ||
			done[14] != "Không phải chịu trách nhiệm" || done[15] != "Đánh giá kết quả" {
			t.Errorf("closed proposal's row: %q", done)
		}
		if open[5] != "Đã tiếp nhận" || len(open) > 7 && open[7] != "" {
			t.Errorf("open proposal's row: %q", open)
		}
	})
}
