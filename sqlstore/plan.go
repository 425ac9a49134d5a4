package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
	"canbo/vn"
)

// Consolidation plans (đề án kiện toàn, issue 12): a draft list of events kept as JSON until it
// is applied. Applying runs every event through the same applier as RecordEvent, in one
// transaction under one document, so a plan whose events conflict with each other or with
// events recorded later is refused whole, naming the event and the unit.

// planOwner is the caller's user id (0 for system work), kept with a plan: officers see their
// own plans, administrators every plan.
func planOwner(ctx context.Context) int64 {
	if u := canbo.UserFromContext(ctx); u != nil {
		return u.ID
	}
	return 0
}

// checkPlan cleans a plan's name and checks each event's date.
func checkPlan(p *canbo.Plan) error {
	p.Name = vn.Clean(p.Name)
	if p.Name == "" {
		return canbo.Invalid("name", "err.sqlstore.plan.name")
	}
	if utf8.RuneCountInString(p.Name) > 300 {
		return canbo.Invalid("name", "err.sqlstore.plan.name_2")
	}
	for i, e := range p.Events {
		if _, err := vn.ParseDay(e.Date); err != nil {
			return canbo.Invalid(fmt.Sprintf("events[%d].date", i), "err.sqlstore.plan.field", i+1, e.Date)
		}
	}
	if p.Events == nil {
		p.Events = []canbo.PlanEvent{}
	}
	return nil
}

// CreatePlan stores a draft plan, audited.
func (d *DB) CreatePlan(ctx context.Context, p *canbo.Plan) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if err := checkPlan(p); err != nil {
		return err
	}
	events, err := json.Marshal(p.Events)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p.Status, p.CreatedAt = canbo.PlanDraft, d.Now()
	p.ID, err = tx.insert(ctx, `INSERT INTO plans (name, hierarchy, status, events, created_by, created_at) VALUES (?, '', ?, ?, ?, ?)`,
		p.Name, p.Status, string(events), planOwner(ctx), p.CreatedAt.Format(time.RFC3339))
	if err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "plan.create", "plan", p.ID, nil, p)
}

// rowQueryer is a database or transaction, for reading one row.
type rowQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// plan reads a plan the caller may see.
func (d *DB) plan(ctx context.Context, db rowQueryer, id int64) (*canbo.Plan, error) {
	var p canbo.Plan
	var events, created string
	var owner int64
	err := db.QueryRowContext(ctx, d.dialect.rebind(`SELECT id, name, status, events, created_by, created_at, applied_at FROM plans WHERE id = ?`), id).
		Scan(&p.ID, &p.Name, &p.Status, &events, &owner, &created, &p.AppliedAt)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != planOwner(ctx) && !canbo.ScopeFromContext(ctx).All) {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.plan.notfound", id)
	} else if err != nil {
		return nil, mapError(err)
	}
	if err := json.Unmarshal([]byte(events), &p.Events); err != nil {
		return nil, fmt.Errorf("plan %d events: %w", id, err)
	}
	p.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return &p, nil
}

// FindPlan returns a plan of the caller's (any plan, for an administrator).
func (d *DB) FindPlan(ctx context.Context, id int64) (*canbo.Plan, error) {
	return d.plan(ctx, d.db, id)
}

