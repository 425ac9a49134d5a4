package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
	"canbo/vn"
)

// RecordEvent records a restructuring event and applies it to the units' versions in one
// transaction: either the whole event is recorded or nothing is.
func (d *DB) RecordEvent(ctx context.Context, in canbo.EventInput) (*canbo.Event, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	codes := map[string]bool{}
	a, err := d.apply(ctx, tx, in, codes, false)
	if err == nil {
		err = checkCodes(ctx, tx, codes)
	}
	if err != nil {
		return nil, mapError(err)
	}
	evs, err := d.events(ctx, tx, `e.id = ?`, a.event)
	if err != nil {
		return nil, err
	}
	ev := evs[0]
	// Audited last: on PostgreSQL the audit append holds the chain lock until the commit.
	ae := &audit.Event{Action: "unit.event", Entity: "unit", EntityID: strconv.FormatInt(mainUnit(ev), 10),
		After: audit.Redact(ev), Reason: strings.TrimSpace(ev.Document.Number + " " + ev.Document.Issuer)}
	aes := []*audit.Event{ae}
	if len(a.moves) > 0 {
		aes = append(aes, carryAudit(a))
	}
	for _, e := range aes {
		if err := tx.audit(ctx, e); err != nil {
			return nil, mapError(err)
		}
	}
	if err := tx.commitAudit(aes...); err != nil {
		return nil, err
	}
	return ev, nil
}

// mainUnit is the unit an event is chiefly about: its subject, or the successor of a merge or
// split, for the audit trail's "unit" filter.
func mainUnit(ev *canbo.Event) int64 {
	id := ev.Links[0].UnitID
	for _, l := range ev.Links {
		if l.Role == canbo.RoleSubject || l.Role == canbo.RoleSuccessor {
			id = l.UnitID
		}
	}
	return id
}

// PreviewEvent applies the event in a transaction that is rolled back and returns, for every
// parent the event touches (0 for the top level), its children on the event's date.
func (d *DB) PreviewEvent(ctx context.Context, in canbo.EventInput) (map[int64][]*canbo.Unit, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	codes := map[string]bool{}
	id, _, err := d.applyEvent(ctx, tx, in, codes, false)
	if err == nil {
		err = checkCodes(ctx, tx, codes)
	}
	if err != nil {
		return nil, mapError(err)
	}
	on, before := day(in.Date), day(in.Date.AddDate(0, 0, -1))
	q := cat(frag(`SELECT DISTINCT COALESCE(v.parent_id, 0), u.hierarchy FROM unit_versions v
		JOIN units u ON u.id = v.unit_id
		JOIN event_links l ON l.unit_id = v.unit_id AND l.event_id = ?
		WHERE (`, id), validOn("v", on), frag(`) OR (`), validOn("v", before), frag(`)`))
	rows, err := tx.query(ctx, q.sql, q.args...)
	if err != nil {
		return nil, mapError(err)
	}
	type parent struct {
		id   int64
		hier canbo.Hierarchy
	}
	var parents []parent
	for rows.Next() {
		var p parent
		if err := rows.Scan(&p.id, &p.hier); err != nil {
			rows.Close()
			return nil, err
		}
		parents = append(parents, p)
	}
	rows.Close()
	out := make(map[int64][]*canbo.Unit)
	for _, p := range parents {
		f := canbo.UnitFilter{AsOf: in.Date, Parent: p.id, Roots: p.id == 0, Hierarchy: p.hier}
		units, _, err := d.findUnits(ctx, tx, f)
		if err != nil {
			return nil, err
		}
		out[p.id] = units
	}
	return out, nil
}

// version is one row of unit_versions with its unit's hierarchy.
type version struct {
	id        int64
	unitID    int64
	hierarchy canbo.Hierarchy
	from, to  string
	name      string
	code      string
	kind      string
	parentID  int64
}

