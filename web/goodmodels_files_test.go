package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// modelFilePart is the model page's upload form: kind and caption before the file.
func modelFilePart(t *testing.T, kind, caption, name string, data []byte) (string, io.Reader) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range map[string]string{"kind": kind, "caption": caption} {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType(), &b
}

// TestGoodModelFilesWeb: a photo through the page's form and a document through the API, both
// listed on the model's page and in the feed with their download paths; a wrong type is
// refused on the page naming the file; once published, the bundle for the Propaganda
// Commission is a zip holding the list as a workbook and each model's folder with its
// description and files; an officer elsewhere gets none of it.
func TestGoodModelFilesWeb(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		officer := f.user("q1", canbo.RoleOfficer, []int64{f.d1})
		elsewhere := f.user("q3", canbo.RoleOfficer, []int64{f.d2})
		var created struct {
			ID int64 `json:"id"`
		}
		if code, body := f.api(officer, "POST", "/api/v1/good-models", fmt.Sprintf(`{"unit_id":%d,"title":"Chợ không tiền mặt","description":"Thanh toán số tại chợ"}`, f.w1), &created); code != 201 {
			t.Fatalf("create: %d %s", code, body)
		}
		base := fmt.Sprintf("/good-models/%d", created.ID)
		photo := testPNG(t, 4, 4)
		ct, body := modelFilePart(t, "photo", "Quầy thanh toán", "cho.png", photo)
		if code, h, b := f.do(officer, "POST", base+"/files", ct, body); code != 303 || h.Get("Location") != base {
			t.Fatalf("page upload: %d %s", code, b)
		}
		ct, body = modelFilePart(t, "photo", "", "x.html", []byte("<html>"))
		if code, _, b := f.do(officer, "POST", base+"/files", ct, body); code != 422 || !strings.Contains(string(b), `data-field="file"`) {
			t.Errorf("a page as a photo: %d", code)
		}
		pdf := []byte("%PDF-1.4 báo cáo")
		code, _, b := f.do(officer, "POST", "/api/v1"+base+"/files?kind=document&name="+url.QueryEscape("Báo cáo.pdf"), "application/octet-stream", bytes.NewReader(pdf))
		if code != 201 {
			t.Fatalf("API upload: %d %s", code, b)
		}
		var one struct {
			Files []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
				URL  string `json:"url"`
			} `json:"files"`
		}
		f.api(officer, "GET", "/api/v1"+base, "", &one)
		if len(one.Files) != 2 || one.Files[0].Kind != "photo" || one.Files[1].Kind != "document" {
			t.Fatalf("files: %+v", one.Files)
		}
		_, page := f.get(officer, base)
		for _, want := range []string{fmt.Sprintf(`<img src="%s/files/%d"`, base, one.Files[0].ID), "Quầy thanh toán", "Báo cáo.pdf"} {
			if !strings.Contains(string(page), want) {
				t.Errorf("model page lacks %q", want)
			}
		}
		if code, b := f.get(officer, one.Files[1].URL); code != 200 || !bytes.Equal(b, pdf) {
			t.Errorf("download: %d", code)
		}
		if code, _ := f.get(elsewhere, one.Files[1].URL); code != 404 {
			t.Errorf("download elsewhere: %d", code)
		}
		for _, step := range []string{`review","approve":true`, `publish"`} {
			name := strings.SplitN(step, `"`, 2)[0]
			if code, b := f.api(officer, "POST", "/api/v1"+base+"/"+name, `{"on":"2026-03-02","approve":true}`, nil); code != 200 {
				t.Fatalf("%s: %d %s", name, code, b)
			}
		}
		code, zb := f.get(officer, "/good-models/bundle.zip")
		if code != 200 {
			t.Fatalf("bundle: %d %s", code, zb)
		}
		z, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, e := range z.File {
			r, err := e.Open()
			if err != nil {
				t.Fatal(err)
			}
			got[e.Name], _ = io.ReadAll(r)
			r.Close()
		}
		folder := "001-cho-khong-tien-mat/"
		if !bytes.Equal(got[folder+fmt.Sprint(one.Files[1].ID)+"-Báo cáo.pdf"], pdf) || !bytes.Equal(got[folder+fmt.Sprint(one.Files[0].ID)+"-cho.png"], photo) ||
			!strings.Contains(string(got[folder+"mo-ta.txt"]), "Thanh toán số tại chợ") {
			names := []string{}
			for n := range got {
				names = append(names, n)
			}
			t.Fatalf("bundle entries: %v", names)
		}
		x, err := excelize.OpenReader(bytes.NewReader(got["danh-sach.xlsx"]))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
		if err != nil || len(rows) != 5 || rows[4][1] != "Chợ không tiền mặt" || rows[4][7] != strings.TrimSuffix(folder, "/") || rows[4][8] != "2" {
			t.Errorf("bundle list: %v %v", rows, err)
		}
		if code, zb := f.get(elsewhere, "/good-models/bundle.zip"); code != 200 || bytes.Contains(zb, []byte("mo-ta.txt")) {
			t.Errorf("bundle elsewhere: %d, holds a model", code)
		}
	})
}
