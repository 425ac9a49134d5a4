package sqlstore

import (
	"context"
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/validate"
)

// Deleting and merging whole records. A record created by mistake (typed twice, or for the
// wrong person) is deleted outright rather than flagged: a hidden-but-present record would have
// to be left out of every list, count, reminder, export and check, and one forgotten query
// would count it again. What an official records office needs — who removed which record,
// when, why, and what it held — is the audit event, which keeps the whole record (person,
// posts, entries, membership) in the hash-chained log. A person who left, retired or died is
// not deleted: that is a status, and the record stays.

// ownTables are the tables holding parts of one person's own record, deleted with it.
var ownTables = []string{"person_words", "posts", "party_cells", "party_members", "person_entries", "person_photos",
	"person_status", "reminders_handled"}

// referringTables are other modules' records that name a person, with the word naming them: a
// delete is refused while one refers to the person, a merge moves them to the kept record.
var referringTables = []struct{ table, column, word string }{
	{"programme_items", "head_person_id", "word.ref.programme_items"},
	{"user_people", "person_id", "word.ref.user_people"},
	{"proposals", "person_id", "word.ref.proposals"},
	{"training_enrolments", "person_id", "word.ref.training_enrolments"},
}

// wholeRecord refuses a caller who cannot see every class of a record: deleting or merging a
// record means judging all of it, and a merge must not drop what the caller cannot see.
func wholeRecord(ctx context.Context) error {
	for _, c := range canbo.GrantClasses {
		if !canSee(ctx, c) {
			return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.merge.grants", c)
		}
	}
	return nil
}

// recordSnapshot is a whole record as the audit keeps it when the record goes.
type recordSnapshot struct {
	Person  *canbo.Person     `json:"person"`
	Posts   []canbo.Post      `json:"posts"`
	Entries []canbo.Entry     `json:"entries"`
	Party   *canbo.Membership `json:"party,omitempty"`
}

// snapshot reads a whole record for the audit.
func (d *DB) snapshot(ctx context.Context, id int64) (*recordSnapshot, error) {
	p, err := d.findPerson(ctx, d.db, id, false)
	if err != nil {
		return nil, err
	}
	posts, entries, m, err := d.timeline(ctx, id)
	if err != nil {
		return nil, err
	}
	return &recordSnapshot{Person: p, Posts: posts, Entries: entries, Party: m}, nil
}

// DeletePerson deletes a record created by mistake with its own parts; see the note above.
func (d *DB) DeletePerson(ctx context.Context, personID int64, reason string) error {
	reason, err := correctionReason(reason)
	if err != nil {
		return err
	}
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	if err := wholeRecord(ctx); err != nil {
		return err
	}
	snap, err := d.snapshot(ctx, personID)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.editablePerson(ctx, tx, personID); err != nil {
		return err
	}
	var refs []string
	for _, r := range referringTables {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+r.table+` WHERE `+r.column+` = ?`, personID).Scan(&n); err != nil {
			return mapError(err)
		}
		if n > 0 {
			refs = append(refs, r.word)
		}
	}
	if len(refs) > 0 {
		return canbo.Errork(canbo.ECONFLICT, "err.sqlstore.merge.referred", wordList(refs))
	}
	if err := deleteRecord(ctx, tx, personID); err != nil {
		return err
	}
	return tx.auditCorrection(ctx, "person.delete", personID, snap, nil, reason)
}

// wordList is a list of words of canbo/locale shown as one argument, each word translated.
type wordList []string

// Local writes the words in lang, separated by commas.
func (w wordList) Local(lang string) string {
	out := make([]string, len(w))
	for i, k := range w {
		out[i] = locale.Text(lang, k)
	}
	return strings.Join(out, ", ")
}

