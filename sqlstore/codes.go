package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/locale"
	"canbo/vn"
	"canbo/vocab"
)

var _ canbo.CodeService = (*DB)(nil)

// codesStep is the Go part of migration 0022: the coded fields of people (vocab.PersonFields)
// and the ratings of evaluation entries, typed as text before the lists, become the codes of
// their lists wherever the list knows the text (accent-free, as vocab matches names). A value
// no list knows is left as typed, and the cleaning page lists it until an officer picks its
// code. It runs in the migration's transaction, once (schema_migrations), and would change
// nothing the second time: a code normalizes to itself. People are changed one distinct value
// at a time, so a million records cost one statement per value typed, not per record.
func codesStep(ctx context.Context, d *DB, tx *sql.Tx) error {
	for _, f := range vocab.PersonFields {
		values, err := distinctValues(ctx, tx, `SELECT DISTINCT `+f.Column+` FROM people WHERE `+f.Column+` <> ''`)
		if err != nil {
			return err
		}
		for _, v := range values {
			if c := f.List.Normalize(v); c != v {
				if _, err := tx.ExecContext(ctx, d.dialect.rebind(`UPDATE people SET `+f.Column+` = ? WHERE `+f.Column+` = ?`), c, v); err != nil {
					return err
				}
			}
		}
	}
	rows, err := tx.QueryContext(ctx, d.dialect.rebind(`SELECT id, title, details FROM person_entries WHERE kind = ?`), canbo.EntryEvaluation)
	if err != nil {
		return err
	}
	type change struct {
		id             int64
		title, details string
	}
	var changes []change
	for rows.Next() {
		var id int64
		var title, details string
		if err := rows.Scan(&id, &title, &details); err != nil {
			rows.Close()
			return err
		}
		if ch, ok := evaluationCode(title, details); ok {
			changes = append(changes, change{id, ch.title, ch.details})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, d.dialect.rebind(`UPDATE person_entries SET title = ?, details = ? WHERE id = ?`), c.title, c.details, c.id); err != nil {
			return err
		}
	}
	return nil
}

// codedEntry is an evaluation entry's title and details once its rating is a code.
type codedEntry struct{ title, details string }

// evaluationCode reads the rating of an evaluation entry from its level detail or, for an
// entry typed before the list, its title; ok when the entry must change to hold the code
// (false when it already does, or when the list does not know the rating).
func evaluationCode(title, details string) (codedEntry, bool) {
	var det map[string]any
	if err := json.Unmarshal([]byte(cmp.Or(details, "{}")), &det); err != nil || det == nil {
		det = map[string]any{}
	}
	level, _ := det[canbo.DetailLevel].(string)
	if _, ok := vocab.Evaluations.Name(level); ok {
		return codedEntry{}, false
	}
	code, ok := vocab.Evaluations.Code(level)
	if !ok {
		if code, ok = vocab.Evaluations.Code(title); !ok {
			return codedEntry{}, false
		}
	}
	det[canbo.DetailLevel] = code
	b, err := json.Marshal(det)
	if err != nil {
		return codedEntry{}, false
	}
	return codedEntry{vocab.Evaluations.Show(code), string(b)}, true
}