// Plans lists the caller's plans (every plan, for an administrator), newest first.
func (d *DB) Plans(ctx context.Context) ([]*canbo.Plan, error) {
	ids, err := queryIDs(ctx, d.db, d.dialect.rebind(`SELECT id FROM plans WHERE created_by = ? OR ? ORDER BY id DESC LIMIT 200`),
		planOwner(ctx), canbo.ScopeFromContext(ctx).All)
	if err != nil {
		return nil, err
	}
	var out []*canbo.Plan
	for _, id := range ids {
		p, err := d.FindPlan(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// draft reads a plan inside tx and insists it is still a draft.
func (d *DB) draft(ctx context.Context, tx *Tx, id int64) (*canbo.Plan, error) {
	p, err := d.plan(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != canbo.PlanDraft {
		return nil, canbo.Errork(canbo.ECONFLICT, "err.sqlstore.plan.conflict", id, map[string]string{canbo.PlanApplied: "được thực hiện",
			canbo.PlanDiscarded: "bị hủy"}[p.Status])
	}
	return p, nil
}

// UpdatePlan replaces a draft's name and events, audited.
func (d *DB) UpdatePlan(ctx context.Context, p *canbo.Plan) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if err := checkPlan(p); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	before, err := d.draft(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	events, err := json.Marshal(p.Events)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE plans SET name = ?, events = ? WHERE id = ?`, p.Name, string(events), p.ID); err != nil {
		return mapError(err)
	}
	p.Status = canbo.PlanDraft
	return tx.auditCommit(ctx, "plan.update", "plan", p.ID, before, p)
}

// DiscardPlan ends a draft without applying it, audited.
func (d *DB) DiscardPlan(ctx context.Context, id int64) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.draft(ctx, tx, id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE plans SET status = ? WHERE id = ?`, canbo.PlanDiscarded, id); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "plan.discard", "plan", id, nil, map[string]string{"status": canbo.PlanDiscarded})
}

// applyPlan applies a plan's events in tx in date order (the given order within a day) and
// returns their ids and appliers; an error names the event it comes from.
func (d *DB) applyPlan(ctx context.Context, tx *Tx, p *canbo.Plan, doc canbo.Document, codes map[string]bool) ([]*applier, error) {
	order := make([]int, len(p.Events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		da, _ := vn.ParseDay(p.Events[a].Date)
		db, _ := vn.ParseDay(p.Events[b].Date)
		return da.Compare(db)
	})
	if len(order) == 0 {
		return nil, canbo.Invalid("events", "err.sqlstore.plan.events")
	}
	var out []*applier
	for _, i := range order {
		e := p.Events[i]
		in := e.EventInput
		in.Date, _ = vn.ParseDay(e.Date)
		in.Document = doc
		a, err := d.apply(ctx, tx, in, codes, false)
		if err != nil {
			var ce *canbo.Error
			if errors.As(err, &ce) {
				return nil, &canbo.Error{Code: ce.Code, Field: fmt.Sprintf("events[%d].%s", i, ce.Field),
					Message: fmt.Sprintf("Sự kiện thứ %d (%s, %s): %s", i+1, e.Kind, vnDay(day(in.Date)), ce.Message)}
			}
			return nil, err
		}
		out = append(out, a)
	}
	return out, checkCodes(ctx, tx, codes)
}

// PreviewPlan applies a draft in a transaction that is rolled back and reports the moves and,
// for every unit that receives people, its people and members after the plan.
func (d *DB) PreviewPlan(ctx context.Context, id int64) (*canbo.PlanPreview, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := d.draft(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	appliers, err := d.applyPlan(ctx, tx, p, canbo.Document{}, map[string]bool{})
	if err != nil {
		return nil, mapError(err)
	}
	out := &canbo.PlanPreview{Moves: []canbo.Move{}, Units: []canbo.PlanResult{}}
	seen := map[int64]bool{}
	for _, a := range appliers {
		out.Moves = append(out.Moves, a.moves...)
		for _, t := range a.targets {
			if seen[t] {
				continue
			}
			seen[t] = true
			r := canbo.PlanResult{UnitID: t, Name: a.unitName(t)}
			err := tx.queryRow(ctx, `SELECT (SELECT COUNT(DISTINCT person_id) FROM posts WHERE unit_id = ? AND valid_from <= ? AND valid_to > ?),
				(SELECT COUNT(DISTINCT person_id) FROM party_cells WHERE cell_id = ? AND valid_from <= ? AND valid_to > ?),
				(SELECT COUNT(DISTINCT person_id) FROM posts WHERE unit_id = ? AND valid_from <= ? AND valid_to > ? AND title LIKE 'Bí thư%')`,
				t, a.on, a.on, t, a.on, a.on, t, a.on, a.on).Scan(&r.People, &r.Members, &r.Secretaries)
			if err != nil {
				return nil, mapError(err)
			}
			out.Units = append(out.Units, r)
		}
	}
	return out, nil
}

// ApplyPlan records every event of a draft under one document in one transaction, marks it
// applied and audits it with its events.
func (d *DB) ApplyPlan(ctx context.Context, id int64, doc canbo.Document) ([]*canbo.Event, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := d.draft(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	appliers, err := d.applyPlan(ctx, tx, p, doc, map[string]bool{})
	if err != nil {
		return nil, mapError(err)
	}
	var evs []*canbo.Event
	aes := []*audit.Event{}
	for _, a := range appliers {
		got, err := d.events(ctx, tx, `e.id = ?`, a.event)
		if err != nil {
			return nil, err
		}
		evs = append(evs, got[0])
		aes = append(aes, &audit.Event{Action: "unit.event", Entity: "unit", EntityID: strconv.FormatInt(mainUnit(got[0]), 10),
			After: audit.Redact(got[0]), Reason: "đề án #" + strconv.FormatInt(id, 10)})
		if len(a.moves) > 0 {
			aes = append(aes, carryAudit(a))
		}
	}
	now := d.Now().Format(time.RFC3339)
	if _, err := tx.exec(ctx, `UPDATE plans SET status = ?, applied_at = ? WHERE id = ?`, canbo.PlanApplied, now, id); err != nil {
		return nil, mapError(err)
	}
	aes = append(aes, &audit.Event{Action: "plan.apply", Entity: "plan", EntityID: strconv.FormatInt(id, 10),
		After: audit.Redact(map[string]any{"events": len(evs), "document": doc})})
	for _, e := range aes {
		if err := tx.audit(ctx, e); err != nil {
			return nil, mapError(err)
		}
	}
	return evs, tx.commitAudit(aes...)
}

// ProposePlan appends the events mirroring the draft's territory merges: for each merge of
// territory units, the units of each other tree linked to its sources (a ward's party
// committee, a neighbourhood's cell, the ward's People's Committee) are proposed to merge into
// the unit of that tree linked to its target — or, when the target has none, into the first of
// them. Proposals already in the plan are not repeated.
func (d *DB) ProposePlan(ctx context.Context, id int64) (*canbo.Plan, error) {
	p, err := d.FindPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != canbo.PlanDraft {
		return nil, canbo.Errork(canbo.ECONFLICT, "err.sqlstore.plan.conflict_2", id)
	}
	linked := func(unit int64, on string) (map[canbo.Hierarchy][]int64, error) {
		out := map[canbo.Hierarchy][]int64{}
		rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT CASE WHEN l.from_unit = ? THEN l.to_unit ELSE l.from_unit END, u.hierarchy
			FROM unit_links l JOIN units u ON u.id = CASE WHEN l.from_unit = ? THEN l.to_unit ELSE l.from_unit END
			WHERE (l.from_unit = ? OR l.to_unit = ?) AND l.valid_from <= ? AND l.valid_to > ? ORDER BY 1`), unit, unit, unit, unit, on, on)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var other int64
			var h canbo.Hierarchy
			if err := rows.Scan(&other, &h); err != nil {
				return nil, err
			}
			if h != canbo.Territory {
				out[h] = append(out[h], other)
			}
		}
		return out, rows.Err()
	}
	has := func(src []int64, target int64) bool {
		for _, e := range p.Events {
			if e.Kind == canbo.EventMerge && len(e.Targets) == 1 && e.Targets[0].UnitID == target && len(e.Sources) > 0 && e.Sources[0].UnitID == src[0] {
				return true
			}
		}
		return false
	}
	var proposed []canbo.PlanEvent
	for _, e := range p.Events {
		if e.Kind != canbo.EventMerge || len(e.Targets) != 1 || e.Targets[0].UnitID == 0 {
			continue
		}
		t, _ := vn.ParseDay(e.Date)
		before := day(t.AddDate(0, 0, -1))
		target, err := linked(e.Targets[0].UnitID, before)
		if err != nil {
			return nil, mapError(err)
		}
		if u, err := d.FindUnit(ctx, e.Targets[0].UnitID, t.AddDate(0, 0, -1)); err != nil || u.Hierarchy != canbo.Territory {
			continue
		}
		sources := map[canbo.Hierarchy][]int64{}
		for _, s := range e.Sources {
			if s.Partial {
				continue
			}
			l, err := linked(s.UnitID, before)
			if err != nil {
				return nil, mapError(err)
			}
			for h, ids := range l {
				sources[h] = append(sources[h], ids...)
			}
		}
		for _, h := range []canbo.Hierarchy{canbo.Party, canbo.State} {
			src := sources[h]
			if len(src) == 0 {
				continue
			}
			var to int64
			if len(target[h]) > 0 {
				to = target[h][0]
			} else {
				to, src = src[0], src[1:]
			}
			src = slices.DeleteFunc(src, func(id int64) bool { return id == to })
			if len(src) == 0 || has(src, to) {
				continue
			}
			pe := canbo.PlanEvent{Date: e.Date, Proposed: true, EventInput: canbo.EventInput{Kind: canbo.EventMerge,
				Targets: []canbo.Target{{UnitID: to}}, Note: "Đề xuất theo sáp nhập địa bàn"}}
			for _, s := range src {
				pe.Sources = append(pe.Sources, canbo.Source{UnitID: s})
			}
			proposed = append(proposed, pe)
		}
	}
	p.Events = append(p.Events, proposed...)
	if err := d.UpdatePlan(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}