// applier applies one event inside a transaction.
type applier struct {
	d     *DB
	ctx   context.Context
	tx    *Tx
	event int64
	on    string // the event's date
	date  time.Time
	scope canbo.Scope
	// codes collects the official codes given out, checked for clashes once the event is
	// applied (a merge may hand a code from an ending unit to a new one); nil in a batch,
	// which checks every code at its end.
	codes   map[string]bool
	created []int64
	// ended lists the units the event ends and targets its merge or split targets in the
	// order given, for carrying the ended units' people (carry.go).
	ended   []int64
	targets []int64
	moves   []canbo.Move
	carried []carriedRow
	// quotas are a merge target's quotas from the event's date, for the form (carryQuotas).
	quotas []canbo.CarriedQuota
}

var codePattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z./-]{0,29}$`)

func cleanName(field, s string) (string, error) {
	s = vn.Clean(s)
	switch {
	case s == "":
		return "", canbo.Invalid(field, "err.sqlstore.event.name_empty")
	case utf8.RuneCountInString(s) > 200:
		return "", canbo.Invalid(field, "err.sqlstore.event.name_long")
	}
	return s, nil
}

func cleanCode(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s != "" && !codePattern.MatchString(s) {
		return "", canbo.Invalid(field, "err.sqlstore.event.code_invalid", s)
	}
	return s, nil
}

// applyEvent records one event in tx and returns its id and the units it created. A baseline
// event (only from imports) may have a zero date: the units existed before the records start.
func (d *DB) applyEvent(ctx context.Context, tx *Tx, in canbo.EventInput, codes map[string]bool, baseline bool) (int64, []int64, error) {
	a, err := d.apply(ctx, tx, in, codes, baseline)
	if err != nil {
		return 0, nil, err
	}
	return a.event, a.created, nil
}

// apply is applyEvent returning the applier, whose moves the preview reports.
func (d *DB) apply(ctx context.Context, tx *Tx, in canbo.EventInput, codes map[string]bool, baseline bool) (*applier, error) {
	if u := canbo.UserFromContext(ctx); u != nil && !u.Role.CanEdit() {
		return nil, canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.event.forbidden")
	}
	if !(baseline && in.Date.IsZero() && in.Kind == canbo.EventCreate) && (in.Date.Year() < 1900 || in.Date.Year() > 2200) {
		return nil, canbo.Invalid("date", "err.sqlstore.event.date")
	}
	doc := in.Document
	doc.Number, doc.Issuer = vn.Clean(doc.Number), vn.Clean(doc.Issuer)
	if utf8.RuneCountInString(doc.Number) > 100 || utf8.RuneCountInString(doc.Issuer) > 300 {
		return nil, canbo.Invalid("document", "err.sqlstore.event.document")
	}
	var createdBy any
	if u := canbo.UserFromContext(ctx); u != nil {
		createdBy = u.ID
	}
	a := &applier{d: d, ctx: ctx, tx: tx, on: day(in.Date), date: in.Date, scope: canbo.ScopeFromContext(ctx), codes: codes}
	var err error
	a.event, err = tx.insert(ctx, `INSERT INTO events (kind, effective, doc_number, doc_date, doc_issuer, note, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, string(in.Kind), a.on, doc.Number, isoOrEmpty(doc.Date), doc.Issuer, vn.Clean(in.Note),
		d.Now().Format(time.RFC3339), createdBy)
	if err != nil {
		return nil, err
	}
	switch in.Kind {
	case canbo.EventCreate:
		err = a.create(in)
	case canbo.EventRename:
		err = a.rename(in)
	case canbo.EventChangeKind:
		err = a.changeKind(in)
	case canbo.EventMove:
		err = a.move(in)
	case canbo.EventMerge:
		err = a.merge(in)
	case canbo.EventSplit:
		err = a.split(in)
	case canbo.EventDissolve:
		err = a.dissolve(in)
	default:
		err = canbo.Invalid("kind", "err.sqlstore.event.kind", in.Kind)
	}
	if err == nil {
		err = a.carry(in, baseline)
	}
	return a, err
}

