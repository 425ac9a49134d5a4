package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"canbo"
	fields "canbo/importer"
	"canbo/validate"
)

// Mapping profiles of the people import (docs/DESIGN.md "Importing people"): per user, because a
// profile is the working habit of the person who maps a unit's files — a city-wide shared list
// would fill with near-copies under names nobody else reads — while the command line, system
// work, may name any user's profile.

// maxMappingName bounds a profile's name.
const maxMappingName = 100

// ImportMappings returns the caller's profiles, the latest saved first (the one an upload with
// a matching signature gets); system work sees every user's.
func (d *DB) ImportMappings(ctx context.Context) ([]*canbo.ImportMapping, error) {
	q, args := `SELECT id, name, signature, columns, saved_at FROM import_mappings`, []any{}
	if u := canbo.UserFromContext(ctx); u != nil {
		q, args = q+` WHERE user_id = ?`, append(args, u.ID)
	} else if !canbo.ScopeFromContext(ctx).All {
		return []*canbo.ImportMapping{}, nil
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(q+` ORDER BY saved_at DESC, id DESC`), args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	ms := []*canbo.ImportMapping{}
	for rows.Next() {
		m := &canbo.ImportMapping{}
		var cols string
		if err := rows.Scan(&m.ID, &m.Name, &m.Signature, &cols, &m.SavedAt); err != nil {
			return nil, mapError(err)
		}
		if err := json.Unmarshal([]byte(cols), &m.Columns); err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, mapError(rows.Err())
}

// SaveImportMapping stores the caller's profile under its name, replacing one of the same name.
// Only a user who may import (edit people) saves profiles; every field must be one the importer
// knows and at least one column mapped.
func (d *DB) SaveImportMapping(ctx context.Context, m *canbo.ImportMapping) error {
	u := canbo.UserFromContext(ctx)
	if u == nil {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.import_mapping.no_user")
	}
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	name, err := validate.Text("mapping_name", m.Name, maxMappingName)
	if err != nil {
		return err
	}
	if name == "" {
		return canbo.Invalid("mapping_name", "err.sqlstore.import_mapping.name")
	}
	mapped := 0
	for _, c := range m.Columns {
		if !fields.KnownField(fields.Field(c.Field)) {
			return canbo.Invalid("columns", "err.sqlstore.import_mapping.field", c.Field, c.Header)
		}
		if c.Field != "" {
			mapped++
		}
	}
	if mapped == 0 || m.Signature == "" {
		return canbo.Invalid("columns", "err.sqlstore.import_mapping.empty")
	}
	cols, err := json.Marshal(m.Columns)
	if err != nil {
		return err
	}
	m.Name, m.SavedAt = name, d.Now().UTC().Format(time.RFC3339)
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var before *canbo.ImportMapping
	var oldSig, old string
	err = tx.queryRow(ctx, `SELECT id, signature, columns FROM import_mappings WHERE user_id = ? AND name = ?`, u.ID, name).Scan(&m.ID, &oldSig, &old)
	switch {
	case err == sql.ErrNoRows:
		m.ID, err = tx.insert(ctx, `INSERT INTO import_mappings (user_id, name, signature, columns, saved_at) VALUES (?, ?, ?, ?, ?)`,
			u.ID, name, m.Signature, string(cols), m.SavedAt)
	case err == nil:
		before = &canbo.ImportMapping{ID: m.ID, Name: name, Signature: oldSig}
		_ = json.Unmarshal([]byte(old), &before.Columns)
		_, err = tx.exec(ctx, `UPDATE import_mappings SET signature = ?, columns = ?, saved_at = ? WHERE id = ?`, m.Signature, string(cols), m.SavedAt, m.ID)
	}
	if err != nil {
		return mapError(err)
	}
	var b any
	if before != nil {
		b = before
	}
	return tx.auditCommit(ctx, "import.mapping.save", "import_mapping", m.ID, b, m)
}

// DeleteImportMapping removes one of the caller's profiles; another user's is not found.
func (d *DB) DeleteImportMapping(ctx context.Context, id int64) error {
	u := canbo.UserFromContext(ctx)
	if u == nil {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.import_mapping.no_user")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var name string
	if err := tx.queryRow(ctx, `SELECT name FROM import_mappings WHERE id = ? AND user_id = ?`, id, u.ID).Scan(&name); err == sql.ErrNoRows {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.import_mapping.notfound")
	} else if err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM import_mappings WHERE id = ?`, id); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "import.mapping.delete", "import_mapping", id, map[string]string{"name": name}, nil)
}
