package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
	"canbo/locale"
	"canbo/programme"
)

// AddModelFile stores a document or a photo of a good model, audited with its name, type, size
// and hash (never its bytes). The type is recognised from the bytes (programme.SniffEvidence's
// list; a photo must be JPEG or PNG), so no path into the store keeps a file of another type.
// Files are added while the model is a draft or returned: what was reviewed and published is
// what the Propaganda Commission receives.
func (d *DB) AddModelFile(ctx context.Context, f *canbo.ModelFile, data []byte) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if f.Kind != canbo.ModelFileDocument && f.Kind != canbo.ModelFilePhoto {
		return canbo.Invalid("kind", "err.sqlstore.goodmodel_files.kind", f.Kind)
	}
	if len(data) == 0 {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.empty")
	}
	if len(data) > canbo.MaxModelFileBytes {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.size", canbo.MaxModelFileBytes>>20)
	}
	ct, err := programme.SniffEvidence(data)
	if err != nil {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.type")
	}
	if f.Kind == canbo.ModelFilePhoto && ct != programme.JPEG && ct != programme.PNG {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.photo")
	}
	sum := sha256.Sum256(data)
	f.Name, f.ContentType, f.Size, f.SHA256 = programme.FileName(f.Name), ct, int64(len(data)), hex.EncodeToString(sum[:])
	f.Caption = strings.TrimSpace(f.Caption)
	if !utf8.ValidString(f.Name) || !utf8.ValidString(f.Caption) {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.name")
	}
	if utf8.RuneCountInString(f.Caption) > 500 {
		return canbo.Invalid("caption", "err.sqlstore.goodmodel_files.caption", 500)
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := d.goodModel(ctx, tx, f.ModelID)
	if err != nil {
		return err
	}
	if m.Status != canbo.ModelDraft && m.Status != canbo.ModelReturned {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.status", locale.Word("model.status."+m.Status))
	}
	if len(m.Files) >= canbo.MaxModelFiles {
		return canbo.Invalid("file", "err.sqlstore.goodmodel_files.count", canbo.MaxModelFiles)
	}
	if u := canbo.UserFromContext(ctx); u != nil {
		f.UploadedBy = u.Username
	}
	f.UploadedAt = d.Now().UTC().Truncate(time.Second)
	if f.ID, err = tx.insert(ctx, `INSERT INTO good_model_files (model_id, kind, name, caption, content_type, size, sha256, data, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, f.ModelID, f.Kind, f.Name, f.Caption, f.ContentType, f.Size, f.SHA256, data, f.UploadedBy,
		f.UploadedAt.Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	e := &audit.Event{Action: "good_model.file.upload", Entity: "good_model", EntityID: strconv.FormatInt(f.ModelID, 10),
		After: audit.Redact(map[string]any{"file": f.ID, "kind": f.Kind, "name": f.Name, "content_type": f.ContentType, "size": f.Size, "sha256": f.SHA256})}
	if err := tx.audit(ctx, e); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(e)
}

// ModelFile returns a file of a good model the caller sees (a sensitive model's files only to
// those who see it), and audits the download in the same transaction: a file that cannot be
// audited is not served.
func (d *DB) ModelFile(ctx context.Context, modelID, fileID int64) (*canbo.ModelFile, []byte, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	if _, err := d.goodModel(ctx, tx, modelID); err != nil {
		return nil, nil, err
	}
	var f canbo.ModelFile
	var data []byte
	var at string
	err = tx.queryRow(ctx, `SELECT `+modelFileColumns+`, data FROM good_model_files WHERE id = ? AND model_id = ?`, fileID, modelID).
		Scan(&f.ID, &f.ModelID, &f.Kind, &f.Name, &f.Caption, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &at, &data)
	if err == sql.ErrNoRows {
		return nil, nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.goodmodel_files.not_found")
	} else if err != nil {
		return nil, nil, mapError(err)
	}
	f.UploadedAt, _ = time.Parse(time.RFC3339, at)
	e := &audit.Event{Action: "good_model.file.download", Entity: "good_model", EntityID: strconv.FormatInt(modelID, 10),
		Reason: fmt.Sprintf("file %d %s sha256 %s", f.ID, f.Name, f.SHA256)}
	if err := tx.audit(ctx, e); err != nil {
		return nil, nil, mapError(err)
	}
	if err := tx.commitAudit(e); err != nil {
		return nil, nil, err
	}
	return &f, data, nil
}

// GoodModelBundle returns the good models the filter selects (as GoodModels does, so scope and
// the sensitive flag apply alike) with the bytes of all their files, audited as one export that
// names the models: the bundle published to the Propaganda Commission.
func (d *DB) GoodModelBundle(ctx context.Context, f canbo.GoodModelFilter) ([]*canbo.GoodModel, map[int64][]byte, error) {
	list, _, err := d.GoodModels(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	data := map[int64][]byte{}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = strconv.FormatInt(m.ID, 10)
		for _, file := range m.Files {
			var b []byte
			if err := tx.queryRow(ctx, `SELECT data FROM good_model_files WHERE id = ?`, file.ID).Scan(&b); err != nil {
				return nil, nil, mapError(err)
			}
			data[file.ID] = b
		}
	}
	e := &audit.Event{Action: "export", Entity: "good_models", EntityID: "bundle",
		After: audit.Redact(map[string]any{"status": f.Status, "q": f.Q, "models": strings.Join(ids, ","), "files": len(data)})}
	if err := tx.audit(ctx, e); err != nil {
		return nil, nil, mapError(err)
	}
	if err := tx.commitAudit(e); err != nil {
		return nil, nil, err
	}
	return list, data, nil
}

const modelFileColumns = `id, model_id, kind, name, caption, content_type, size, sha256, uploaded_by, uploaded_at`

// modelFiles fills the files (metadata only) of the listed models in one query.
func (d *DB) modelFiles(ctx context.Context, db queryer, list []*canbo.GoodModel) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*canbo.GoodModel{}
	ids := make([]int64, len(list))
	for i, m := range list {
		byID[m.ID], ids[i] = m, m.ID
	}
	q, args := cat(frag(`SELECT `+modelFileColumns+` FROM good_model_files WHERE model_id IN (`), listOf(ids), frag(`) ORDER BY id`)).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var f canbo.ModelFile
		var at string
		if err := rows.Scan(&f.ID, &f.ModelID, &f.Kind, &f.Name, &f.Caption, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &at); err != nil {
			return err
		}
		f.UploadedAt, _ = time.Parse(time.RFC3339, at)
		byID[f.ModelID].Files = append(byID[f.ModelID].Files, f)
	}
	return rows.Err()
}