func distinctValues(ctx context.Context, tx *sql.Tx, q string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// codedFields are the coded fields the caller may see: ethnicity and religion need the
// background grant, ratings the evaluation grant.
func codedFields(ctx context.Context) (fields []vocab.Field, ratings bool) {
	background := canSee(ctx, canbo.GrantBackground)
	for _, f := range vocab.PersonFields {
		if background || (f.List != vocab.Ethnicities && f.List != vocab.Religions) {
			fields = append(fields, f)
		}
	}
	return fields, canSee(ctx, canbo.GrantEvaluation)
}

// CodeFindings lists the values of coded fields that no list knows among the records of the
// caller's scope (f.Under's subtree as of f.AsOf when set), the fields in the order of the
// form, the values most frequent first. Only the fields the caller may see are read.
func (d *DB) CodeFindings(ctx context.Context, f canbo.CleaningFilter) ([]canbo.CodeFinding, error) {
	if f.AsOf.IsZero() {
		f.AsOf = d.Now()
	}
	if f.Under != 0 {
		if _, err := d.FindUnit(ctx, f.Under, f.AsOf); err != nil {
			return nil, err
		}
	}
	ctes, cond, err := d.cleaningScope(ctx, f)
	if err != nil {
		return nil, err
	}
	fields, ratings := codedFields(ctx)
	counts := map[[2]string]int{}
	if len(fields) > 0 {
		cols := make([]fragment, len(fields))
		for i, x := range fields {
			cols[i] = frag(`p.` + x.Column)
		}
		q, args := cat(with(ctes...), frag(`SELECT `), join(", ", cols), frag(` FROM people p WHERE `), cond).bind(d.dialect)
		vals := make([]string, len(fields))
		ptrs := make([]any, len(fields))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := d.eachQueried(ctx, q, args, ptrs, func() {
			for i, v := range vals {
				if _, ok := fields[i].List.Name(v); v != "" && !ok {
					counts[[2]string{fields[i].Column, v}]++
				}
			}
		}); err != nil {
			return nil, err
		}
	}
	if ratings {
		var title, level string
		q, args := cat(with(ctes...), frag(`SELECT e.title, COALESCE(`+d.dialect.jsonText("e.details", canbo.DetailLevel)+`, '')
			FROM person_entries e JOIN people p ON p.id = e.person_id WHERE e.kind = ? AND `, canbo.EntryEvaluation), cond).bind(d.dialect)
		if err := d.eachQueried(ctx, q, args, []any{&title, &level}, func() {
			if _, ok := vocab.Evaluations.Name(level); !ok {
				counts[[2]string{canbo.EvaluationField, title}]++
			}
		}); err != nil {
			return nil, err
		}
	}
	order := map[string]int{canbo.EvaluationField: len(vocab.PersonFields)}
	for i, x := range vocab.PersonFields {
		order[x.Column] = i
	}
	out := make([]canbo.CodeFinding, 0, len(counts))
	for k, n := range counts {
		out = append(out, canbo.CodeFinding{Field: k[0], Value: k[1], Count: n})
	}
	slices.SortFunc(out, func(a, b canbo.CodeFinding) int {
		return cmp.Or(cmp.Compare(order[a.Field], order[b.Field]), cmp.Compare(b.Count, a.Count), vn.Compare(a.Value, b.Value))
	})
	return out, nil
}

// eachQueried runs a query, scanning each row into dst and calling fn.
func (d *DB) eachQueried(ctx context.Context, q string, args, dst []any, fn func()) error {
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dst...); err != nil {
			return err
		}
		fn()
	}
	return rows.Err()
}

// PickCode stores code in field for every record the caller may edit today (its scope, f.Under
// narrowing it; not a person seen only through a temporary party attachment) that holds value,
// a value the field's list does not know. One audit event names the field, the value, the code
// and the records changed; nothing is written when no record holds the value.
func (d *DB) PickCode(ctx context.Context, f canbo.CleaningFilter, field, value, code string) (int, error) {
	if err := mayEditPeople(ctx); err != nil {
		return 0, err
	}
	list, err := pickableList(ctx, field)
	if err != nil {
		return 0, err
	}
	if _, ok := list.Name(code); !ok {
		return 0, canbo.Invalid("code", "err.sqlstore.codes.code", code, locale.Word("vocab."+list.Key))
	}
	if _, ok := list.Name(value); ok || value == "" {
		return 0, canbo.Invalid("value", "err.sqlstore.codes.value", value)
	}
	f.AsOf = d.Now()
	if f.Under != 0 {
		if _, err := d.FindUnit(ctx, f.Under, f.AsOf); err != nil {
			return 0, err
		}
	}
	ctes, cond, err := d.cleaningScope(ctx, f)
	if err != nil {
		return 0, err
	}
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), day(f.AsOf)); ok {
		cond = cat(cond, frag(` AND `), placedIn("p.id", scope, day(f.AsOf), true))
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var ids []int64
	if field == canbo.EvaluationField {
		ids, err = d.pickRating(ctx, tx, ctes, cond, value, code)
	} else {
		ids, err = d.pickPersonCode(ctx, tx, ctes, cond, field, value, code)
	}
	if err != nil || len(ids) == 0 {
		return 0, mapError(err)
	}
	ae := &audit.Event{Action: "person.code", Entity: "person", EntityID: field,
		Before: audit.Redact(map[string]any{"field": field, "value": value, "people": ids}),
		After:  audit.Redact(map[string]any{"field": field, "code": code, "people": ids})}
	if err := tx.audit(ctx, ae); err != nil {
		return 0, mapError(err)
	}
	return len(ids), tx.commitAudit(ae)
}

