package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/audit"
	"canbo/programme"
	"canbo/validate"
	"canbo/vn"
)

var _ canbo.ProgrammeService = (*DB)(nil)

// Years a programme may have: the records start well after 1990, and planning further than a
// term ahead is not a work programme.
const minProgrammeYear, maxProgrammeYear = 1990, 2100

// programmeDay is the day a programme's units are looked at, for scope and existence: today
// while the year runs, else its last day (a past programme is seen as its units stood then) or
// its first (a programme adopted ahead).
func (d *DB) programmeDay(year int) time.Time {
	first := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	now := d.Now().UTC().Truncate(24 * time.Hour)
	switch {
	case now.Before(first):
		return first
	case now.After(last):
		return last
	}
	return now
}

// programmeRow is a programme as stored.
type programmeRow struct {
	canbo.Programme
	// ownerSees: the caller's scope holds the owner unit, so it sees every item.
	ownerSees bool
}

// loadProgramme reads a programme the caller sees: the owner unit or the presiding unit of one
// of its items is in scope; anything else is not found.
func (d *DB) loadProgramme(ctx context.Context, db queryer, id int64) (*programmeRow, error) {
	var p programmeRow
	q, args := frag(`SELECT id, owner_unit_id, year, title, theme FROM programmes WHERE id = ?`, id).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	found := rows.Next()
	if found {
		err = rows.Scan(&p.ID, &p.OwnerUnitID, &p.Year, &p.Title, &p.Theme)
	}
	rows.Close()
	if err != nil {
		return nil, err
	} else if !found {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.notfound")
	}
	if s := canbo.ScopeFromContext(ctx); s.All {
		p.ownerSees = true
	} else {
		var owner, items int
		on := day(d.programmeDay(p.Year))
		err := queryOne(ctx, d, db, cat(frag(`SELECT
			(SELECT COUNT(*) FROM units u WHERE u.id = ? AND `, p.OwnerUnitID), unitInScope(s, "u.id", on), frag(`),
			(SELECT COUNT(*) FROM programme_items i WHERE i.programme_id = ? AND `, p.ID), unitInScope(s, "i.presiding_unit_id", on), frag(`)`)),
			&owner, &items)
		if err != nil {
			return nil, err
		}
		if owner == 0 && items == 0 {
			return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.notfound")
		}
		p.ownerSees = owner > 0
	}
	p.OwnerUnitName, err = d.unitName(ctx, db, p.OwnerUnitID, d.programmeDay(p.Year))
	return &p, err
}

// queryOne scans the single row of a query run on db (a transaction or the pool).
func queryOne(ctx context.Context, d *DB, db queryer, f fragment, dest ...any) error {
	q, args := f.bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	return rows.Scan(dest...)
}

// unitNameOn is the name of the unit whose id is the column col, as of the day: the version in
// force then, or the nearest one (a dissolved unit keeps its last name, a unit not yet created
// shows its first). col is a column of the enclosing query, never user input.
func unitNameOn(col, on string) fragment {
	return frag(`COALESCE((SELECT n.name FROM unit_versions n WHERE n.unit_id = `+col+` AND n.valid_from <= ? ORDER BY n.valid_from DESC LIMIT 1),
		(SELECT n.name FROM unit_versions n WHERE n.unit_id = `+col+` ORDER BY n.valid_from LIMIT 1), '')`, on)
}

func (d *DB) unitName(ctx context.Context, db queryer, id int64, on time.Time) (string, error) {
	var name string
	err := queryOne(ctx, d, db, cat(frag(`SELECT `), unitNameOn("u.id", day(on)), frag(` FROM units u WHERE u.id = ?`, id)), &name)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return name, err
}

// mayEditProgrammes refuses a caller whose role may not record changes.
func mayEditProgrammes(ctx context.Context) error {
	if u := canbo.UserFromContext(ctx); u != nil && !u.Role.CanEdit() {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.programme.forbidden")
	}
	return nil
}

// unitOn checks that a unit exists on a day and lies in the caller's scope then; field names
// the input for the message.
func (d *DB) unitOn(ctx context.Context, tx *Tx, field string, id int64, on time.Time) error {
	if id <= 0 {
		return canbo.Invalid(field, "err.sqlstore.programme.unit_missing", field)
	}
	a := &applier{d: d, ctx: ctx, tx: tx, on: day(on), date: on, scope: canbo.ScopeFromContext(ctx)}
	_, err := a.at(field, id)
	return err
}