func (a *applier) create(in canbo.EventInput) error {
	if in.New == nil {
		return canbo.Invalid("new", "err.sqlstore.event.new")
	}
	id, err := a.newUnit("new", *in.New)
	if err != nil {
		return err
	}
	return a.link(id, canbo.RoleSubject, false, false)
}

func (a *applier) rename(in canbo.EventInput) error {
	if in.Name == "" && in.Code == nil {
		return canbo.Invalid("name", "err.sqlstore.event.name")
	}
	name, code := "", ""
	var err error
	if in.Name != "" {
		if name, err = cleanName("name", in.Name); err != nil {
			return err
		}
	}
	if in.Code != nil {
		if code, err = cleanCode("code", *in.Code); err != nil {
			return err
		}
	}
	err = a.change("unit_id", in.UnitID, func(v *version) error {
		if name != "" {
			v.name = name
		}
		if in.Code != nil {
			v.code = code
		}
		return nil
	})
	if err != nil {
		return err
	}
	return a.link(in.UnitID, canbo.RoleSubject, false, false)
}

func (a *applier) changeKind(in canbo.EventInput) error {
	err := a.change("unit_id", in.UnitID, func(v *version) error {
		if err := a.checkKind("unit_kind", in.UnitKind, v.hierarchy); err != nil {
			return err
		}
		v.kind = in.UnitKind
		return nil
	})
	if err != nil {
		return err
	}
	return a.link(in.UnitID, canbo.RoleSubject, false, false)
}

func (a *applier) move(in canbo.EventInput) error {
	err := a.change("unit_id", in.UnitID, func(v *version) error {
		if err := a.checkParent("parent_id", in.ParentID, v.hierarchy); err != nil {
			return err
		}
		if in.ParentID == v.unitID {
			return canbo.Invalid("parent_id", "err.sqlstore.event.parent_id")
		}
		if err := a.noCycle("parent_id", v, in.ParentID); err != nil {
			return err
		}
		v.parentID = in.ParentID
		return nil
	})
	if err != nil {
		return err
	}
	return a.link(in.UnitID, canbo.RoleSubject, false, false)
}

// noCycle refuses to hang unit v under parent from the event's date on if, on any day from
// then on, parent is v itself or lies below v. Every day counts, not only the event's: an event
// recorded late (back-dated) must not, together with changes already recorded for later days,
// make two units each other's ancestors — every subtree query touching them would then never
// end. The walk up from parent carries the period in which the chain so far holds (the
// intersection of the versions' periods), so only chains that exist on one same day count;
// UNION, not UNION ALL, ends the walk even in data that already has a cycle.
func (a *applier) noCycle(field string, v *version, parent int64) error {
	var n int
	q := cat(with(ancestorsFrom(parent, a.on, v.unitID)), frag(`SELECT COUNT(*) FROM ancestors WHERE id = ?`, v.unitID))
	if err := a.tx.queryRow(a.ctx, q.sql, q.args...).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return canbo.Invalid(field, "err.sqlstore.event.parent_loop_later",
			v.name, a.date.Format("02/01/2006"))
	}
	return nil
}

func (a *applier) merge(in canbo.EventInput) error {
	if len(in.Sources) == 0 {
		return canbo.Invalid("sources", "err.sqlstore.event.sources")
	}
	if len(in.Targets) != 1 {
		return canbo.Invalid("targets", "err.sqlstore.event.targets")
	}
	target, err := a.target("targets", in.Targets[0])
	if err != nil {
		return err
	}
	a.targets = []int64{target}
	tv, err := a.at("targets", target)
	if err != nil {
		return err
	}
	seen := map[int64]bool{target: true}
	for _, s := range in.Sources {
		if seen[s.UnitID] {
			return canbo.Invalid("sources", "err.sqlstore.event.source_twice", s.UnitID)
		}
		seen[s.UnitID] = true
		sv, err := a.at("sources", s.UnitID)
		if err != nil {
			return err
		}
		if sv.hierarchy != tv.hierarchy {
			return canbo.Invalid("sources", "err.sqlstore.event.hierarchies_differ", sv.name, tv.name)
		}
		ended := !s.Partial || s.End
		if ended {
			// Whatever still hangs under a unit merged whole now belongs to the unit it joined.
			children, err := a.children(s.UnitID)
			if err != nil {
				return err
			}
			for _, c := range children {
				if err := a.change("sources", c, func(v *version) error {
					if err := a.noCycle("sources", v, target); err != nil {
						return err
					}
					v.parentID = target
					return nil
				}); err != nil {
					return err
				}
			}
			// Nothing hangs under it any more: end it without looking for children again.
			cur, err := a.endable("sources", s.UnitID)
			if err != nil {
				return err
			}
			if err := a.finish(cur); err != nil {
				return err
			}
		}
		if err := a.link(s.UnitID, canbo.RolePredecessor, s.Partial, ended); err != nil {
			return err
		}
	}
	return a.link(target, canbo.RoleSuccessor, false, false)
}

