package sqlstore

import (
	"context"
	"strconv"
	"time"

	"canbo"
	"canbo/audit"
)

// LinkUnits records a cross-link between units of two different hierarchies.
func (d *DB) LinkUnits(ctx context.Context, l *canbo.UnitLink) error {
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.link(ctx, tx, l); err != nil {
		return mapError(err)
	}
	ae := &audit.Event{Action: "unit.link", Entity: "unit", EntityID: strconv.FormatInt(l.From, 10), After: audit.Redact(l)}
	if err := tx.audit(ctx, ae); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(ae)
}

func (d *DB) link(ctx context.Context, tx *Tx, l *canbo.UnitLink) error {
	if u := canbo.UserFromContext(ctx); u != nil && !u.Role.CanEdit() {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.event.forbidden")
	}
	if l.Relation != canbo.RelationBelongsTo {
		return canbo.Invalid("relation", "err.sqlstore.link.relation", l.Relation)
	}
	a := &applier{d: d, ctx: ctx, tx: tx, on: day(l.Start), date: l.Start, scope: canbo.ScopeFromContext(ctx)}
	from, err := a.at("from_unit", l.From)
	if err != nil {
		return err
	}
	to, err := a.at("to_unit", l.To)
	if err != nil {
		return err
	}
	if from.hierarchy == to.hierarchy {
		return canbo.Invalid("to_unit", "err.sqlstore.link.to_unit", from.name, to.name)
	}
	if l.End.IsZero() {
		l.End = canbo.Forever
	}
	if !l.Start.Before(l.End) {
		return canbo.Invalid("to", "err.sqlstore.link.to")
	}
	l.ID, err = tx.insert(ctx, `INSERT INTO unit_links (from_unit, to_unit, relation, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)`,
		l.From, l.To, l.Relation, day(l.Start), day(l.End))
	return err
}

// UnitLinks returns a unit's cross-links valid on a day, with the other unit as of that day.
func (d *DB) UnitLinks(ctx context.Context, id int64, on time.Time) ([]*canbo.UnitLink, error) {
	if _, err := d.FindUnit(ctx, id, on); err != nil {
		return nil, err
	}
	rows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT id, from_unit, to_unit, relation, valid_from, valid_to FROM unit_links
		WHERE (from_unit = ? OR to_unit = ?) AND valid_from <= ? AND valid_to > ? ORDER BY id`), id, id, day(on), day(on))
	if err != nil {
		return nil, mapError(err)
	}
	var links []*canbo.UnitLink
	for rows.Next() {
		var l canbo.UnitLink
		var from, to string
		if err := rows.Scan(&l.ID, &l.From, &l.To, &l.Relation, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		if l.Start, err = parseDay(from); err != nil {
			rows.Close()
			return nil, err
		}
		if l.End, err = parseDay(to); err != nil {
			rows.Close()
			return nil, err
		}
		links = append(links, &l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := links[:0]
	for _, l := range links {
		other := l.To
		if other == id {
			other = l.From
		}
		u, err := d.FindUnit(ctx, other, on)
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			continue // outside the caller's scope
		} else if err != nil {
			return nil, err
		}
		l.Other = u
		out = append(out, l)
	}
	return out, nil
}
