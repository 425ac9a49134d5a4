package sqlstore_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// pngBytes is the smallest PNG header the type sniffing recognises.
var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

// TestGoodModelFiles: documents and photos attach to a draft model, their types recognised from
// the bytes (a photo only JPEG or PNG, nothing executable or HTML at all) and their size
// capped; a refusal names its field and writes nothing; every upload, download and bundle is
// audited; a sensitive model's files are out of an officer's reach; once reviewed, the bundle is
// fixed; the bundle holds the published models with their files' bytes.
func TestGoodModelFiles(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "q1", Role: canbo.RoleOfficer, Scope: []int64{tr.d1}})
		elsewhere := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 3, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		admin := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 4, Role: canbo.RoleAdmin, Scope: []int64{tr.d1}})
		model, err := db.AddGoodModel(officer, &canbo.GoodModel{UnitID: tr.w1, Title: "Chợ không tiền mặt", Description: "Thanh toán số"})
		if err != nil {
			t.Fatal(err)
		}
		touchy, err := db.AddGoodModel(admin, &canbo.GoodModel{UnitID: tr.w1, Title: "Hòa giải", Description: "x", Sensitive: true})
		if err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := db.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		files := func() int { return count(`SELECT COUNT(*) FROM good_model_files`) }
		audits := func(action string) int {
			return count(`SELECT COUNT(*) FROM audit_events WHERE action = '` + action + `'`)
		}
		pdf := []byte("%PDF-1.4\nbáo cáo kết quả")
		bad := []struct {
			name  string
			ctx   context.Context
			f     canbo.ModelFile
			data  []byte
			field string
			code  string
		}{
			{"html", officer, canbo.ModelFile{ModelID: model, Kind: canbo.ModelFileDocument, Name: "x.html"}, []byte("<html><script>"), "file", canbo.EINVALID},
			{"empty", officer, canbo.ModelFile{ModelID: model, Kind: canbo.ModelFileDocument, Name: "x.pdf"}, nil, "file", canbo.EINVALID},
			{"too large", officer, canbo.ModelFile{ModelID: model, Kind: canbo.ModelFileDocument, Name: "x.pdf"},
				append([]byte("%PDF-"), make([]byte, canbo.MaxModelFileBytes)...), "file", canbo.EINVALID},
			{"a PDF as a photo", officer, canbo.ModelFile{ModelID: model, Kind: canbo.ModelFilePhoto, Name: "x.pdf"}, pdf, "file", canbo.EINVALID},
			{"unknown kind", officer, canbo.ModelFile{ModelID: model, Kind: "video", Name: "x.pdf"}, pdf, "kind", canbo.EINVALID},
			{"out of scope", elsewhere, canbo.ModelFile{ModelID: model, Kind: canbo.ModelFileDocument, Name: "x.pdf"}, pdf, "", canbo.ENOTFOUND},
			{"sensitive, an officer", officer, canbo.ModelFile{ModelID: touchy, Kind: canbo.ModelFileDocument, Name: "x.pdf"}, pdf, "", canbo.ENOTFOUND},
		}
		for _, c := range bad {
			err := db.AddModelFile(c.ctx, &c.f, c.data)
			if canbo.ErrorCode(err) != c.code || canbo.ErrorField(err) != c.field {
				t.Errorf("%s: %v, want %s on %q", c.name, err, c.code, c.field)
			}
		}
		if files() != 0 || audits("good_model.file.upload") != 0 {
			t.Fatalf("refusals wrote %d files, %d audit events", files(), audits("good_model.file.upload"))
		}
		doc := &canbo.ModelFile{ModelID: model, Kind: canbo.ModelFileDocument, Name: `C:\tmp\Báo cáo.pdf`}
		if err := db.AddModelFile(officer, doc, pdf); err != nil {
			t.Fatal(err)
		}
		photo := &canbo.ModelFile{ModelID: model, Kind: canbo.ModelFilePhoto, Name: "cho.png", Caption: "Quầy thanh toán"}
		if err := db.AddModelFile(officer, photo, pngBytes); err != nil {
			t.Fatal(err)
		}
		if doc.Name != "Báo cáo.pdf" || doc.ContentType != "application/pdf" || photo.ContentType != "image/png" || audits("good_model.file.upload") != 2 {
			t.Errorf("stored %q %q %q; %d upload events", doc.Name, doc.ContentType, photo.ContentType, audits("good_model.file.upload"))
		}
		m, err := db.GoodModel(officer, model)
		if err != nil || len(m.Files) != 2 || m.Files[1].Caption != "Quầy thanh toán" || m.Files[0].Size != int64(len(pdf)) {
			t.Fatalf("model's files: %+v, %v", m, err)
		}
		got, data, err := db.ModelFile(officer, model, doc.ID)
		if err != nil || !bytes.Equal(data, pdf) || got.SHA256 != doc.SHA256 || audits("good_model.file.download") != 1 {
			t.Fatalf("download: %v %v, %d events", got, err, audits("good_model.file.download"))
		}
		if _, _, err := db.ModelFile(elsewhere, model, doc.ID); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("download out of scope: %v", err)
		}
		if _, _, err := db.ModelFile(officer, touchy, doc.ID); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("a file through another model: %v", err)
		}
		// Reviewed: the bundle is what was reviewed.
		on := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		if err := db.ReviewGoodModel(officer, model, on, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.AddModelFile(officer, &canbo.ModelFile{ModelID: model, Kind: canbo.ModelFileDocument, Name: "y.pdf"}, pdf); canbo.ErrorField(err) != "file" || files() != 2 {
			t.Errorf("a file after the review: %v, %d files", err, files())
		}
		if err := db.PublishGoodModel(officer, model, on); err != nil {
			t.Fatal(err)
		}
		list, bytesOf, err := db.GoodModelBundle(officer, canbo.GoodModelFilter{Status: canbo.ModelPublished})
		if err != nil || len(list) != 1 || list[0].ID != model || !bytes.Equal(bytesOf[doc.ID], pdf) || !bytes.Equal(bytesOf[photo.ID], pngBytes) {
			t.Fatalf("bundle: %d models, %d files, %v", len(list), len(bytesOf), err)
		}
		if audits("export") != 1 {
			t.Errorf("bundle audited %d times", audits("export"))
		}
		if list, _, err := db.GoodModelBundle(elsewhere, canbo.GoodModelFilter{Status: canbo.ModelPublished}); err != nil || len(list) != 0 {
			t.Errorf("bundle elsewhere: %d models, %v", len(list), err)
		}
	})
}