func (a *applier) split(in canbo.EventInput) error {
	if len(in.Sources) != 1 {
		return canbo.Invalid("sources", "err.sqlstore.event.split_one_source")
	}
	s := in.Sources[0]
	if len(in.Targets) < 2 && !s.Partial {
		return canbo.Invalid("targets", "err.sqlstore.event.split_two_targets")
	}
	sv, err := a.at("sources", s.UnitID)
	if err != nil {
		return err
	}
	seen := map[int64]bool{s.UnitID: true}
	for _, t := range in.Targets {
		id, err := a.target("targets", t)
		if err != nil {
			return err
		}
		if seen[id] {
			return canbo.Invalid("targets", "err.sqlstore.event.target_twice", id)
		}
		seen[id] = true
		a.targets = append(a.targets, id)
		tv, err := a.at("targets", id)
		if err != nil {
			return err
		}
		if tv.hierarchy != sv.hierarchy {
			return canbo.Invalid("targets", "err.sqlstore.event.hierarchies_differ", sv.name, tv.name)
		}
		if err := a.link(id, canbo.RoleSuccessor, false, false); err != nil {
			return err
		}
	}
	ended := !s.Partial || s.End
	if ended {
		if err := a.end("sources", s.UnitID); err != nil {
			return err
		}
	}
	return a.link(s.UnitID, canbo.RolePredecessor, s.Partial, ended)
}

func (a *applier) dissolve(in canbo.EventInput) error {
	if err := a.end("unit_id", in.UnitID); err != nil {
		return err
	}
	return a.link(in.UnitID, canbo.RoleSubject, false, true)
}

// target returns the id of an existing target, or creates the new one.
func (a *applier) target(field string, t canbo.Target) (int64, error) {
	if t.New != nil {
		return a.newUnit(field, *t.New)
	}
	if t.UnitID == 0 {
		return 0, canbo.Invalid(field, "err.sqlstore.event.target_missing")
	}
	return t.UnitID, nil
}

func (a *applier) newUnit(field string, nu canbo.NewUnit) (int64, error) {
	if !nu.Hierarchy.Valid() {
		return 0, canbo.Invalid(field, "err.sqlstore.event.hierarchy_invalid", nu.Hierarchy)
	}
	name, err := cleanName(field, nu.Name)
	if err != nil {
		return 0, err
	}
	code, err := cleanCode(field, nu.Code)
	if err != nil {
		return 0, err
	}
	if err := a.checkKind(field, nu.Kind, nu.Hierarchy); err != nil {
		return 0, err
	}
	if nu.ParentID != 0 {
		if err := a.checkParent(field, nu.ParentID, nu.Hierarchy); err != nil {
			return 0, err
		}
	} else if !a.scope.All {
		return 0, canbo.Invalid(field, "err.sqlstore.event.top_level_admin")
	}
	id, err := a.tx.insert(a.ctx, `INSERT INTO units (hierarchy, created_at) VALUES (?, ?)`, string(nu.Hierarchy), a.d.Now().Format(time.RFC3339))
	if err != nil {
		return 0, err
	}
	a.created = append(a.created, id)
	v := version{unitID: id, hierarchy: nu.Hierarchy, from: a.on, name: name, code: code, kind: nu.Kind, parentID: nu.ParentID}
	return id, a.insertVersion(&v)
}

