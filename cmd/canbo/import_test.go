package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/auth"
	"canbo/importer/importtest"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestImportPeopleCommand: `canbo import people` refuses a file with a bad cell, naming its
// row and cell, writes nothing and the marked report; the fixed file imports; the same file
// again reports every row unchanged. On both engines.
func TestImportPeopleCommand(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newAuditFixture(t, engine)
			f.with(t, func(db *sqlstore.DB) {
				if _, err := openAudit(db, f.dsn, f.dir); err != nil {
					t.Fatal(err)
				}
				_, err := db.RecordEvent(sys(), canbo.EventInput{Kind: canbo.EventCreate, Date: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
					New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Sài Gòn", Code: "26740", Kind: "phuong"}})
				if err != nil {
					t.Fatal(err)
				}
			})
			dir := t.TempDir()
			file := func(birth string) string {
				data, _ := importtest.Field(t, []importtest.Banner{{Name: "Phường Sài Gòn", People: []importtest.Person{
					{Name: "Nguyễn Văn An", Birth: "02/09/1965", StaffCode: "A1", Title: "Chủ tịch"},
					{Name: "Trần Thị Bé", Female: true, Birth: birth, StaffCode: "A2", Title: "Chuyên viên"},
				}}})
				p := filepath.Join(dir, "ds-"+strings.ReplaceAll(birth, "/", "")+".xlsx")
				if err := os.WriteFile(p, data, 0o600); err != nil {
					t.Fatal(err)
				}
				return p
			}
			run1 := func(path string, extra ...string) (string, error) {
				var out bytes.Buffer
				args := append(append([]string{"import", "people", "--file", path, "--as-of", "2025-06-01"}, f.args...), extra...)
				err := run(context.Background(), args, strings.NewReader(""), &out, &out)
				return out.String(), err
			}
			report := filepath.Join(dir, "loi.xlsx")
			out, err := run1(file("30/02/1980"), "--report", report)
			if err == nil || !strings.Contains(out, "errors\t1") || !strings.Contains(out, "Sheet1!D"+strconv.Itoa(importtest.FirstRow+2)+" row "+strconv.Itoa(importtest.FirstRow+2)) {
				t.Fatalf("bad file: %v\n%s", err, out)
			}
			if x, err := excelize.OpenFile(report); err != nil {
				t.Errorf("report: %v", err)
			} else {
				x.Close()
			}
			out, err = run1(file("02/07/1980"))
			if err != nil || !strings.Contains(out, "imported\t2") {
				t.Fatalf("good file: %v\n%s", err, out)
			}
			out, err = run1(file("02/07/1980"))
			if err != nil || !strings.Contains(out, "unchanged\t2") || !strings.Contains(out, "imported\t0") {
				t.Fatalf("again: %v\n%s", err, out)
			}
		})
	}
}

// TestImportPeopleMapping: a file whose post column has a header nobody maps automatically is
// refused as it is, and imports with --mapping naming a user's saved profile, or a profile saved
// as a .json file; an unknown name is refused before anything is read into the database. On
// both engines.
func TestImportPeopleMapping(t *testing.T) {
	for _, engine := range sqltest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			f := newAuditFixture(t, engine)
			profile := &canbo.ImportMapping{Name: "Danh sách phường", Signature: "x",
				Columns: []canbo.MappedColumn{{Header: "Nhiệm vụ được giao", Field: "post_title"}}}
			f.with(t, func(db *sqlstore.DB) {
				if _, err := openAudit(db, f.dsn, f.dir); err != nil {
					t.Fatal(err)
				}
				ev, err := db.RecordEvent(sys(), canbo.EventInput{Kind: canbo.EventCreate, Date: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
					New: &canbo.NewUnit{Hierarchy: canbo.Territory, Name: "Phường Sài Gòn", Code: "26740", Kind: "phuong"}})
				if err != nil {
					t.Fatal(err)
				}
				hash, _ := auth.HashPassword("ngựa đỏ ăn cỏ xanh")
				u := &canbo.User{Username: "cb", Role: canbo.RoleOfficer, Scope: []int64{ev.Links[0].UnitID}}
				if err := db.CreateUser(sys(), u, hash); err != nil {
					t.Fatal(err)
				}
				if err := db.SaveImportMapping(canbo.NewContextWithUser(context.Background(), u), profile); err != nil {
					t.Fatal(err)
				}
			})
			dir := t.TempDir()
			file := func(n int) string {
				data, _ := importtest.Field(t, []importtest.Banner{{Name: "Phường Sài Gòn", People: []importtest.Person{
					{Name: "Nguyễn Văn An", Birth: "02/09/1965", StaffCode: "M" + strconv.Itoa(n), Title: "Chủ tịch"}}}})
				x, err := excelize.OpenReader(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				x.SetCellValue("Sheet1", importtest.ColTitle+"4", "Nhiệm vụ được giao")
				p := filepath.Join(dir, "ds"+strconv.Itoa(n)+".xlsx")
				if err := x.SaveAs(p); err != nil {
					t.Fatal(err)
				}
				return p
			}
			run1 := func(path string, extra ...string) (string, error) {
				var out bytes.Buffer
				args := append(append([]string{"import", "people", "--file", path, "--as-of", "2025-06-01"}, f.args...), extra...)
				err := run(context.Background(), args, strings.NewReader(""), &out, &out)
				return out.String(), err
			}
			if out, err := run1(file(1)); err == nil || !strings.Contains(out, "thiếu chức vụ") {
				t.Fatalf("without a profile: %v\n%s", err, out)
			}
			if out, err := run1(file(1), "--mapping", "Danh sách phường"); err != nil || !strings.Contains(out, "imported\t1") {
				t.Fatalf("--mapping NAME: %v\n%s", err, out)
			}
			js := filepath.Join(dir, "mau.json")
			b, _ := json.Marshal(profile)
			if err := os.WriteFile(js, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := run1(file(2), "--mapping", js); err != nil || !strings.Contains(out, "imported\t1") {
				t.Fatalf("--mapping FILE: %v\n%s", err, out)
			}
			if out, err := run1(file(3), "--mapping", "Không có"); err == nil || strings.Contains(out, "imported") {
				t.Fatalf("--mapping unknown: %v\n%s", err, out)
			}
		})
	}
}
