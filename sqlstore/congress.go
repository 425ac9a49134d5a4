package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/planning"
	"canbo/rules"
	"canbo/validate"
	"canbo/vn"
)

// CreateCongress records the preparation of a party organisation's congress, audited. The
// level must be one of the latest congress rule version's levels (it sets the month ages are
// computed at, docs/RULES.md §congress).
func (d *DB) CreateCongress(ctx context.Context, c *canbo.Congress) error {
	set, err := d.RuleSet(ctx)
	if err != nil {
		return err
	}
	cp, err := set.LatestCongress()
	if err != nil {
		return err
	}
	if _, err := cp.Level(c.Level); err != nil {
		return err
	}
	if c.Date.IsZero() {
		return canbo.Invalid("date", "err.validate.entry.missing", locale.Word("word.congress_date"))
	}
	if _, _, ok := planning.ParseTerm(c.Term); !ok {
		return canbo.Invalid("term", "err.sqlstore.planning.term", c.Term)
	}
	c.Term = planning.NormalTerm(c.Term)
	if c.CommitteeSize < 1 || c.CommitteeSize > 500 {
		return canbo.Invalid("committee_size", "err.sqlstore.congress.size", c.CommitteeSize)
	}
	for _, v := range []struct {
		field string
		n     int
	}{{"standing_size", c.StandingSize}, {"deputies", c.Deputies}, {"plan_women", c.PlanWomen}, {"plan_young", c.PlanYoung}, {"plan_ethnic", c.PlanEthnic}, {"plan_reelect", c.PlanReelect}} {
		if v.n < 0 || v.n > c.CommitteeSize {
			return canbo.Invalid(v.field, "err.sqlstore.congress.part", v.n, c.CommitteeSize)
		}
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := d.editableUnit(ctx, tx, "unit_id", c.UnitID, c.Date); err != nil {
		return err
	}
	c.ID, err = tx.insert(ctx, `INSERT INTO congresses (unit_id, level, held_on, term, committee_size, standing_size, deputies, plan_women, plan_young, plan_ethnic, plan_reelect, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.UnitID, c.Level, day(c.Date), c.Term, c.CommitteeSize, c.StandingSize, c.Deputies,
		c.PlanWomen, c.PlanYoung, c.PlanEthnic, c.PlanReelect, d.Now().Format(time.RFC3339))
	if err != nil {
		return mapError(err)
	}
	c.Version = 1
	return tx.auditCommit(ctx, "congress.create", "congress", c.ID, nil, map[string]any{"unit_id": c.UnitID, "level": c.Level, "date": day(c.Date),
		"term": c.Term, "committee_size": c.CommitteeSize})
}

// congressRow reads a congress the caller sees.
func (d *DB) congressRow(ctx context.Context, db queryer, id int64) (*canbo.Congress, error) {
	c := &canbo.Congress{ID: id}
	var held string
	err := queryOne(ctx, d, db, frag(`SELECT unit_id, level, held_on, term, committee_size, standing_size, deputies, plan_women, plan_young, plan_ethnic, plan_reelect, version
		FROM congresses WHERE id = ?`, id), &c.UnitID, &c.Level, &held, &c.Term, &c.CommitteeSize, &c.StandingSize, &c.Deputies,
		&c.PlanWomen, &c.PlanYoung, &c.PlanEthnic, &c.PlanReelect, &c.Version)
	if err == sql.ErrNoRows {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.congress.notfound", id)
	} else if err != nil {
		return nil, err
	}
	if err := d.visibleUnit(ctx, db, c.UnitID, "err.sqlstore.congress.notfound", id); err != nil {
		return nil, err
	}
	c.Date, _ = parseDay(held)
	return c, nil
}

// AddCongressCandidate puts a person on a congress's list as a first-time or re-elected
// committee member and records the eligibility rules.CongressFor computes (the same computation
// as `canbo rules congress`), with its reasons; audited. An ineligible person is recorded
// with the reasons and kept off the ballot.
func (d *DB) AddCongressCandidate(ctx context.Context, congressID int64, c *canbo.CongressCandidate) error {
	if c.Kind != rules.FirstTime && c.Kind != rules.Reelect {
		return canbo.Invalid("kind", "err.rules.congress.kind", c.Kind, rules.FirstTime, rules.Reelect)
	}
	if c.PersonID == 0 {
		return canbo.Invalid("person_id", "err.sqlstore.planning.person")
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return err
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cg, err := d.congressRow(ctx, tx, congressID)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "unit_id", cg.UnitID, d.Now()); err != nil {
		return err
	}
	if err := d.editablePerson(ctx, tx, c.PersonID); err != nil {
		return err
	}
	f, err := d.personFacts(ctx, tx, c.PersonID, day(cg.Date))
	if err != nil {
		return err
	}
	birth, err := vn.ParseDate(f.birth)
	if err != nil || birth.IsZero() {
		return canbo.Invalid("person_id", "err.sqlstore.planning.no_birth", f.name)
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM congress_candidates WHERE congress_id = ? AND person_id = ?`, congressID, c.PersonID).Scan(&n); err != nil {
		return mapError(err)
	}
	if n > 0 {
		return canbo.Invalid("person_id", "err.sqlstore.congress.listed", f.name).WithCode(canbo.ECONFLICT)
	}
	r, err := rules.CongressFor(set, cg.Level, c.Kind, birth, f.sex)
	if canbo.ErrorCode(err) == canbo.ENOTFOUND {
		// The person's retirement lies before every retirement version: no working time left.
		return canbo.Invalid("person_id", "err.planning.planning.age_unknown", f.name, canbo.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	c.Eligible, c.FullName, c.BirthDate, c.Sex = r.Eligible, f.name, f.birth, f.sex
	c.Reasons = []string{r.Explanation}
	reasons, _ := json.Marshal(c.Reasons)
	c.ID, err = tx.insert(ctx, `INSERT INTO congress_candidates (congress_id, person_id, kind, eligible, reasons) VALUES (?, ?, ?, ?, ?)`,
		congressID, c.PersonID, c.Kind, c.Eligible, string(reasons))
	if err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "congress.candidate.add", "congress", congressID, nil, map[string]any{"person_id": c.PersonID, "kind": c.Kind, "eligible": c.Eligible})
}

// AddCongressDocument records the document of one step of the preparation.
func (d *DB) AddCongressDocument(ctx context.Context, congressID int64, doc canbo.CongressDocument) error {
	var err error
	if doc.Step, err = validate.Text("step", doc.Step, 200); err != nil {
		return err
	}
	if doc.Document.Number, err = validate.Text("document.number", doc.Document.Number, 100); err != nil {
		return err
	}
	if doc.Step == "" || doc.Document.Number == "" {
		return canbo.Invalid("document.number", "err.sqlstore.congress.document")
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cg, err := d.congressRow(ctx, tx, congressID)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "unit_id", cg.UnitID, d.Now()); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO congress_documents (congress_id, step, doc_number, doc_date, doc_issuer) VALUES (?, ?, ?, ?, ?)`,
		congressID, doc.Step, doc.Document.Number, isoOrEmpty(doc.Document.Date), doc.Document.Issuer); err != nil {
		return mapError(err)
	}
	return tx.auditCommit(ctx, "congress.document", "congress", congressID, nil, map[string]any{"step": doc.Step, "number": doc.Document.Number})
}

// congressCandidates reads the list in the official ballot order.
func (d *DB) congressCandidates(ctx context.Context, db queryer, id int64) ([]canbo.CongressCandidate, error) {
	rows, err := db.QueryContext(ctx, d.dialect.rebind(`SELECT c.id, c.person_id, p.full_name, p.family_name, p.middle_name, p.given_name, p.birth_date, p.sex,
		c.kind, c.eligible, c.reasons, c.elected, c.round, c.votes FROM congress_candidates c JOIN people p ON p.id = c.person_id WHERE c.congress_id = ?`), id)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []canbo.CongressCandidate
	var named []planning.Named
	for rows.Next() {
		var c canbo.CongressCandidate
		var n planning.Named
		var reasons string
		if err := rows.Scan(&c.ID, &c.PersonID, &c.FullName, &n.Family, &n.Middle, &n.Given, &c.BirthDate, &c.Sex, &c.Kind, &c.Eligible, &reasons,
			&c.Elected, &c.Round, &c.Votes); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(reasons), &c.Reasons)
		n.ID, n.Birth = c.PersonID, c.BirthDate
		out = append(out, c)
		named = append(named, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	planning.BallotOrder(named)
	pos := map[int64]int{}
	for i, n := range named {
		pos[n.ID] = i
	}
	sorted := make([]canbo.CongressCandidate, len(out))
	for _, c := range out {
		sorted[pos[c.PersonID]] = c
	}
	return sorted, nil
}

// Congress returns a congress with its candidates (official order), documents, rounds, the
// over-seat margin and the composition of the list and of the elected committee.
func (d *DB) Congress(ctx context.Context, id int64) (*canbo.Congress, error) {
	set, err := d.RuleSet(ctx)
	if err != nil {
		return nil, err
	}
	c, err := d.congressRow(ctx, d.db, id)
	if err != nil {
		return nil, err
	}
	if c.UnitName, err = d.unitName(ctx, d.db, c.UnitID, c.Date); err != nil {
		return nil, err
	}
	if c.Candidates, err = d.congressCandidates(ctx, d.db, id); err != nil {
		return nil, err
	}
	drows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT step, doc_number, doc_date, doc_issuer FROM congress_documents WHERE congress_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, mapError(err)
	}
	for drows.Next() {
		var doc canbo.CongressDocument
		var dd string
		if err := drows.Scan(&doc.Step, &doc.Document.Number, &dd, &doc.Document.Issuer); err != nil {
			drows.Close()
			return nil, err
		}
		doc.Document.Date, _ = parseDay(dd)
		c.Documents = append(c.Documents, doc)
	}
	drows.Close()
	rrows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT r.number, r.ballots, v.person_id, p.full_name, v.votes, v.elected FROM congress_rounds r
		JOIN congress_votes v ON v.round_id = r.id JOIN people p ON p.id = v.person_id WHERE r.congress_id = ? ORDER BY r.number, v.votes DESC, p.sort_key`), id)
	if err != nil {
		return nil, mapError(err)
	}
	for rrows.Next() {
		var num, ballots int
		var v canbo.RoundVote
		if err := rrows.Scan(&num, &ballots, &v.PersonID, &v.FullName, &v.Votes, &v.Elected); err != nil {
			rrows.Close()
			return nil, err
		}
		if ballots > 0 {
			v.Percent = float64(v.Votes) * 100 / float64(ballots)
		}
		if len(c.Rounds) == 0 || c.Rounds[len(c.Rounds)-1].Number != num {
			c.Rounds = append(c.Rounds, canbo.CongressRound{Number: num, Ballots: ballots})
		}
		r := &c.Rounds[len(c.Rounds)-1]
		r.Votes = append(r.Votes, v)
	}
	rrows.Close()
	cp, err := set.LatestCongress()
	if err != nil {
		return nil, err
	}
	ethnicKnown := canSee(ctx, canbo.GrantBackground)
	eth := map[int64]string{}
	if ethnicKnown {
		erows, err := d.db.QueryContext(ctx, d.dialect.rebind(`SELECT p.id, p.ethnicity FROM congress_candidates c JOIN people p ON p.id = c.person_id WHERE c.congress_id = ?`), id)
		if err != nil {
			return nil, mapError(err)
		}
		for erows.Next() {
			var pid int64
			var e string
			if err := erows.Scan(&pid, &e); err != nil {
				erows.Close()
				return nil, err
			}
			eth[pid] = e
		}
		erows.Close()
	}
	var list, elected []planning.Member
	eligible := 0
	for _, cc := range c.Candidates {
		b, _ := vn.ParseDate(cc.BirthDate)
		m := planning.Member{Birth: b, Sex: cc.Sex, Ethnicity: eth[cc.PersonID], Reelect: cc.Kind == rules.Reelect}
		if cc.Eligible {
			eligible++
			list = append(list, m)
		}
		if cc.Elected {
			elected = append(elected, m)
		}
	}
	t := planning.CongressTargets(cp)
	c.Composition = planning.Compose(list, t, c.Date, ethnicKnown)
	c.Achieved = planning.Compose(elected, t, c.Date, ethnicKnown)
	c.Margin = eligible - c.CommitteeSize
	if comp := cp.Composition; comp != nil {
		pct := c.Margin * 100 / c.CommitteeSize
		key := "congress.margin_ok"
		if c.Margin*100 < comp.MarginMinPercent*c.CommitteeSize {
			key = "congress.margin_low"
		} else if c.Margin*100 > comp.MarginMaxPercent*c.CommitteeSize {
			key = "congress.margin_high"
		}
		c.MarginNote = canbo.Say(key, c.Margin, pct, comp.MarginMinPercent, comp.MarginMaxPercent, cp.Source.Cite())
	}
	return c, nil
}