func (a *applier) insertVersion(v *version) error {
	var parent any
	if v.parentID != 0 {
		parent = v.parentID
	}
	v.to = day(canbo.Forever)
	var err error
	v.id, err = a.tx.insertID(a.ctx, `INSERT INTO unit_versions (unit_id, valid_from, valid_to, name, name_fold, sort_key, code, kind, parent_id, event_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.unitID, v.from, v.to, v.name, vn.Fold(v.name), vn.Key(v.name),
		v.code, v.kind, parent, a.event)
	a.noteCode(v.code)
	if err == nil {
		a.tx.remember(*v)
	}
	return err
}

func (a *applier) noteCode(code string) {
	if code != "" && a.codes != nil {
		a.codes[code] = true
	}
}

// at returns the version of a unit valid on the event's date, if the caller may see it.
func (a *applier) at(field string, id int64) (*version, error) {
	v, known := a.tx.knownVersion(id, a.on)
	if !known {
		var parent sql.NullInt64
		q := cat(frag(`SELECT v.id, v.unit_id, u.hierarchy, v.valid_from, v.valid_to, v.name, v.code, v.kind, v.parent_id
			FROM unit_versions v JOIN units u ON u.id = v.unit_id WHERE v.unit_id = ? AND `, id), validOn("v", a.on))
		err := a.tx.queryRow(a.ctx, q.sql, q.args...).
			Scan(&v.id, &v.unitID, &v.hierarchy, &v.from, &v.to, &v.name, &v.code, &v.kind, &parent)
		if err == sql.ErrNoRows {
			return nil, canbo.Invalid(field, "err.sqlstore.bulk.unit_missing_on", id, a.date.Format("02/01/2006"))
		} else if err != nil {
			return nil, err
		}
		v.parentID = parent.Int64
		a.tx.remember(v)
	}
	if ok, err := a.visible(id); err != nil {
		return nil, err
	} else if !ok {
		return nil, canbo.Invalid(field, "err.sqlstore.bulk.unit_missing_on", id, a.date.Format("02/01/2006"))
	}
	return &v, nil
}

// visible reports whether the caller's scope contains the unit on the event's date.
func (a *applier) visible(id int64) (bool, error) {
	scope, ok := scopeUnits(a.scope, a.on)
	if !ok {
		return true, nil
	}
	var n int
	q := cat(with(scope.cte), frag(`SELECT COUNT(*) FROM `+scope.name+` WHERE id = ?`, id))
	err := a.tx.queryRow(a.ctx, q.sql, q.args...).Scan(&n)
	return n > 0, err
}

// last returns the unit's version on the event's date and insists it is the latest one: events
// are recorded in date order per unit, so a change never silently rewrites a later one.
func (a *applier) last(field string, id int64) (*version, error) {
	v, err := a.at(field, id)
	if err != nil {
		return nil, err
	}
	if v.to != day(canbo.Forever) {
		t, _ := parseDay(v.to)
		return nil, canbo.Invalid(field, "err.sqlstore.event.out_of_order",
			v.name, t.Format("02/01/2006"))
	}
	return v, nil
}

// change closes the unit's current version on the event's date and opens a changed one. A
// version opened the same day (an earlier event of the same day) is changed in place.
func (a *applier) change(field string, id int64, mutate func(*version) error) error {
	cur, err := a.last(field, id)
	if err != nil {
		return err
	}
	next := *cur
	if err := mutate(&next); err != nil {
		return err
	}
	if cur.from == a.on {
		var parent any
		if next.parentID != 0 {
			parent = next.parentID
		}
		_, err := a.tx.exec(a.ctx, `UPDATE unit_versions SET name = ?, name_fold = ?, sort_key = ?, code = ?, kind = ?, parent_id = ? WHERE id = ?`,
			next.name, vn.Fold(next.name), vn.Key(next.name), next.code, next.kind, parent, cur.id)
		a.noteCode(next.code)
		if err == nil {
			a.tx.remember(next)
		}
		return err
	}
	if err := a.close(cur); err != nil {
		return err
	}
	next.from = a.on
	return a.insertVersion(&next)
}

// close ends a version on the event's date.
func (a *applier) close(cur *version) error {
	if _, err := a.tx.exec(a.ctx, `UPDATE unit_versions SET valid_to = ? WHERE id = ?`, a.on, cur.id); err != nil {
		return err
	}
	closed := *cur
	closed.to = a.on
	a.tx.remember(closed)
	return nil
}

// end closes a unit's existence on the event's date. A unit with children that day cannot end:
// they would be left hanging from a unit that no longer exists.
func (a *applier) end(field string, id int64) error {
	cur, err := a.endable(field, id)
	if err != nil {
		return err
	}
	children, err := a.children(id)
	if err != nil {
		return err
	}
	if len(children) > 0 {
		return canbo.Invalid(field, "err.sqlstore.event.has_children",
			cur.name, len(children), a.date.Format("02/01/2006"))
	}
	return a.finish(cur)
}

// endable returns the version of a unit that may end on the event's date: its latest, begun
// before that day.
func (a *applier) endable(field string, id int64) (*version, error) {
	cur, err := a.last(field, id)
	if err != nil {
		return nil, err
	}
	if cur.from == a.on {
		return nil, canbo.Invalid(field, "err.sqlstore.event.same_day_end", cur.name, a.date.Format("02/01/2006"))
	}
	return cur, nil
}

// finish ends a unit, with nothing under it, on the event's date.
func (a *applier) finish(cur *version) error {
	a.ended = append(a.ended, cur.unitID)
	return a.close(cur)
}

func (a *applier) children(id int64) ([]int64, error) {
	q := cat(frag(`SELECT v.unit_id FROM unit_versions v WHERE v.parent_id = ? AND `, id), validOn("v", a.on))
	rows, err := a.tx.query(a.ctx, q.sql, q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var c int64
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		ids = append(ids, c)
	}
	return ids, rows.Err()
}

func (a *applier) checkKind(field, kind string, h canbo.Hierarchy) error {
	kh, err := a.kindHierarchy(kind)
	if err == sql.ErrNoRows {
		return canbo.Invalid(field, "err.sqlstore.event.kind_unknown", kind)
	} else if err != nil {
		return err
	}
	if kh != h {
		return canbo.Invalid(field, "err.sqlstore.event.kind_hierarchy", kind, h)
	}
	return nil
}

// kindHierarchy returns the hierarchy of a unit kind; a batch reads each kind once.
func (a *applier) kindHierarchy(kind string) (canbo.Hierarchy, error) {
	if b := a.tx.batch; b != nil {
		if h, ok := b.kinds[kind]; ok {
			return h, nil
		}
	}
	var h canbo.Hierarchy
	err := a.tx.queryRow(a.ctx, `SELECT hierarchy FROM unit_kinds WHERE code = ?`, kind).Scan(&h)
	if err == nil && a.tx.batch != nil {
		a.tx.batch.kinds[kind] = h
	}
	return h, err
}

func (a *applier) checkParent(field string, parent int64, h canbo.Hierarchy) error {
	if parent == 0 {
		return canbo.Invalid(field, "err.sqlstore.event.parent_missing")
	}
	pv, err := a.at(field, parent)
	if err != nil {
		return canbo.Invalid(field, "err.sqlstore.event.parent_missing_on", parent, a.date.Format("02/01/2006"))
	}
	if pv.hierarchy != h {
		return canbo.Invalid(field, "err.sqlstore.event.parent_other_hierarchy", pv.name)
	}
	return nil
}

func (a *applier) link(unit int64, role string, partial, ended bool) error {
	return a.tx.insertLink(a.ctx, a.event, unit, role, partial, ended)
}

// checkCodes refuses an official code held by two units of one hierarchy on the same day.
func checkCodes(ctx context.Context, tx *Tx, codes map[string]bool) error {
	for code := range codes {
		if err := checkCode(ctx, tx, code); err != nil {
			return err
		}
	}
	return nil
}

// checkCode looks for a clash on one code, or on every code when code is empty.
func checkCode(ctx context.Context, tx *Tx, code string) error {
	var n1, n2, from string
	where, args := `a.code <> ''`, []any{}
	if code != "" {
		where, args = `a.code = ?`, []any{code}
	}
	err := tx.queryRow(ctx, `SELECT a.code, a.name, b.name, CASE WHEN a.valid_from > b.valid_from THEN a.valid_from ELSE b.valid_from END
		FROM unit_versions a JOIN units ua ON ua.id = a.unit_id
		JOIN unit_versions b ON b.code = a.code AND b.unit_id > a.unit_id AND a.valid_from < b.valid_to AND b.valid_from < a.valid_to
		JOIN units ub ON ub.id = b.unit_id AND ub.hierarchy = ua.hierarchy
		WHERE `+where+` LIMIT 1`, args...).Scan(&code, &n1, &n2, &from)
	if err == sql.ErrNoRows {
		return nil
	} else if err != nil {
		return err
	}
	t, _ := parseDay(from)
	return canbo.Invalid("code", "err.sqlstore.event.code", code, n1, n2, t.Format("02/01/2006"))
}

// UnitHistory returns the events that touched a unit, oldest first.
func (d *DB) UnitHistory(ctx context.Context, id int64, on time.Time) ([]*canbo.Event, error) {
	if _, err := d.FindUnitEver(ctx, id, on); err != nil {
		return nil, err
	}
	return d.events(ctx, d.db, `e.id IN (SELECT event_id FROM event_links WHERE unit_id = ?)`, id)
}

// events loads events with their links; each linked unit is named as it was on the day that
// matters (the day before, for units that ended or gave up a part).
func (d *DB) events(ctx context.Context, db queryer, where string, args ...any) ([]*canbo.Event, error) {
	const named = `FROM unit_versions v WHERE v.unit_id = l.unit_id AND (v.valid_from < e.effective OR
		(v.valid_from = e.effective AND l.role <> 'predecessor' AND NOT l.ended)) ORDER BY v.valid_from DESC LIMIT 1`
	rows, err := db.QueryContext(ctx, d.dialect.rebind(`SELECT e.id, e.kind, e.effective, e.doc_number, e.doc_date, e.doc_issuer, e.note, e.created_at,
		l.unit_id, l.role, l.partial, l.ended, COALESCE((SELECT v.name `+named+`), ''), COALESCE((SELECT v.code `+named+`), '')
		FROM events e JOIN event_links l ON l.event_id = e.id
		WHERE `+where+` ORDER BY e.effective, e.id, l.role, l.unit_id`), args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var evs []*canbo.Event
	for rows.Next() {
		var e canbo.Event
		var l canbo.EventLink
		var eff, docDate, created string
		if err := rows.Scan(&e.ID, &e.Kind, &eff, &e.Document.Number, &docDate, &e.Document.Issuer, &e.Note, &created,
			&l.UnitID, &l.Role, &l.Partial, &l.Ended, &l.Name, &l.Code); err != nil {
			return nil, err
		}
		if n := len(evs); n > 0 && evs[n-1].ID == e.ID {
			evs[n-1].Links = append(evs[n-1].Links, l)
			continue
		}
		if e.Date, err = parseDay(eff); err != nil {
			return nil, err
		}
		if docDate != "" {
			if e.Document.Date, err = parseDay(docDate); err != nil {
				return nil, err
			}
		}
		if e.CreatedAt, err = time.Parse(time.RFC3339, created); err != nil {
			return nil, fmt.Errorf("stored time %q: %w", created, err)
		}
		e.Links = []canbo.EventLink{l}
		evs = append(evs, &e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(evs) == 0 && strings.HasPrefix(where, "e.id = ") {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.event.notfound")
	}
	return evs, nil
}