// pickableList is the list of a coded field the caller may see and change.
func pickableList(ctx context.Context, field string) (*vocab.List, error) {
	fields, ratings := codedFields(ctx)
	if field == canbo.EvaluationField {
		if !ratings {
			return nil, canbo.Invalid("field", "err.sqlstore.person.field_hidden", field).WithCode(canbo.EFORBIDDEN)
		}
		return vocab.Evaluations, nil
	}
	for _, x := range fields {
		if x.Column == field {
			return x.List, nil
		}
	}
	if _, ok := vocab.ByColumn(field); ok {
		return nil, canbo.Invalid("field", "err.sqlstore.person.field_hidden", field).WithCode(canbo.EFORBIDDEN)
	}
	return nil, canbo.Invalid("field", "err.sqlstore.codes.field", field)
}

// pickPersonCode sets a people column to code for the records of the condition holding value.
func (d *DB) pickPersonCode(ctx context.Context, tx *Tx, ctes []fragment, cond fragment, column, value, code string) ([]int64, error) {
	q, args := cat(with(ctes...), frag(`SELECT p.id FROM people p WHERE p.`+column+` = ? AND `, value), cond, frag(` ORDER BY p.id`)).bind(d.dialect)
	ids, err := queryIDs(ctx, tx, q, args...)
	if err != nil {
		return nil, err
	}
	now := d.Now().Format(time.RFC3339)
	for rest := ids; len(rest) > 0; {
		n := min(400, len(rest)) // both engines cap a statement's parameters
		q, args := cat(frag(`UPDATE people SET `+column+` = ?, version = version + 1, updated_at = ? WHERE id IN (`, code, now), listOf(rest[:n]), frag(`)`)).bind(d.dialect)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return nil, err
		}
		rest = rest[n:]
	}
	return ids, nil
}

// pickRating gives the evaluation entries of the condition's people whose rating reads value
// (and whose level is no code) the rating code, and returns the people changed.
func (d *DB) pickRating(ctx context.Context, tx *Tx, ctes []fragment, cond fragment, value, code string) ([]int64, error) {
	q, args := cat(with(ctes...), frag(`SELECT e.id, e.person_id, e.details FROM person_entries e JOIN people p ON p.id = e.person_id
		WHERE e.kind = ? AND e.title = ? AND `, canbo.EntryEvaluation, value), cond, frag(` ORDER BY e.id`)).bind(d.dialect)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	type entry struct {
		id, person int64
		details    string
	}
	var entries []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.id, &e.person, &e.details); err != nil {
			rows.Close()
			return nil, err
		}
		entries = append(entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var people []int64
	for _, e := range entries {
		ch, ok := evaluationCode(code, e.details)
		if !ok {
			continue // already coded: its title was edited by hand
		}
		if _, err := tx.exec(ctx, `UPDATE person_entries SET title = ?, details = ? WHERE id = ?`, ch.title, ch.details, e.id); err != nil {
			return nil, err
		}
		if !slices.Contains(people, e.person) {
			people = append(people, e.person)
		}
	}
	return people, nil
}