// deleteRecord deletes a person's own parts, dismissed pairs and row.
func deleteRecord(ctx context.Context, tx *Tx, personID int64) error {
	for _, t := range ownTables {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE person_id = ?`, personID); err != nil {
			return mapError(err)
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM duplicate_dismissals WHERE person_a = ? OR person_b = ?`, personID, personID); err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM people WHERE id = ?`, personID); err != nil {
		return mapError(err)
	}
	return nil
}

// MergePeople folds drop into keep (see canbo.Corrector). Both records must be editable by the
// caller, who must see every class; two party memberships are refused (one of them is wrong,
// and which one is for the officer to correct first).
func (d *DB) MergePeople(ctx context.Context, keep, drop int64, take []string, reason string) (*canbo.Person, error) {
	reason, err := correctionReason(reason)
	if err != nil {
		return nil, err
	}
	if keep == drop {
		return nil, canbo.Invalid("drop", "err.sqlstore.merge.same")
	}
	for _, f := range take {
		if !slices.Contains(canbo.MergeFields, f) {
			return nil, canbo.Invalid("take", "err.sqlstore.merge.take", f, strings.Join(canbo.MergeFields, ", "))
		}
	}
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	if err := wholeRecord(ctx); err != nil {
		return nil, err
	}
	dropped, err := d.snapshot(ctx, drop)
	if err != nil {
		return nil, err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, id := range []int64{keep, drop} {
		if err := d.editablePerson(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	stored, err := d.findPerson(ctx, tx, keep, false)
	if err != nil {
		return nil, err
	}
	var members int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM party_members WHERE person_id IN (?, ?)`, keep, drop).Scan(&members); err != nil {
		return nil, mapError(err)
	}
	if members > 1 {
		return nil, canbo.Invalid("party", "err.sqlstore.merge.both_members")
	}
	merged := *stored
	merged.Warnings = nil
	for _, f := range take {
		*canbo.MergeField(&merged, f) = *canbo.MergeField(dropped.Person, f)
	}
	if err := validate.Person(&merged, d.Now()); err != nil {
		return nil, err
	}
	if err := checkBirthBounds(&merged, d.Now()); err != nil {
		return nil, err
	}
	if err := moveRecord(ctx, tx, keep, drop); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, `UPDATE people SET identity_number = NULL WHERE id = ?`, drop); err != nil {
		return nil, mapError(err)
	}
	if err := deleteRecord(ctx, tx, drop); err != nil {
		return nil, err
	}
	if err := d.writePerson(ctx, tx, &merged); err != nil {
		return nil, mapError(err)
	}
	before := map[string]any{"keep": stored, "drop": dropped, "take": take}
	if err := tx.auditCorrection(ctx, "person.merge", keep, before, &merged, reason); err != nil {
		return nil, err
	}
	redact(ctx, &merged)
	return &merged, nil
}

// moveRecord moves drop's parts and the references to drop over to keep. A status or a handled
// reminder keep already holds for the same day stays keep's; a photo moves only when keep has
// none.
func moveRecord(ctx context.Context, tx *Tx, keep, drop int64) error {
	stmts := []string{
		`UPDATE posts SET person_id = ? WHERE person_id = ?`,
		`UPDATE person_entries SET person_id = ? WHERE person_id = ?`,
		`UPDATE party_cells SET person_id = ? WHERE person_id = ?`,
		`UPDATE party_members SET person_id = ? WHERE person_id = ?`,
		`DELETE FROM person_status WHERE person_id = ? AND since IN (SELECT k.since FROM person_status k WHERE k.person_id = ?)`,
		`UPDATE person_status SET person_id = ? WHERE person_id = ?`,
		`DELETE FROM reminders_handled WHERE person_id = ? AND EXISTS (SELECT 1 FROM reminders_handled k WHERE k.person_id = ? AND k.kind = reminders_handled.kind AND k.due = reminders_handled.due)`,
		`UPDATE reminders_handled SET person_id = ? WHERE person_id = ?`,
		`DELETE FROM person_photos WHERE person_id = ? AND EXISTS (SELECT 1 FROM person_photos k WHERE k.person_id = ?)`,
		`UPDATE person_photos SET person_id = ? WHERE person_id = ?`,
	}
	for _, r := range referringTables {
		stmts = append(stmts, `UPDATE `+r.table+` SET `+r.column+` = ? WHERE `+r.column+` = ?`)
	}
	for _, s := range stmts {
		a, b := keep, drop
		if strings.HasPrefix(s, "DELETE") {
			a, b = drop, keep
		}
		if _, err := tx.exec(ctx, s, a, b); err != nil {
			return mapError(err)
		}
	}
	return nil
}

// DismissDuplicate records that a and b are two people; the pair is kept ordered.
func (d *DB) DismissDuplicate(ctx context.Context, a, b int64) error {
	if err := mayEditPeople(ctx); err != nil {
		return err
	}
	u := canbo.UserFromContext(ctx)
	if u == nil || u.ID == 0 {
		return canbo.Errork(canbo.EFORBIDDEN, "err.sqlstore.merge.signed_in")
	}
	if a == b {
		return canbo.Invalid("b", "err.sqlstore.merge.same")
	}
	a, b = min(a, b), max(a, b)
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, id := range []int64{a, b} {
		if _, err := d.findPerson(ctx, tx, id, true); err != nil {
			return err
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM duplicate_dismissals WHERE person_a = ? AND person_b = ?`, a, b); err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO duplicate_dismissals (person_a, person_b, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?)`,
		a, b, u.ID, d.Now().UTC().Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "person.duplicate.dismiss", "person", a, nil, map[string]int64{"person_a": a, "person_b": b})
}

// dismissedPairs reads the pairs marked as two people.
func (d *DB) dismissedPairs(ctx context.Context) (map[[2]int64]bool, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT person_a, person_b FROM duplicate_dismissals`)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	out := map[[2]int64]bool{}
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out[p] = true
	}
	return out, rows.Err()
}