// CreateProgramme records a programme of an owner unit the caller may edit, audited.
func (d *DB) CreateProgramme(ctx context.Context, p *canbo.Programme) error {
	if err := mayEditProgrammes(ctx); err != nil {
		return err
	}
	if p.Year < minProgrammeYear || p.Year > maxProgrammeYear {
		return canbo.Invalid("year", "err.sqlstore.programme.year_range", p.Year, minProgrammeYear, maxProgrammeYear)
	}
	var err error
	if p.Title, err = validate.Text("title", p.Title, 500); err != nil {
		return err
	} else if p.Title == "" {
		return canbo.Invalid("title", "err.sqlstore.programme.title_missing")
	}
	if p.Theme, err = validate.Text("theme", p.Theme, 1000); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	on := d.programmeDay(p.Year)
	if err := d.unitOn(ctx, tx, "owner_unit_id", p.OwnerUnitID, on); err != nil {
		return err
	}
	if p.ID, err = tx.insert(ctx, `INSERT INTO programmes (owner_unit_id, year, title, theme, created_at) VALUES (?, ?, ?, ?, ?)`,
		p.OwnerUnitID, p.Year, p.Title, p.Theme, d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	if p.OwnerUnitName, err = d.unitName(ctx, tx, p.OwnerUnitID, on); err != nil {
		return err
	}
	return tx.auditCommit(ctx, "programme.create", "programme", p.ID, nil, p)
}

// Programmes lists the programmes the caller sees, newest year first, with the number of items
// each shows the caller.
func (d *DB) Programmes(ctx context.Context, f canbo.ProgrammeFilter) ([]*canbo.Programme, error) {
	var conds []fragment
	if f.Year != 0 {
		conds = append(conds, frag(`year = ?`, f.Year))
	}
	if f.OwnerUnitID != 0 {
		conds = append(conds, frag(`owner_unit_id = ?`, f.OwnerUnitID))
	}
	q, args := cat(frag(`SELECT id FROM programmes WHERE 1 = 1`), and(conds...), frag(` ORDER BY year DESC, id`)).bind(d.dialect)
	ids, err := queryIDs(ctx, d.db, q, args...)
	if err != nil {
		return nil, err
	}
	// Scope depends on each programme's year, so each is checked as it is read; a city holds
	// tens of programmes a year, not thousands.
	out := []*canbo.Programme{}
	for _, id := range ids {
		p, err := d.loadProgramme(ctx, d.db, id)
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		items, err := d.loadItems(ctx, d.db, p, itemQuery{noPosts: true}, d.programmeDay(p.Year))
		if err != nil {
			return nil, err
		}
		p.ItemCount = len(items)
		out = append(out, &p.Programme)
	}
	return out, nil
}

// Programme returns a programme with the items the caller sees, ordered by deadline.
func (d *DB) Programme(ctx context.Context, id int64, asOf time.Time) (*canbo.Programme, error) {
	p, err := d.loadProgramme(ctx, d.db, id)
	if err != nil {
		return nil, err
	}
	if p.Items, err = d.loadItems(ctx, d.db, p, itemQuery{}, asOf); err != nil {
		return nil, err
	}
	return &p.Programme, nil
}

// itemQuery narrows the items loaded.
type itemQuery struct {
	id      int64
	head    int64
	noPosts bool // figures only: the heads' posts are not read
}

// loadItems reads the items of a programme the caller sees (all of them when the owner unit is
// in scope, else those whose presiding unit is), with their status histories and coordinating
// units; heads are shown with the post they hold on asOf (or on the item's first day).
func (d *DB) loadItems(ctx context.Context, db queryer, p *programmeRow, iq itemQuery, asOf time.Time) ([]*canbo.ProgrammeItem, error) {
	on := day(asOf)
	conds := []fragment{}
	if s := canbo.ScopeFromContext(ctx); !p.ownerSees && !s.All {
		conds = append(conds, unitInScope(s, "i.presiding_unit_id", day(d.programmeDay(p.Year))))
	}
	if iq.id != 0 {
		conds = append(conds, frag(`i.id = ?`, iq.id))
	}
	if iq.head != 0 {
		conds = append(conds, frag(`i.head_person_id = ?`, iq.head))
	}
	q, args := cat(frag(`SELECT i.id, i.programme_id, COALESCE(i.parent_item_id, 0), i.title, i.kind, i.arising, i.due, i.created_on,
		i.head_person_id, h.full_name, i.presiding_unit_id, `), unitNameOn("i.presiding_unit_id", on), frag(`, i.product
		FROM programme_items i JOIN people h ON h.id = i.head_person_id WHERE i.programme_id = ?`, p.ID), and(conds...),
		frag(` ORDER BY i.due, i.id`)).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	items := []*canbo.ProgrammeItem{}
	byID := map[int64]*canbo.ProgrammeItem{}
	for rows.Next() {
		it := &canbo.ProgrammeItem{Statuses: []canbo.ItemStatusChange{}, CoordinatingUnits: []int64{}}
		if err := rows.Scan(&it.ID, &it.ProgrammeID, &it.ParentItemID, &it.Title, &it.Kind, &it.Arising, &it.Due, &it.Created,
			&it.HeadPersonID, &it.HeadName, &it.PresidingUnitID, &it.PresidingUnitName, &it.Product); err != nil {
			rows.Close()
			return nil, err
		}
		items = append(items, it)
		byID[it.ID] = it
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(items) == 0 {
		return items, err
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	if err := queryEach(ctx, d, db, cat(frag(`SELECT id, item_id, status, on_day, new_due, note FROM programme_item_statuses
		WHERE item_id IN (`), listOf(ids), frag(`) ORDER BY on_day, id`)), func(r *sql.Rows) error {
		var s canbo.ItemStatusChange
		if err := r.Scan(&s.ID, &s.ItemID, &s.Status, &s.On, &s.NewDue, &s.Note); err != nil {
			return err
		}
		byID[s.ItemID].Statuses = append(byID[s.ItemID].Statuses, s)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := queryEach(ctx, d, db, cat(frag(`SELECT item_id, unit_id FROM programme_item_units WHERE item_id IN (`), listOf(ids), frag(`) ORDER BY item_id, unit_id`)),
		func(r *sql.Rows) error {
			var item, unit int64
			if err := r.Scan(&item, &unit); err != nil {
				return err
			}
			byID[item].CoordinatingUnits = append(byID[item].CoordinatingUnits, unit)
			return nil
		}); err != nil {
		return nil, err
	}
	if iq.noPosts {
		return items, nil
	}
	// Heads' posts on the day shown, then, for heads without one that day, on their items'
	// first days: one query per distinct day, not per item.
	days := map[string][]*canbo.ProgrammeItem{on: items}
	for len(days) > 0 {
		next := map[string][]*canbo.ProgrammeItem{}
		for dd, its := range days {
			posts, err := d.headPosts(ctx, db, its, dd)
			if err != nil {
				return nil, err
			}
			for _, it := range its {
				if it.HeadPost = posts[it.HeadPersonID]; it.HeadPost == "" && dd == on && it.Created != on {
					next[it.Created] = append(next[it.Created], it)
				}
			}
		}
		days = next
	}
	return items, nil
}

// queryEach runs a query and calls fn for each row.
func queryEach(ctx context.Context, d *DB, db queryer, f fragment, fn func(*sql.Rows) error) error {
	q, args := f.bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// headPosts returns "title, unit" of the post each head of items holds on a day (the primary
// one first), by person.
func (d *DB) headPosts(ctx context.Context, db queryer, items []*canbo.ProgrammeItem, on string) (map[int64]string, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, it := range items {
		if !seen[it.HeadPersonID] {
			seen[it.HeadPersonID] = true
			ids = append(ids, it.HeadPersonID)
		}
	}
	out := map[int64]string{}
	err := queryEach(ctx, d, db, cat(frag(`SELECT x.person_id, x.title, `), unitNameOn("x.unit_id", on), frag(` FROM posts x
		WHERE x.person_id IN (`), listOf(ids), frag(`) AND `), validOn("x", on), frag(`
		ORDER BY x.person_id, x.is_primary DESC, x.valid_from DESC, x.id`)), func(r *sql.Rows) error {
		var person int64
		var title, unit string
		if err := r.Scan(&person, &title, &unit); err != nil {
			return err
		}
		if _, ok := out[person]; !ok {
			out[person] = title + ", " + unit
		}
		return nil
	})
	return out, err
}

// kindNames maps the folded Vietnamese names of the usual kinds to their codes, so an import
// from a spreadsheet saying "Đề án" files the item under project.
var kindNames = map[string]canbo.ItemKind{
	"noi dung": canbo.ItemContent, "de an": canbo.ItemProject, "bao cao": canbo.ItemReport,
	"hoi nghi": canbo.ItemConference, "van ban": canbo.ItemDocument, "khac": canbo.ItemOther,
}

// itemKind normalizes a kind: a code, a Vietnamese name of one, or a body's own kind as typed.
func itemKind(k canbo.ItemKind) (canbo.ItemKind, error) {
	s, err := validate.Text("kind", string(k), 100)
	if err != nil {
		return "", err
	}
	if s == "" {
		return canbo.ItemContent, nil
	}
	for _, c := range canbo.ItemKinds {
		if string(c) == s {
			return c, nil
		}
	}
	if c, ok := kindNames[vn.Fold(s)]; ok {
		return c, nil
	}
	return canbo.ItemKind(s), nil
}

// AddItem records an item of a programme whose owner unit the caller may edit, audited. The
// head must hold a post on the item's first day (the programme's first day unless given), and
// a scheduled item's deadline must fall in the programme's year; docs/RULES.md
// §programme-items.
func (d *DB) AddItem(ctx context.Context, it *canbo.ProgrammeItem) error {
	if err := mayEditProgrammes(ctx); err != nil {
		return err
	}
	var err error
	if it.Title, err = validate.Text("title", it.Title, 1000); err != nil {
		return err
	} else if it.Title == "" {
		return canbo.Invalid("title", "err.sqlstore.programme.item_title_missing")
	}
	if it.Kind, err = itemKind(it.Kind); err != nil {
		return err
	}
	if it.Product, err = validate.Text("product", it.Product, 1000); err != nil {
		return err
	}
	due, err := validate.RequiredDay("due", "word.programme.due", it.Due)
	if err != nil {
		return err
	}
	created, err := validate.Day("created_on", it.Created)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := d.loadProgramme(ctx, tx, it.ProgrammeID)
	if err != nil {
		return err
	}
	if !p.ownerSees {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.programme.item_forbidden")
	}
	first := time.Date(p.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	if !it.Arising && due.Year() != p.Year {
		return canbo.Invalid("due", "err.sqlstore.programme.due_year", vn.FormatDay(due), p.Year)
	}
	if created.IsZero() {
		created = first
	}
	it.Due, it.Created = day(due), day(created)
	on := d.programmeDay(p.Year)
	if err := d.unitOn(ctx, tx, "presiding_unit_id", it.PresidingUnitID, on); err != nil {
		return err
	}
	for _, u := range it.CoordinatingUnits {
		if err := d.unitOn(ctx, tx, "coordinating_unit_ids", u, on); err != nil {
			return err
		}
	}
	if err := d.checkHead(ctx, tx, it.HeadPersonID, created); err != nil {
		return err
	}
	if it.ParentItemID != 0 {
		if err := d.checkParent(ctx, tx, p, it.ParentItemID); err != nil {
			return err
		}
	}
	var parent any
	if it.ParentItemID != 0 {
		parent = it.ParentItemID
	}
	if it.ID, err = tx.insert(ctx, `INSERT INTO programme_items (programme_id, parent_item_id, title, kind, arising, due, created_on,
		head_person_id, presiding_unit_id, product, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, parent, it.Title, string(it.Kind), it.Arising, it.Due, it.Created, it.HeadPersonID, it.PresidingUnitID, it.Product,
		d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	seen := map[int64]bool{}
	for _, u := range it.CoordinatingUnits {
		if seen[u] {
			continue
		}
		seen[u] = true
		if _, err := tx.exec(ctx, `INSERT INTO programme_item_units (item_id, unit_id) VALUES (?, ?)`, it.ID, u); err != nil {
			return mapError(err)
		}
	}
	if it.Statuses == nil {
		it.Statuses = []canbo.ItemStatusChange{}
	}
	if it.CoordinatingUnits == nil {
		it.CoordinatingUnits = []int64{}
	}
	return tx.auditCommit(ctx, "programme.item.create", "programme_item", it.ID, nil, it)
}

// checkParent allows delegating an item only from an item the caller sees in a programme of
// the same year whose owner unit is above this programme's owner (docs/RULES.md
// §programme-items): the cascade follows the tree.
func (d *DB) checkParent(ctx context.Context, tx *Tx, p *programmeRow, parentID int64) error {
	notFound := canbo.Invalid("parent_item_id", "err.sqlstore.programme.parent_notfound", parentID)
	pid, err := d.itemProgramme(ctx, tx, parentID)
	if canbo.ErrorCode(err) == canbo.ENOTFOUND {
		return notFound
	} else if err != nil {
		return err
	}
	if _, err := d.item(ctx, tx, parentID, d.programmeDay(p.Year)); canbo.ErrorCode(err) == canbo.ENOTFOUND {
		return notFound
	} else if err != nil {
		return err
	}
	var owner int64
	var year int
	if err := tx.queryRow(ctx, `SELECT owner_unit_id, year FROM programmes WHERE id = ?`, pid).Scan(&owner, &year); err != nil {
		return mapError(err)
	}
	if year != p.Year {
		return canbo.Invalid("parent_item_id", "err.sqlstore.programme.parent_year", parentID, year, p.Year)
	}
	on := day(d.programmeDay(p.Year))
	sub := descendantsOf(owner, on)
	q := cat(with(sub.cte), frag(`SELECT COUNT(*) FROM `+sub.name+` WHERE id = ?`, p.OwnerUnitID))
	var n int
	if err := tx.queryRow(ctx, q.sql, q.args...).Scan(&n); err != nil {
		return mapError(err)
	} else if n == 0 {
		return canbo.Invalid("parent_item_id", "err.sqlstore.programme.parent_unit", parentID)
	}
	return nil
}

// checkHead refuses a head who is unknown, outside the caller's sight, or holds no post on the
// item's first day: the head is accountable through the post (docs/RULES.md §programme-items).
func (d *DB) checkHead(ctx context.Context, tx *Tx, person int64, on time.Time) error {
	if person <= 0 {
		return canbo.Invalid("head_person_id", "err.sqlstore.programme.head_missing")
	}
	o := day(on)
	var visible fragment
	if s := canbo.ScopeFromContext(ctx); !s.All {
		visible = personInScope(s, "p.id", o, false)
	}
	q := cat(frag(`SELECT COUNT(*) FROM people p WHERE p.id = ?`, person), and(visible))
	var n int
	if err := tx.queryRow(ctx, q.sql, q.args...).Scan(&n); err != nil {
		return mapError(err)
	} else if n == 0 {
		return canbo.Invalid("head_person_id", "err.sqlstore.programme.head_notfound", person)
	}
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM posts WHERE person_id = ? AND valid_from <= ? AND valid_to > ?`, person, o, o).Scan(&n); err != nil {
		return mapError(err)
	} else if n == 0 {
		return canbo.Invalid("head_person_id", "err.sqlstore.programme.head_no_post", person, vn.FormatDay(on))
	}
	return nil
}

// itemProgramme returns the programme id of an item, or not found.
func (d *DB) itemProgramme(ctx context.Context, db queryer, id int64) (int64, error) {
	var p int64
	err := queryOne(ctx, d, db, frag(`SELECT programme_id FROM programme_items WHERE id = ?`, id), &p)
	if err == sql.ErrNoRows {
		return 0, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.item_notfound")
	}
	return p, err
}

// item reads one item the caller sees, with its programme.
func (d *DB) item(ctx context.Context, db queryer, id int64, asOf time.Time) (*canbo.ProgrammeItem, error) {
	pid, err := d.itemProgramme(ctx, db, id)
	if err != nil {
		return nil, err
	}
	p, err := d.loadProgramme(ctx, db, pid)
	if err != nil {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.item_notfound")
	}
	items, err := d.loadItems(ctx, db, p, itemQuery{id: id}, asOf)
	if err != nil {
		return nil, err
	} else if len(items) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.item_notfound")
	}
	return items[0], nil
}

// Item returns an item the caller sees with its statuses, notes and evidence files (not their
// bytes).
func (d *DB) Item(ctx context.Context, id int64, asOf time.Time) (*canbo.ProgrammeItem, error) {
	it, err := d.item(ctx, d.db, id, asOf)
	if err != nil {
		return nil, err
	}
	it.Notes, it.Files = []canbo.ItemNote{}, []canbo.EvidenceFile{}
	if err := queryEach(ctx, d, d.db, frag(`SELECT id, item_id, on_day, body, created_by FROM programme_item_notes WHERE item_id = ? ORDER BY on_day, id`, id),
		func(r *sql.Rows) error {
			var n canbo.ItemNote
			if err := r.Scan(&n.ID, &n.ItemID, &n.On, &n.Text, &n.By); err != nil {
				return err
			}
			it.Notes = append(it.Notes, n)
			return nil
		}); err != nil {
		return nil, err
	}
	var subs []int64
	if err := queryEach(ctx, d, d.db, frag(`SELECT id FROM programme_items WHERE parent_item_id = ? ORDER BY id`, id), func(r *sql.Rows) error {
		var sid int64
		if err := r.Scan(&sid); err != nil {
			return err
		}
		subs = append(subs, sid)
		return nil
	}); err != nil {
		return nil, err
	}
	for _, sid := range subs {
		sub, err := d.item(ctx, d.db, sid, asOf)
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			continue // delegated to a body outside the caller's scope
		} else if err != nil {
			return nil, err
		}
		it.SubItems = append(it.SubItems, sub)
	}
	if len(it.SubItems) > 0 {
		c := programme.Count(it.SubItems, day(asOf))
		it.SubCompletion = &c
	}
	if err := queryEach(ctx, d, d.db, frag(`SELECT id, item_id, name, content_type, size, sha256, uploaded_by, uploaded_at FROM programme_item_files
		WHERE item_id = ? ORDER BY id`, id), func(r *sql.Rows) error {
		var f canbo.EvidenceFile
		var at string
		if err := r.Scan(&f.ID, &f.ItemID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &at); err != nil {
			return err
		}
		f.UploadedAt, _ = time.Parse(time.RFC3339, at)
		it.Files = append(it.Files, f)
		return nil
	}); err != nil {
		return nil, err
	}
	return it, nil
}

// Items lists items across the programmes the caller sees: a head's (việc của tôi), and with
// Open only those neither done nor cancelled by AsOf whose deadline in force then falls in
// [From, To] (overdue and upcoming), ordered by that deadline.
func (d *DB) Items(ctx context.Context, f canbo.ItemFilter) ([]*canbo.ProgrammeItem, error) {
	if f.AsOf.IsZero() {
		f.AsOf = d.Now()
	}
	var conds []fragment
	if f.HeadPersonID != 0 {
		conds = append(conds, frag(`i.head_person_id = ?`, f.HeadPersonID))
	}
	// A deadline in force lies within a year of the programme's in practice; the window only
	// narrows the programmes read, the exact test is programme.Deadline below.
	if !f.From.IsZero() {
		conds = append(conds, frag(`p.year >= ?`, f.From.Year()-1))
	}
	if !f.To.IsZero() {
		conds = append(conds, frag(`p.year <= ?`, f.To.Year()+1))
	}
	var pids []int64
	if err := queryEach(ctx, d, d.db, cat(frag(`SELECT DISTINCT p.id, p.year FROM programmes p JOIN programme_items i ON i.programme_id = p.id WHERE 1 = 1`),
		and(conds...), frag(` ORDER BY p.year DESC, p.id`)), func(r *sql.Rows) error {
		var id int64
		var y int
		if err := r.Scan(&id, &y); err != nil {
			return err
		}
		pids = append(pids, id)
		return nil
	}); err != nil {
		return nil, err
	}
	on := day(f.AsOf)
	out := []*canbo.ProgrammeItem{}
	for _, pid := range pids {
		p, err := d.loadProgramme(ctx, d.db, pid)
		if canbo.ErrorCode(err) == canbo.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		items, err := d.loadItems(ctx, d.db, p, itemQuery{head: f.HeadPersonID}, f.AsOf)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if f.Open {
				st := programme.Assess(it, on)
				if st.Done || st.Cancelled {
					continue
				}
				if (!f.From.IsZero() && st.Deadline < day(f.From)) || (!f.To.IsZero() && st.Deadline > day(f.To)) {
					continue
				}
			}
			out = append(out, it)
		}
	}
	if f.Open {
		sortByDeadline(out, on)
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

func sortByDeadline(items []*canbo.ProgrammeItem, on string) {
	dl := make(map[int64]string, len(items))
	for _, it := range items {
		dl[it.ID] = programme.Deadline(it, on)
	}
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i], items[j]
		return dl[a.ID] < dl[b.ID] || dl[a.ID] == dl[b.ID] && a.ID < b.ID
	})
}

// editableItem reads an item inside a write transaction and checks that the caller may change
// it: an editor who sees it.
func (d *DB) editableItem(ctx context.Context, tx *Tx, id int64) (*canbo.ProgrammeItem, error) {
	if err := mayEditProgrammes(ctx); err != nil {
		return nil, err
	}
	return d.item(ctx, tx, id, d.Now())
}

// AddStatus records a dated status of an item, audited. Statuses are recorded in date order
// from the item's first day; a postponement carries its new deadline, and nothing follows done
// or cancelled (docs/RULES.md §programme-items).
func (d *DB) AddStatus(ctx context.Context, s *canbo.ItemStatusChange) error {
	if !s.Status.Valid() {
		return canbo.Invalid("status", "err.sqlstore.programme.status_invalid", s.Status)
	}
	on, err := validate.RequiredDay("on", "word.programme.status_day", s.On)
	if err != nil {
		return err
	}
	newDue, err := validate.Day("new_due", s.NewDue)
	if err != nil {
		return err
	}
	switch {
	case s.Status == canbo.StatusPostponed && newDue.IsZero():
		return canbo.Invalid("new_due", "err.sqlstore.programme.new_due_missing")
	case s.Status != canbo.StatusPostponed && !newDue.IsZero():
		return canbo.Invalid("new_due", "err.sqlstore.programme.new_due_unexpected")
	}
	if s.Note, err = validate.Text("note", s.Note, 2000); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	it, err := d.editableItem(ctx, tx, s.ItemID)
	if err != nil {
		return err
	}
	s.On, s.NewDue = day(on), isoOrEmpty(newDue)
	if s.On < it.Created {
		return canbo.Invalid("on", "err.sqlstore.programme.before_assigned", vn.FormatDay(on), vnDay(it.Created))
	}
	if n := len(it.Statuses); n > 0 {
		last := it.Statuses[n-1]
		switch {
		case last.Status == canbo.StatusCancelled && s.Status == canbo.StatusDone:
			return canbo.Invalid("status", "err.sqlstore.programme.cancelled_not_done", vnDay(last.On))
		case last.Status == canbo.StatusCancelled:
			return canbo.Invalid("status", "err.sqlstore.programme.cancelled", vnDay(last.On))
		case last.Status == canbo.StatusDone:
			return canbo.Invalid("status", "err.sqlstore.programme.done", vnDay(last.On))
		case s.On < last.On:
			return canbo.Invalid("on", "err.sqlstore.programme.before_last_status", vn.FormatDay(on), vnDay(last.On))
		}
	}
	if s.ID, err = tx.insert(ctx, `INSERT INTO programme_item_statuses (item_id, status, on_day, new_due, note, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		s.ItemID, string(s.Status), s.On, s.NewDue, s.Note, d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "programme.item.status", "programme_item", s.ItemID, nil, s)
}

// AddNote records a dated progress note on an item, audited.
func (d *DB) AddNote(ctx context.Context, n *canbo.ItemNote) error {
	on, err := validate.RequiredDay("on", "word.programme.note_day", n.On)
	if err != nil {
		return err
	}
	if n.Text, err = validate.Text("text", n.Text, 4000); err != nil {
		return err
	} else if n.Text == "" {
		return canbo.Invalid("text", "err.sqlstore.programme.note_missing")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableItem(ctx, tx, n.ItemID); err != nil {
		return err
	}
	n.On = day(on)
	if u := canbo.UserFromContext(ctx); u != nil {
		n.By = u.Username
	}
	if n.ID, err = tx.insert(ctx, `INSERT INTO programme_item_notes (item_id, on_day, body, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		n.ItemID, n.On, n.Text, n.By, d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "programme.item.note", "programme_item", n.ItemID, nil, n)
}

// AddEvidence stores an evidence file on an item, audited with its name, type, size and hash
// (never its bytes). The type is recognised here from the bytes, so no path into the store can
// keep a file of another type.
func (d *DB) AddEvidence(ctx context.Context, f *canbo.EvidenceFile, data []byte) error {
	ct, err := programme.SniffEvidence(data)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	f.Name, f.ContentType, f.Size, f.SHA256 = programme.FileName(f.Name), ct, int64(len(data)), hex.EncodeToString(sum[:])
	if !utf8.ValidString(f.Name) {
		return canbo.Invalid("file", "err.sqlstore.programme.file_name")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableItem(ctx, tx, f.ItemID); err != nil {
		return err
	}
	if u := canbo.UserFromContext(ctx); u != nil {
		f.UploadedBy = u.Username
	}
	f.UploadedAt = d.Now().UTC().Truncate(time.Second)
	if f.ID, err = tx.insert(ctx, `INSERT INTO programme_item_files (item_id, name, content_type, size, sha256, data, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.ItemID, f.Name, f.ContentType, f.Size, f.SHA256, data, f.UploadedBy,
		f.UploadedAt.Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "programme.evidence.upload", "programme_item", f.ItemID, nil, f)
}

// Evidence returns an evidence file of an item the caller sees, and audits the download in the
// same transaction: a file that cannot be audited is not served.
func (d *DB) Evidence(ctx context.Context, itemID, fileID int64) (*canbo.EvidenceFile, []byte, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	if _, err := d.item(ctx, tx, itemID, d.Now()); err != nil {
		return nil, nil, err
	}
	var f canbo.EvidenceFile
	var data []byte
	var at string
	err = tx.queryRow(ctx, `SELECT id, item_id, name, content_type, size, sha256, data, uploaded_by, uploaded_at FROM programme_item_files
		WHERE id = ? AND item_id = ?`, fileID, itemID).Scan(&f.ID, &f.ItemID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &data, &f.UploadedBy, &at)
	if err == sql.ErrNoRows {
		return nil, nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.evidence_notfound")
	} else if err != nil {
		return nil, nil, mapError(err)
	}
	f.UploadedAt, _ = time.Parse(time.RFC3339, at)
	ae := &audit.Event{Action: "programme.evidence.download", Entity: "programme_item", EntityID: strconv.FormatInt(itemID, 10),
		Reason: fmt.Sprintf("file %d %s sha256 %s", f.ID, f.Name, f.SHA256)}
	if err := tx.audit(ctx, ae); err != nil {
		return nil, nil, mapError(err)
	}
	if err := tx.commitAudit(ae); err != nil {
		return nil, nil, err
	}
	return &f, data, nil
}

// Completion returns a programme's figures as of a day over the items the caller sees,
// computed by package programme from the definitions.
func (d *DB) Completion(ctx context.Context, id int64, asOf time.Time) (*canbo.Completion, error) {
	p, err := d.loadProgramme(ctx, d.db, id)
	if err != nil {
		return nil, err
	}
	items, err := d.loadItems(ctx, d.db, p, itemQuery{noPosts: true}, asOf)
	if err != nil {
		return nil, err
	}
	return programme.Compute(items, day(asOf)), nil
}

// LinkAccount ties an account to the personal record of its holder, so that the head's own
// list ("việc của tôi") needs no id; administrators only, audited.
func (d *DB) LinkAccount(ctx context.Context, userID, personID int64) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
		return mapError(err)
	} else if n == 0 {
		return canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.programme.user_notfound")
	}
	if personID != 0 {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM people WHERE id = ?`, personID).Scan(&n); err != nil {
			return mapError(err)
		} else if n == 0 {
			return canbo.Invalid("person_id", "err.sqlstore.programme.person_notfound", personID)
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM user_people WHERE user_id = ?`, userID); err != nil {
		return mapError(err)
	}
	if personID != 0 {
		if _, err := tx.exec(ctx, `INSERT INTO user_people (user_id, person_id) VALUES (?, ?)`, userID, personID); err != nil {
			return mapError(err)
		}
	}
	return tx.auditCommit(ctx, "user.person", "user", userID, nil, map[string]int64{"person_id": personID})
}

// AccountPerson returns the personal record linked to the signed-in account, or 0.
func (d *DB) AccountPerson(ctx context.Context) (int64, error) {
	u := canbo.UserFromContext(ctx)
	if u == nil {
		return 0, nil
	}
	var p int64
	err := queryOne(ctx, d, d.db, frag(`SELECT person_id FROM user_people WHERE user_id = ?`, u.ID), &p)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return p, err
}
