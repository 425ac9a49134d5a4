package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/registry"
	"canbo/vn"
)

// MaxRegulations caps one page of the registry.
const MaxRegulations = 500

// regulationColumns are read by scanRegulation, in its order.
const regulationColumns = `r.id, r.number, r.kind, r.title, r.issuer_unit_id, r.signed_on, r.effective_from, r.expires_on,
	r.body, r.next_review, r.version`

// visibleRegulations is the condition "the document of alias r belongs to a unit the caller's
// scope sees today", with the common table expression it needs (empty for an unlimited scope).
// A registry item belongs to its issuing unit, as a person belongs to the units of their posts.
func (d *DB) visibleRegulations(ctx context.Context) (cte, cond fragment) {
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), day(d.Now())); ok {
		return scope.cte, cat(frag(`r.issuer_unit_id IN (`), scope.in(), frag(`)`))
	}
	return fragment{}, fragment{}
}

// regulationSearch is the folded text a document is found by: number, title and the numbers of
// the central documents it implements.
func regulationSearch(r *canbo.Regulation) string {
	parts := []string{r.Number, r.Title}
	for _, c := range r.Implements {
		parts = append(parts, c.Number, c.Issuer)
	}
	return vn.Fold(strings.Join(parts, " "))
}

// AddRegulation registers a local document after checking it and its links (a replaced or
// amended document must be visible to the caller and take effect no later than the new one),
// and audits it in the same transaction. It returns the new id.
func (d *DB) AddRegulation(ctx context.Context, r *canbo.Regulation) (int64, error) {
	if err := mayEditPeople(ctx); err != nil {
		return 0, err
	}
	r.ID = 0
	if err := registry.CheckRegulation(r); err != nil {
		return 0, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := d.checkRegulationLinks(ctx, tx, r); err != nil {
		return 0, err
	}
	now := d.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	r.Version = 1
	r.ID, err = tx.insert(ctx, `INSERT INTO regulations (number, kind, title, issuer_unit_id, signed_on, effective_from, expires_on,
		body, next_review, search_text, version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Number, string(r.Kind), r.Title, r.IssuerUnitID, day(r.SignedOn), day(r.EffectiveFrom), endDay(r.ExpiresOn),
		r.Body, isoOrEmpty(r.NextReview), regulationSearch(r), r.Version, now)
	if err != nil {
		return 0, mapError(err)
	}
	if err := d.writeRegulationParts(ctx, tx, r, now, true); err != nil {
		return 0, err
	}
	e := &audit.Event{Action: "regulation.create", Entity: "regulation", EntityID: strconv.FormatInt(r.ID, 10),
		After: audit.Redact(regulationAudit(r)), Reason: r.Number}
	if err := tx.audit(ctx, e); err != nil {
		return 0, mapError(err)
	}
	return r.ID, tx.commitAudit(e)
}

// UpdateRegulation replaces a document's fields and links (a correction or a new text); a
// changed text is kept as a new version. The links are checked again, including that no chain
// of replacements loops back to the document.
func (d *DB) UpdateRegulation(ctx context.Context, r *canbo.Regulation) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if err := registry.CheckRegulation(r); err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	before, err := d.regulation(ctx, tx, r.ID, d.Now())
	if err != nil {
		return err
	}
	if err := d.checkRegulationLinks(ctx, tx, r); err != nil {
		return err
	}
	r.Version = before.Version
	if r.Body != before.Body {
		r.Version++
	}
	now := d.Now().UTC().Truncate(time.Second).Format(time.RFC3339)
	if _, err := tx.exec(ctx, `UPDATE regulations SET number = ?, kind = ?, title = ?, issuer_unit_id = ?, signed_on = ?,
		effective_from = ?, expires_on = ?, body = ?, next_review = ?, search_text = ?, version = ? WHERE id = ?`,
		r.Number, string(r.Kind), r.Title, r.IssuerUnitID, day(r.SignedOn), day(r.EffectiveFrom), endDay(r.ExpiresOn),
		r.Body, isoOrEmpty(r.NextReview), regulationSearch(r), r.Version, r.ID); err != nil {
		return mapError(err)
	}
	for _, q := range []string{`DELETE FROM regulation_links WHERE regulation_id = ?`, `DELETE FROM regulation_sources WHERE regulation_id = ?`} {
		if _, err := tx.exec(ctx, q, r.ID); err != nil {
			return mapError(err)
		}
	}
	if err := d.writeRegulationParts(ctx, tx, r, now, r.Version != before.Version); err != nil {
		return err
	}
	e := &audit.Event{Action: "regulation.update", Entity: "regulation", EntityID: strconv.FormatInt(r.ID, 10),
		Before: audit.Redact(regulationAudit(before)), After: audit.Redact(regulationAudit(r)), Reason: r.Number}
	if err := tx.audit(ctx, e); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(e)
}

// regulationAudit is what the audit trail keeps of a document: its fields and links, not its
// full text (the versions table keeps every text).
func regulationAudit(r *canbo.Regulation) map[string]any {
	return map[string]any{"number": r.Number, "kind": r.Kind, "title": r.Title, "issuer_unit_id": r.IssuerUnitID,
		"signed_on": day(r.SignedOn), "effective_from": day(r.EffectiveFrom), "expires_on": isoOrEmpty(r.ExpiresOn),
		"replaces": r.Replaces, "amends": r.Amends, "implements": len(r.Implements), "version": r.Version}
}

// endDay stores an optional end: the open end when none is set, so "in force" stays one
// comparison.
func endDay(t time.Time) string {
	if t.IsZero() {
		return day(canbo.Forever)
	}
	return day(t)
}

// writeRegulationParts writes a document's links, implemented documents and the current
// version of its text when it is a new one.
func (d *DB) writeRegulationParts(ctx context.Context, tx *Tx, r *canbo.Regulation, now string, newText bool) error {
	for _, l := range []struct {
		kind string
		ids  []int64
	}{{"replaces", r.Replaces}, {"amends", r.Amends}} {
		for _, id := range l.ids {
			if _, err := tx.exec(ctx, `INSERT INTO regulation_links (regulation_id, kind, target_id) VALUES (?, ?, ?)`, r.ID, l.kind, id); err != nil {
				return mapError(err)
			}
		}
	}
	for i, c := range r.Implements {
		if _, err := tx.exec(ctx, `INSERT INTO regulation_sources (regulation_id, seq, number, issuer, doc_date) VALUES (?, ?, ?, ?, ?)`,
			r.ID, i+1, c.Number, c.Issuer, isoOrEmpty(c.Date)); err != nil {
			return mapError(err)
		}
	}
	if !newText {
		return nil
	}
	by := "(system)"
	if u := canbo.UserFromContext(ctx); u != nil {
		by = u.Username
	}
	if _, err := tx.exec(ctx, `INSERT INTO regulation_versions (regulation_id, version, body, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)`,
		r.ID, r.Version, r.Body, now, by); err != nil {
		return mapError(err)
	}
	return nil
}

// checkRegulationLinks checks what a document's links need from the stored ones: the issuing
// unit and every linked document visible to the caller, the linked ones effective no later than
// this one, and no replacement chain leading back to it.
func (d *DB) checkRegulationLinks(ctx context.Context, tx *Tx, r *canbo.Regulation) error {
	on := day(d.Now())
	var unitCTE, unitCond fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), on); ok {
		unitCTE, unitCond = scope.cte, cat(frag(`u.id IN (`), scope.in(), frag(`)`))
	}
	q, args := cat(with(unitCTE), frag(`SELECT COUNT(*) FROM units u WHERE u.id = ?`, r.IssuerUnitID), and(unitCond)).bind(d.dialect)
	var n int
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return mapError(err)
	}
	if n == 0 {
		return canbo.Invalid("issuer_unit_id", "err.sqlstore.regulation.issuer_unit_id", r.IssuerUnitID)
	}
	cte, cond := d.visibleRegulations(ctx)
	for _, l := range []struct {
		field string
		ids   []int64
	}{{"replaces", r.Replaces}, {"amends", r.Amends}} {
		for _, id := range l.ids {
			q, args := cat(with(cte), frag(`SELECT r.number, r.effective_from FROM regulations r WHERE r.id = ?`, id), and(cond)).bind(d.dialect)
			var number, eff string
			if err := tx.QueryRowContext(ctx, q, args...).Scan(&number, &eff); err == sql.ErrNoRows {
				return canbo.Invalid(l.field, "err.sqlstore.regulation.link_missing", l.field, id)
			} else if err != nil {
				return mapError(err)
			}
			t, err := parseDay(eff)
			if err != nil {
				return err
			}
			if err := registry.CheckTarget(l.field, r, number, t); err != nil {
				return err
			}
		}
	}
	if r.ID == 0 || len(r.Replaces) == 0 {
		return nil // a new document cannot be reached from the ones it names
	}
	// Every replacement link stored, except this document's own (about to be rewritten), plus
	// its new ones: small (a registry holds thousands of documents at most).
	rows, err := tx.query(ctx, `SELECT regulation_id, target_id FROM regulation_links WHERE kind = 'replaces' AND regulation_id <> ?`, r.ID)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	edges := map[int64][]int64{r.ID: r.Replaces}
	for rows.Next() {
		var from, to int64
		if err := rows.Scan(&from, &to); err != nil {
			return err
		}
		edges[from] = append(edges[from], to)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if c := registry.Cycle(r.ID, edges); c != nil {
		ids := make([]string, len(c))
		for i, id := range c {
			ids[i] = strconv.FormatInt(id, 10)
		}
		return canbo.Invalid("replaces", "err.sqlstore.regulation.cycle", strings.Join(ids, " → "))
	}
	return nil
}

// Regulation returns one document the caller may see, with its links both ways and its status
// on the day.
func (d *DB) Regulation(ctx context.Context, id int64, on time.Time) (*canbo.Regulation, error) {
	return d.regulation(ctx, d.db, id, on)
}

func (d *DB) regulation(ctx context.Context, db queryer, id int64, on time.Time) (*canbo.Regulation, error) {
	cte, cond := d.visibleRegulations(ctx)
	list, err := d.scanRegulations(ctx, db, cat(with(cte), frag(`SELECT `+regulationColumns+` FROM regulations r WHERE r.id = ?`, id), and(cond)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.regulation.not_found")
	}
	r := list[0]
	if err := d.regulationDetails(ctx, db, []*canbo.Regulation{r}, on, true); err != nil {
		return nil, err
	}
	return r, nil
}

// Regulations lists the documents the caller may see that match the filter, by effective day,
// newest first. Search narrows the rows in SQL; the status, which depends on the linked
// documents' days, is decided in Go by registry.Status for each candidate, so the list and a
// document's page cannot disagree.
func (d *DB) Regulations(ctx context.Context, f canbo.RegulationFilter) ([]*canbo.Regulation, int, error) {
	if f.Limit <= 0 || f.Limit > MaxRegulations {
		f.Limit = MaxRegulations
	}
	on := f.InForceOn
	if on.IsZero() {
		on = f.AsOf
	}
	if on.IsZero() {
		on = d.Now()
	}
	cte, cond := d.visibleRegulations(ctx)
	var words []fragment
	for _, w := range strings.Fields(vn.Fold(f.Q)) {
		words = append(words, frag(d.dialect.contains("r.search_text"), w))
	}
	if !f.InForceOn.IsZero() {
		words = append(words, frag(`r.effective_from <= ? AND r.expires_on > ?`, day(on), day(on)))
	}
	list, err := d.scanRegulations(ctx, d.db, cat(with(cte), frag(`SELECT `+regulationColumns+` FROM regulations r WHERE 1 = 1`),
		and(cond), and(words...), frag(` ORDER BY r.effective_from DESC, r.id DESC`)))
	if err != nil {
		return nil, 0, err
	}
	if err := d.regulationDetails(ctx, d.db, list, on, false); err != nil {
		return nil, 0, err
	}
	if !f.InForceOn.IsZero() {
		list = slices.DeleteFunc(list, func(r *canbo.Regulation) bool { return !r.Status.InForce() })
	}
	total := len(list)
	list = list[min(f.Offset, total):min(f.Offset+f.Limit, total)]
	if f.Full {
		if err := d.regulationExtras(ctx, d.db, list); err != nil {
			return nil, 0, err
		}
	}
	return list, total, nil
}

func (d *DB) scanRegulations(ctx context.Context, db queryer, q fragment) ([]*canbo.Regulation, error) {
	sqlText, args := q.bind(d.dialect)
	rows, err := db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*canbo.Regulation
	for rows.Next() {
		var r canbo.Regulation
		var kind, signed, eff, exp, review string
		if err := rows.Scan(&r.ID, &r.Number, &kind, &r.Title, &r.IssuerUnitID, &signed, &eff, &exp, &r.Body, &review, &r.Version); err != nil {
			return nil, err
		}
		r.Kind = canbo.RegulationKind(kind)
		if r.SignedOn, err = parseDay(signed); err == nil {
			if r.EffectiveFrom, err = parseDay(eff); err == nil {
				r.ExpiresOn, err = parseDay(exp)
			}
		}
		if err != nil {
			return nil, err
		}
		if r.ExpiresOn.Equal(canbo.Forever) {
			r.ExpiresOn = time.Time{}
		}
		if review != "" {
			if r.NextReview, err = parseDay(review); err != nil {
				return nil, err
			}
		}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// regulationDetails reads, for the documents, the links both ways (whatever the linking
// document's unit: a replacement by a higher unit still ends a document) and computes each
// status on the day; full also reads the implemented documents and the issuer's name.
func (d *DB) regulationDetails(ctx context.Context, db queryer, list []*canbo.Regulation, on time.Time, full bool) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*canbo.Regulation{}
	ids := make([]int64, len(list))
	for i, r := range list {
		byID[r.ID], ids[i] = r, r.ID
	}
	docs := map[int64]*registry.Doc{}
	for _, r := range list {
		docs[r.ID] = &registry.Doc{EffectiveFrom: r.EffectiveFrom, ExpiresOn: r.ExpiresOn}
	}
	q, args := cat(frag(`SELECT l.regulation_id, l.kind, l.target_id, a.number, a.title, a.effective_from, b.number, b.title, b.effective_from
		FROM regulation_links l JOIN regulations a ON a.id = l.regulation_id JOIN regulations b ON b.id = l.target_id
		WHERE l.target_id IN (`), listOf(ids), frag(`) OR l.regulation_id IN (`), listOf(ids), frag(`) ORDER BY a.effective_from, l.regulation_id`)).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var from, to int64
		var kind, fromNumber, fromTitle, fromEff, toNumber, toTitle, toEffText string
		if err := rows.Scan(&from, &kind, &to, &fromNumber, &fromTitle, &fromEff, &toNumber, &toTitle, &toEffText); err != nil {
			return err
		}
		eff, err := parseDay(fromEff)
		if err != nil {
			return err
		}
		toEff, err := parseDay(toEffText)
		if err != nil {
			return err
		}
		if r, ok := byID[to]; ok {
			link := canbo.RegLink{ID: from, Number: fromNumber, Title: fromTitle, EffectiveFrom: eff}
			if kind == "replaces" {
				r.ReplacedBy = append(r.ReplacedBy, link)
				docs[to].ReplacedFrom = append(docs[to].ReplacedFrom, eff)
			} else {
				r.AmendedBy = append(r.AmendedBy, link)
				docs[to].AmendedFrom = append(docs[to].AmendedFrom, eff)
			}
		}
		if r, ok := byID[from]; ok {
			link := canbo.RegLink{ID: to, Number: toNumber, Title: toTitle, EffectiveFrom: toEff}
			if kind == "replaces" {
				r.Replaces, r.ReplacesDocs = append(r.Replaces, to), append(r.ReplacesDocs, link)
			} else {
				r.Amends, r.AmendsDocs = append(r.Amends, to), append(r.AmendsDocs, link)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range list {
		r.Status = registry.Status(*docs[r.ID], on)
	}
	if !full {
		return nil
	}
	return d.regulationExtras(ctx, db, list)
}

// regulationExtras reads what a document's page shows beyond its links: the central documents
// it implements, the newer ones it may need to follow, and its issuer's name.
func (d *DB) regulationExtras(ctx context.Context, db queryer, list []*canbo.Regulation) error {
	for _, r := range list {
		q, args := frag(`SELECT number, issuer, doc_date FROM regulation_sources WHERE regulation_id = ? ORDER BY seq`, r.ID).bind(d.dialect)
		srcRows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return mapError(err)
		}
		for srcRows.Next() {
			var c canbo.CentralDoc
			var date string
			if err := srcRows.Scan(&c.Number, &c.Issuer, &date); err != nil {
				srcRows.Close()
				return err
			}
			if date != "" {
				if c.Date, err = parseDay(date); err != nil {
					srcRows.Close()
					return err
				}
			}
			r.Implements = append(r.Implements, c)
		}
		srcRows.Close()
		if err := srcRows.Err(); err != nil {
			return err
		}
		if err := d.newerCentral(ctx, db, r); err != nil {
			return err
		}
		q, args = frag(`SELECT name FROM unit_versions WHERE unit_id = ? ORDER BY valid_from DESC LIMIT 1`, r.IssuerUnitID).bind(d.dialect)
		nameRows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return mapError(err)
		}
		if nameRows.Next() {
			if err := nameRows.Scan(&r.IssuerName); err != nil {
				nameRows.Close()
				return err
			}
		}
		nameRows.Close()
	}
	return nil
}

// RegulationVersions returns the saved texts of a document the caller may see, oldest first.
func (d *DB) RegulationVersions(ctx context.Context, id int64) ([]canbo.RegulationVersion, error) {
	if _, err := d.Regulation(ctx, id, d.Now()); err != nil {
		return nil, err
	}
	q, args := frag(`SELECT version, body, saved_at, saved_by FROM regulation_versions WHERE regulation_id = ? ORDER BY version`, id).bind(d.dialect)
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []canbo.RegulationVersion
	for rows.Next() {
		var v canbo.RegulationVersion
		var at string
		if err := rows.Scan(&v.Version, &v.Body, &at, &v.SavedBy); err != nil {
			return nil, err
		}
		if v.SavedAt, err = time.Parse(time.RFC3339, at); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// newerCentral reads the central documents issued after r was signed that registered documents
// implement and r does not (central documents are public texts, so every registered one counts,
// whatever unit implements it).
func (d *DB) newerCentral(ctx context.Context, db queryer, r *canbo.Regulation) error {
	q, args := frag(`SELECT DISTINCT s.number, s.issuer, s.doc_date FROM regulation_sources s
		WHERE s.doc_date > ? AND s.regulation_id <> ? AND s.number NOT IN (SELECT number FROM regulation_sources WHERE regulation_id = ?)
		ORDER BY s.doc_date, s.number`, day(r.SignedOn), r.ID, r.ID).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c canbo.CentralDoc
		var date string
		if err := rows.Scan(&c.Number, &c.Issuer, &date); err != nil {
			return err
		}
		if c.Date, err = parseDay(date); err != nil {
			return err
		}
		r.NewerCentral = append(r.NewerCentral, c)
	}
	return rows.Err()
}
