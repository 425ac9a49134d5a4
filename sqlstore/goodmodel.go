package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/locale"
	"canbo/vn"
)

// MaxGoodModels caps one page of the good-models registry.
const MaxGoodModels = 500

// seesSensitive reports whether ctx may see "phức tạp, nhạy cảm" good models: leaders and
// administrators, and system work.
func seesSensitive(ctx context.Context) bool {
	u := canbo.UserFromContext(ctx)
	if u == nil {
		return canbo.ScopeFromContext(ctx).All
	}
	return u.Role == canbo.RoleAdmin || u.Role == canbo.RoleLeader
}

// visibleModels is the condition "the good model of alias m is the caller's to see": its unit
// in the scope today, and not sensitive unless the caller may see sensitive items.
func (d *DB) visibleModels(ctx context.Context) (cte, cond fragment) {
	var conds []fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), day(d.Now())); ok {
		cte = scope.cte
		conds = append(conds, cat(frag(`m.unit_id IN (`), scope.in(), frag(`)`)))
	}
	if !seesSensitive(ctx) {
		conds = append(conds, frag(`m.sensitive = 0`))
	}
	return cte, join(" AND ", conds)
}

// AddGoodModel records a unit's good model as a draft, audited.
func (d *DB) AddGoodModel(ctx context.Context, m *canbo.GoodModel) (int64, error) {
	if err := mayEditPeople(ctx); err != nil {
		return 0, err
	}
	m.Title = strings.TrimSpace(m.Title)
	switch {
	case m.UnitID <= 0:
		return 0, canbo.Invalid("unit_id", "err.sqlstore.goodmodel.unit_id")
	case m.Title == "":
		return 0, canbo.Invalid("title", "err.sqlstore.goodmodel.title")
	case strings.TrimSpace(m.Description) == "":
		return 0, canbo.Invalid("description", "err.sqlstore.goodmodel.description")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := d.unitInScope(ctx, tx, "unit_id", m.UnitID); err != nil {
		return 0, err
	}
	m.Status = canbo.ModelDraft
	sensitive := 0
	if m.Sensitive {
		sensitive = 1
	}
	m.ID, err = tx.insert(ctx, `INSERT INTO good_models (unit_id, title, description, results, evidence, sensitive, status, search_text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.UnitID, m.Title, m.Description, m.Results, m.Evidence, sensitive, m.Status,
		vn.Fold(m.Title+" "+m.Description+" "+m.Results), d.Now().UTC().Truncate(time.Second).Format(time.RFC3339))
	if err != nil {
		return 0, mapError(err)
	}
	e := &audit.Event{Action: "good_model.create", Entity: "good_model", EntityID: strconv.FormatInt(m.ID, 10),
		After: audit.Redact(map[string]any{"unit_id": m.UnitID, "title": m.Title, "sensitive": m.Sensitive})}
	if err := tx.audit(ctx, e); err != nil {
		return 0, mapError(err)
	}
	return m.ID, tx.commitAudit(e)
}

const goodModelColumns = `m.id, m.unit_id, m.title, m.description, m.results, m.evidence, m.sensitive, m.status, m.review_note,
	m.reviewed_on, m.published_on,
	COALESCE((SELECT name FROM unit_versions v WHERE v.unit_id = m.unit_id ORDER BY v.valid_from DESC LIMIT 1), '')`

// GoodModel returns one good model the caller may see.
func (d *DB) GoodModel(ctx context.Context, id int64) (*canbo.GoodModel, error) {
	return d.goodModel(ctx, d.db, id)
}

func (d *DB) goodModel(ctx context.Context, db queryer, id int64) (*canbo.GoodModel, error) {
	cte, cond := d.visibleModels(ctx)
	list, err := d.scanGoodModels(ctx, db, cat(with(cte), frag(`SELECT `+goodModelColumns+` FROM good_models m WHERE m.id = ?`, id), and(cond)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.goodmodel.not_found")
	}
	if err := d.modelFiles(ctx, db, list); err != nil {
		return nil, err
	}
	return list[0], nil
}

// GoodModels lists the good models the caller may see, newest first.
func (d *DB) GoodModels(ctx context.Context, f canbo.GoodModelFilter) ([]*canbo.GoodModel, int, error) {
	if f.Limit <= 0 || f.Limit > MaxGoodModels {
		f.Limit = MaxGoodModels
	}
	cte, cond := d.visibleModels(ctx)
	var conds []fragment
	for _, w := range strings.Fields(vn.Fold(f.Q)) {
		conds = append(conds, frag(d.dialect.contains("m.search_text"), w))
	}
	if f.Status != "" {
		conds = append(conds, frag(`m.status = ?`, f.Status))
	}
	list, err := d.scanGoodModels(ctx, d.db, cat(with(cte), frag(`SELECT `+goodModelColumns+` FROM good_models m WHERE 1 = 1`),
		and(cond), and(conds...), frag(` ORDER BY m.id DESC`)))
	if err != nil {
		return nil, 0, err
	}
	total := len(list)
	list = list[min(f.Offset, total):min(f.Offset+f.Limit, total)]
	if err := d.modelFiles(ctx, d.db, list); err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

func (d *DB) scanGoodModels(ctx context.Context, db queryer, q fragment) ([]*canbo.GoodModel, error) {
	text, args := q.bind(d.dialect)
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*canbo.GoodModel
	for rows.Next() {
		var m canbo.GoodModel
		var sensitive int
		var reviewed, published string
		if err := rows.Scan(&m.ID, &m.UnitID, &m.Title, &m.Description, &m.Results, &m.Evidence, &sensitive, &m.Status, &m.ReviewNote,
			&reviewed, &published, &m.UnitName); err != nil {
			return nil, err
		}
		m.Sensitive = sensitive != 0
		for _, x := range []struct {
			s   string
			dst *time.Time
		}{{reviewed, &m.ReviewedOn}, {published, &m.PublishedOn}} {
			if x.s != "" {
				if *x.dst, err = parseDay(x.s); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, &m)
	}
	return out, rows.Err()
}

// ReviewGoodModel records the review: approved (ready to publish) or returned with a note.
func (d *DB) ReviewGoodModel(ctx context.Context, id int64, on time.Time, approve bool, note string) error {
	note = strings.TrimSpace(note)
	if on.IsZero() {
		return canbo.Invalid("on", "err.sqlstore.goodmodel.review_on")
	}
	if !approve && note == "" {
		return canbo.Invalid("note", "err.sqlstore.goodmodel.note")
	}
	status := canbo.ModelReturned
	if approve {
		status = canbo.ModelReviewed
	}
	return d.moveGoodModel(ctx, id, "review", []string{canbo.ModelDraft, canbo.ModelReturned}, status,
		`UPDATE good_models SET status = ?, review_note = ?, reviewed_on = ? WHERE id = ?`, status, note, day(on), id)
}

// PublishGoodModel publishes a reviewed good model to the Propaganda Commission's feed. A
// sensitive one can only be published by an administrator: officers do not see it and leaders
// do not edit.
func (d *DB) PublishGoodModel(ctx context.Context, id int64, on time.Time) error {
	if on.IsZero() {
		return canbo.Invalid("on", "err.sqlstore.goodmodel.publish_on")
	}
	return d.moveGoodModel(ctx, id, "publish", []string{canbo.ModelReviewed}, canbo.ModelPublished,
		`UPDATE good_models SET status = ?, published_on = ? WHERE id = ?`, canbo.ModelPublished, day(on), id)
}

// moveGoodModel changes a good model's status from one of from, with its audit event.
func (d *DB) moveGoodModel(ctx context.Context, id int64, action string, from []string, to string, update string, args ...any) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	m, err := d.goodModel(ctx, tx, id)
	if err != nil {
		return err
	}
	ok := false
	for _, s := range from {
		ok = ok || m.Status == s
	}
	if !ok {
		return canbo.Invalid("status", "err.sqlstore.goodmodel.status_"+action, locale.Word("model.status."+m.Status))
	}
	if _, err := tx.exec(ctx, update, args...); err != nil {
		return mapError(err)
	}
	e := &audit.Event{Action: "good_model." + action, Entity: "good_model", EntityID: strconv.FormatInt(id, 10),
		Before: audit.Redact(map[string]any{"status": m.Status}), After: audit.Redact(map[string]any{"status": to})}
	if err := tx.audit(ctx, e); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(e)
}