// Congresses lists the congresses of a unit's subtree the caller sees (all when unitID is 0).
func (d *DB) Congresses(ctx context.Context, unitID int64) ([]*canbo.Congress, error) {
	today := day(d.Now())
	var ctes, conds []fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), today); ok {
		ctes = append(ctes, scope.cte)
		conds = append(conds, cat(frag(`c.unit_id IN (`), scope.in(), frag(`)`)))
	}
	if unitID != 0 {
		sub := subtreeOf(unitID, today)
		ctes = append(ctes, sub.cte)
		conds = append(conds, cat(frag(`c.unit_id IN (`), sub.in(), frag(`)`)))
	}
	q, args := cat(with(ctes...), frag(`SELECT c.id FROM congresses c WHERE 1 = 1`), and(conds...), frag(` ORDER BY c.held_on DESC, c.id DESC`)).bind(d.dialect)
	ids, err := queryIDs(ctx, d.db, q, args...)
	if err != nil {
		return nil, err
	}
	out := []*canbo.Congress{}
	for _, id := range ids {
		c, err := d.congressRow(ctx, d.db, id)
		if err != nil {
			return nil, err
		}
		if c.UnitName, err = d.unitName(ctx, d.db, c.UnitID, c.Date); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Ballot returns the eligible candidates not yet elected, in the official order (given name,
// family name, middle name, birth date).
func (d *DB) Ballot(ctx context.Context, congressID int64) ([]canbo.CongressCandidate, error) {
	if _, err := d.congressRow(ctx, d.db, congressID); err != nil {
		return nil, err
	}
	all, err := d.congressCandidates(ctx, d.db, congressID)
	if err != nil {
		return nil, err
	}
	out := []canbo.CongressCandidate{}
	for _, c := range all {
		if c.Eligible && !c.Elected {
			out = append(out, c)
		}
	}
	return out, nil
}

// RecordRound records a round of voting: the valid ballots and each ballot candidate's votes.
// A candidate with more than the rule's share of the ballots is elected, in order of votes, up
// to the seats left (planning.Elect); each elected person gets a post in the congress's unit
// for the term, from the congress date to the same day five years on. Audited; a bad count
// writes nothing.
func (d *DB) RecordRound(ctx context.Context, congressID int64, r *canbo.CongressRound) error {
	if r.Ballots < 1 {
		return canbo.Invalid("ballots", "err.sqlstore.congress.ballots", r.Ballots)
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return err
	}
	cp, err := set.LatestCongress()
	if err != nil {
		return err
	}
	above := 50
	if cp.Composition != nil && cp.Composition.ElectedAbovePercent > 0 {
		above = cp.Composition.ElectedAbovePercent
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	cg, err := d.congressRow(ctx, tx, congressID)
	if err != nil {
		return err
	}
	if _, err := d.editableUnit(ctx, tx, "unit_id", cg.UnitID, cg.Date); err != nil {
		return err
	}
	all, err := d.congressCandidates(ctx, tx, congressID)
	if err != nil {
		return err
	}
	onBallot := map[int64]canbo.CongressCandidate{}
	elected := 0
	for _, c := range all {
		if c.Elected {
			elected++
		} else if c.Eligible {
			onBallot[c.PersonID] = c
		}
	}
	if len(r.Votes) == 0 {
		return canbo.Invalid("votes", "err.sqlstore.congress.no_votes")
	}
	seen := map[int64]bool{}
	votes := make([]int, len(r.Votes))
	for i, v := range r.Votes {
		c, ok := onBallot[v.PersonID]
		if !ok || seen[v.PersonID] {
			return canbo.Invalid("votes", "err.sqlstore.congress.not_on_ballot", v.PersonID)
		}
		seen[v.PersonID] = true
		if v.Votes < 0 || v.Votes > r.Ballots {
			return canbo.Invalid("votes", "err.sqlstore.congress.votes", c.FullName, v.Votes, r.Ballots)
		}
		r.Votes[i].FullName = c.FullName
		votes[i] = v.Votes
	}
	var last int
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(number), 0) FROM congress_rounds WHERE congress_id = ?`, congressID).Scan(&last); err != nil {
		return mapError(err)
	}
	r.Number = last + 1
	won := planning.Elect(votes, r.Ballots, above, cg.CommitteeSize-elected)
	roundID, err := tx.insert(ctx, `INSERT INTO congress_rounds (congress_id, number, ballots) VALUES (?, ?, ?)`, congressID, r.Number, r.Ballots)
	if err != nil {
		return mapError(err)
	}
	termEnd := cg.Date.AddDate(5, 0, 0)
	title := locale.Format("vi", "congress.committee_title", strings.ReplaceAll(cg.Term, "-", "–"))
	for i, v := range r.Votes {
		r.Votes[i].Elected = won[i]
		if ballots := r.Ballots; ballots > 0 {
			r.Votes[i].Percent = float64(v.Votes) * 100 / float64(ballots)
		}
		if _, err := tx.exec(ctx, `INSERT INTO congress_votes (round_id, person_id, votes, elected) VALUES (?, ?, ?, ?)`, roundID, v.PersonID, v.Votes, won[i]); err != nil {
			return mapError(err)
		}
		if !won[i] {
			continue
		}
		if _, err := tx.exec(ctx, `UPDATE congress_candidates SET elected = ?, round = ?, votes = ? WHERE congress_id = ? AND person_id = ?`,
			true, r.Number, v.Votes, congressID, v.PersonID); err != nil {
			return mapError(err)
		}
		post := &canbo.Post{PersonID: v.PersonID, UnitID: cg.UnitID, Title: title, From: day(cg.Date), To: day(termEnd)}
		if err := d.insertPost(ctx, tx, post); err != nil {
			return err
		}
	}
	return tx.auditCommit(ctx, "congress.round", "congress", congressID, nil, r)
}
