package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/audit"
	"canbo/innovation"
	"canbo/rules"
	"canbo/vn"
)

// MaxProposals caps one page of the proposals registry.
const MaxProposals = 500

// proposalStepDetails is the JSON kept with a step.
type proposalStepDetails struct {
	Note     string  `json:"note,omitempty"`
	Achieved *bool   `json:"achieved,omitempty"`
	Damage   *bool   `json:"damage,omitempty"`
	Outcome  string  `json:"outcome,omitempty"`
	For      *int    `json:"for,omitempty"`
	Against  *int    `json:"against,omitempty"`
	Voters   []int64 `json:"voters,omitempty"`
	HeadFor  *bool   `json:"head_for,omitempty"`
	Passed   *bool   `json:"passed,omitempty"`
}

// visibleProposals is the condition "the proposal of alias p belongs to a unit the caller's
// scope sees today", with its common table expression.
func (d *DB) visibleProposals(ctx context.Context) (cte, cond fragment) {
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), day(d.Now())); ok {
		return scope.cte, cat(frag(`p.unit_id IN (`), scope.in(), frag(`)`))
	}
	return fragment{}, fragment{}
}

// AddProposal registers a proposal received on a day: the proposer must be a person the caller
// sees, the unit one of the caller's scope. Audited in the same transaction.
func (d *DB) AddProposal(ctx context.Context, p *canbo.Proposal) (int64, error) {
	if err := mayEditPeople(ctx); err != nil {
		return 0, err
	}
	p.Title = strings.TrimSpace(p.Title)
	switch {
	case p.PersonID <= 0:
		return 0, canbo.Invalid("person_id", "err.sqlstore.proposal.person_id")
	case p.UnitID <= 0:
		return 0, canbo.Invalid("unit_id", "err.sqlstore.proposal.unit_id")
	case p.Title == "":
		return 0, canbo.Invalid("title", "err.sqlstore.proposal.title")
	case p.ReceivedOn.IsZero():
		return 0, canbo.Invalid("received_on", "err.sqlstore.proposal.received_on")
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return 0, err
	}
	if _, err := set.Innovation(p.ReceivedOn); err != nil {
		// Before NĐ 73/2023 took effect there is no procedure to follow, so no deadline.
		return 0, canbo.Invalid("received_on", "err.sqlstore.proposal.no_rule", vn.FormatDay(p.ReceivedOn))
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	person, err := d.findPerson(ctx, tx, p.PersonID, true)
	if canbo.ErrorCode(err) == canbo.ENOTFOUND {
		return 0, canbo.Invalid("person_id", "err.sqlstore.proposal.person_scope", p.PersonID)
	} else if err != nil {
		return 0, err
	}
	if err := d.unitInScope(ctx, tx, "unit_id", p.UnitID); err != nil {
		return 0, err
	}
	sections, err := json.Marshal(p.Sections)
	if err != nil {
		return 0, err
	}
	p.Status = canbo.ProposalReceived
	p.ID, err = tx.insert(ctx, `INSERT INTO proposals (person_id, unit_id, title, received_on, sections, status, search_text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.PersonID, p.UnitID, p.Title, day(p.ReceivedOn), string(sections), p.Status,
		vn.Fold(p.Title+" "+person.FullName), d.Now().UTC().Truncate(time.Second).Format(time.RFC3339))
	if err != nil {
		return 0, mapError(err)
	}
	e := &audit.Event{Action: "proposal.create", Entity: "proposal", EntityID: strconv.FormatInt(p.ID, 10),
		After: audit.Redact(map[string]any{"person_id": p.PersonID, "unit_id": p.UnitID, "title": p.Title, "received_on": day(p.ReceivedOn)})}
	if err := tx.audit(ctx, e); err != nil {
		return 0, mapError(err)
	}
	return p.ID, tx.commitAudit(e)
}

// unitInScope refuses a unit the caller's scope does not see today, naming the field.
func (d *DB) unitInScope(ctx context.Context, tx *Tx, field string, id int64) error {
	var cte, cond fragment
	if scope, ok := scopeUnits(canbo.ScopeFromContext(ctx), day(d.Now())); ok {
		cte, cond = scope.cte, cat(frag(`u.id IN (`), scope.in(), frag(`)`))
	}
	q, args := cat(with(cte), frag(`SELECT COUNT(*) FROM units u WHERE u.id = ?`, id), and(cond)).bind(d.dialect)
	var n int
	if err := tx.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return mapError(err)
	}
	if n == 0 {
		return canbo.Invalid(field, "err.sqlstore.proposal.unit_scope", field, id)
	}
	return nil
}

// Proposal returns a proposal of the caller's scope with its steps and deadlines.
func (d *DB) Proposal(ctx context.Context, id int64) (*canbo.Proposal, error) {
	return d.proposal(ctx, d.db, id)
}

const proposalColumns = `p.id, p.person_id, p.unit_id, p.title, p.received_on, p.sections, p.status,
	COALESCE((SELECT full_name FROM people x WHERE x.id = p.person_id), ''),
	COALESCE((SELECT name FROM unit_versions v WHERE v.unit_id = p.unit_id ORDER BY v.valid_from DESC LIMIT 1), '')`

func (d *DB) proposal(ctx context.Context, db queryer, id int64) (*canbo.Proposal, error) {
	cte, cond := d.visibleProposals(ctx)
	list, err := d.scanProposals(ctx, db, cat(with(cte), frag(`SELECT `+proposalColumns+` FROM proposals p WHERE p.id = ?`, id), and(cond)))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, canbo.Errork(canbo.ENOTFOUND, "err.sqlstore.proposal.not_found")
	}
	p := list[0]
	q, args := frag(`SELECT id, step, on_day, details, created_by FROM proposal_steps WHERE proposal_id = ? ORDER BY on_day, id`, id).bind(d.dialect)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s canbo.ProposalStep
		var on, details string
		if err := rows.Scan(&s.ID, &s.Step, &on, &details, &s.CreatedBy); err != nil {
			return nil, err
		}
		if s.On, err = parseDay(on); err != nil {
			return nil, err
		}
		var x proposalStepDetails
		if err := json.Unmarshal([]byte(details), &x); err != nil {
			return nil, err
		}
		s.Note, s.Achieved, s.Damage, s.Outcome, s.Passed = x.Note, x.Achieved, x.Damage, x.Outcome, x.Passed
		if s.Step == canbo.StepMeeting && x.For != nil && x.Against != nil {
			s.Meeting = &canbo.Meeting{On: s.On, For: *x.For, Against: *x.Against, Voters: x.Voters, HeadFor: x.HeadFor, Note: x.Note}
		}
		p.Steps = append(p.Steps, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := d.proposalDeadlines(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// proposalDeadlines computes the deadlines from the steps' days on the rules' calendar, with
// the day counts of the rule version in force on each starting day (docs/RULES.md §innovation),
// and which steps came (or are still missing) after their deadline.
func (d *DB) proposalDeadlines(ctx context.Context, p *canbo.Proposal) error {
	last := map[string]time.Time{}
	for _, s := range p.Steps {
		last[s.Step] = s.On
	}
	set, err := d.RuleSet(ctx)
	if err != nil {
		return err
	}
	if p.Deadlines, err = innovation.Deadlines(rules.DefaultCalendar(), set, p.ReceivedOn, last[canbo.StepFinished], last[canbo.StepReport]); err != nil {
		return err
	}
	today := d.Now()
	p.Late = nil
	for _, c := range []struct {
		step string
		due  time.Time
	}{{canbo.StepMeeting, p.Deadlines.Meeting}, {canbo.StepReport, p.Deadlines.Report}, {canbo.StepEvaluation, p.Deadlines.Evaluation}} {
		done, ok := last[c.step]
		if c.due.IsZero() {
			continue
		}
		if (ok && done.After(c.due)) || (!ok && today.After(c.due.AddDate(0, 0, 1))) {
			p.Late = append(p.Late, c.step)
		}
	}
	return nil
}

// Proposals lists the proposals of the caller's scope, newest first.
func (d *DB) Proposals(ctx context.Context, f canbo.ProposalFilter) ([]*canbo.Proposal, int, error) {
	if f.Limit <= 0 || f.Limit > MaxProposals {
		f.Limit = MaxProposals
	}
	cte, cond := d.visibleProposals(ctx)
	var conds []fragment
	for _, w := range strings.Fields(vn.Fold(f.Q)) {
		conds = append(conds, frag(d.dialect.contains("p.search_text"), w))
	}
	if f.Status != "" {
		conds = append(conds, frag(`p.status = ?`, f.Status))
	}
	list, err := d.scanProposals(ctx, d.db, cat(with(cte), frag(`SELECT `+proposalColumns+` FROM proposals p WHERE 1 = 1`), and(cond),
		and(conds...), frag(` ORDER BY p.received_on DESC, p.id DESC`)))
	if err != nil {
		return nil, 0, err
	}
	total := len(list)
	return list[min(f.Offset, total):min(f.Offset+f.Limit, total)], total, nil
}

func (d *DB) scanProposals(ctx context.Context, db queryer, q fragment) ([]*canbo.Proposal, error) {
	text, args := q.bind(d.dialect)
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []*canbo.Proposal
	for rows.Next() {
		var p canbo.Proposal
		var received, sections string
		if err := rows.Scan(&p.ID, &p.PersonID, &p.UnitID, &p.Title, &received, &sections, &p.Status, &p.PersonName, &p.UnitName); err != nil {
			return nil, err
		}
		if p.ReceivedOn, err = parseDay(received); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(sections), &p.Sections); err != nil {
			return nil, err
		}
		out = append(out, &p)
	}
	return out, rows.Err()
}

// editableProposal reads a proposal the caller may change, inside the transaction.
func (d *DB) editableProposal(ctx context.Context, tx *Tx, id int64) (*canbo.Proposal, error) {
	if err := mayEditPeople(ctx); err != nil {
		return nil, err
	}
	return d.proposal(ctx, tx, id)
}

// RecordMeeting records the collective's meeting and vote (innovation.Vote), dated no earlier
// than the receipt and the last step; a meeting follows receipt or an earlier rejection. It
// returns whether the proposal passed.
func (d *DB) RecordMeeting(ctx context.Context, id int64, m canbo.Meeting) (bool, error) {
	tx, err := d.begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	p, err := d.editableProposal(ctx, tx, id)
	if err != nil {
		return false, err
	}
	if err := stepDay(p, "on", m.On); err != nil {
		return false, err
	}
	if p.Status != canbo.ProposalReceived && p.Status != canbo.ProposalRejected {
		return false, canbo.Invalid("on", "err.sqlstore.proposal.passed")
	}
	passed, err := innovation.Vote(m, p.PersonID)
	if err != nil {
		return false, err
	}
	status := canbo.ProposalRejected
	if passed {
		status = canbo.ProposalApproved
	}
	x := proposalStepDetails{Note: m.Note, For: &m.For, Against: &m.Against, Voters: m.Voters, HeadFor: m.HeadFor, Passed: &passed}
	if err := d.writeStep(ctx, tx, p, canbo.StepMeeting, m.On, x, status); err != nil {
		return false, err
	}
	return passed, nil
}

// stepDay refuses a step dated before the receipt or before the latest recorded step, so the
// record reads in order.
func stepDay(p *canbo.Proposal, field string, on time.Time) error {
	if on.IsZero() {
		return canbo.Invalid(field, "err.sqlstore.proposal.day", field)
	}
	if on.Before(p.ReceivedOn) {
		return canbo.Invalid(field, "err.sqlstore.proposal.before_receipt", field, vn.FormatDay(on), vn.FormatDay(p.ReceivedOn))
	}
	if n := len(p.Steps); n > 0 && on.Before(p.Steps[n-1].On) {
		return canbo.Invalid(field, "err.sqlstore.proposal.before_step", field, vn.FormatDay(on), vn.FormatDay(p.Steps[n-1].On))
	}
	return nil
}

// stepAfter is, for each step, the statuses it may follow and the status it leaves.
var stepAfter = map[string]struct {
	from []string
	to   string
}{
	canbo.StepHeadApproval: {[]string{canbo.ProposalRejected}, canbo.ProposalHeadApproved},
	canbo.StepMilestone:    {[]string{canbo.ProposalApproved, canbo.ProposalHeadApproved}, ""},
	canbo.StepFinished:     {[]string{canbo.ProposalApproved, canbo.ProposalHeadApproved}, canbo.ProposalFinished},
	canbo.StepReport:       {[]string{canbo.ProposalFinished}, canbo.ProposalReported},
	canbo.StepEvaluation:   {[]string{canbo.ProposalReported}, canbo.ProposalEvaluated},
	canbo.StepOutcome:      {[]string{canbo.ProposalEvaluated}, canbo.ProposalClosed},
}

// AddProposalStep records a step after the meeting: the head's written approval (only after a
// rejection), milestones, the end of the implementation, the report, the evaluation (whether the
// result was achieved, whether damage occurred) and the protection outcome (one the evaluation
// allows, innovation.Outcomes). Each follows its predecessor, dated in order, and is audited.
func (d *DB) AddProposalStep(ctx context.Context, id int64, s canbo.ProposalStep) error {
	rule, ok := stepAfter[s.Step]
	if !ok {
		return canbo.Invalid("step", "err.sqlstore.proposal.step", s.Step)
	}
	tx, err := d.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	p, err := d.editableProposal(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := stepDay(p, "on", s.On); err != nil {
		return err
	}
	if !slices.Contains(rule.from, p.Status) {
		return canbo.Invalid("step", "err.sqlstore.proposal.step_status", s.Step, p.Status)
	}
	x := proposalStepDetails{Note: strings.TrimSpace(s.Note)}
	switch s.Step {
	case canbo.StepHeadApproval:
		if x.Note == "" {
			return canbo.Invalid("note", "err.sqlstore.proposal.head_note")
		}
	case canbo.StepEvaluation:
		if s.Achieved == nil {
			return canbo.Invalid("achieved", "err.sqlstore.proposal.achieved")
		}
		if s.Damage == nil {
			return canbo.Invalid("damage", "err.sqlstore.proposal.damage")
		}
		x.Achieved, x.Damage = s.Achieved, s.Damage
	case canbo.StepOutcome:
		var eval *canbo.ProposalStep
		for i := range p.Steps {
			if p.Steps[i].Step == canbo.StepEvaluation {
				eval = &p.Steps[i]
			}
		}
		allowed := innovation.Outcomes(eval != nil && eval.Achieved != nil && *eval.Achieved, eval != nil && eval.Damage != nil && *eval.Damage)
		if !slices.Contains(allowed, s.Outcome) {
			return canbo.Invalid("outcome", "err.sqlstore.proposal.outcome", s.Outcome, strings.Join(allowed, ", "))
		}
		x.Outcome = s.Outcome
	}
	status := rule.to
	if status == "" {
		status = p.Status
	}
	return d.writeStep(ctx, tx, p, s.Step, s.On, x, status)
}

// writeStep stores a step, moves the proposal's status and audits both, then commits.
func (d *DB) writeStep(ctx context.Context, tx *Tx, p *canbo.Proposal, step string, on time.Time, x proposalStepDetails, status string) error {
	details, err := json.Marshal(x)
	if err != nil {
		return err
	}
	by := "(system)"
	if u := canbo.UserFromContext(ctx); u != nil {
		by = u.Username
	}
	if _, err := tx.insert(ctx, `INSERT INTO proposal_steps (proposal_id, step, on_day, details, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		p.ID, step, day(on), string(details), by, d.Now().UTC().Truncate(time.Second).Format(time.RFC3339)); err != nil {
		return mapError(err)
	}
	if _, err := tx.exec(ctx, `UPDATE proposals SET status = ? WHERE id = ?`, status, p.ID); err != nil {
		return mapError(err)
	}
	after, err := json.Marshal(map[string]any{"step": step, "on": day(on), "details": x, "status": status})
	if err != nil {
		return err
	}
	e := &audit.Event{Action: "proposal." + step, Entity: "proposal", EntityID: strconv.FormatInt(p.ID, 10),
		Before: audit.Redact(map[string]any{"status": p.Status}), After: audit.Redact(json.RawMessage(after)), Reason: x.Note}
	if err := tx.audit(ctx, e); err != nil {
		return mapError(err)
	}
	return tx.commitAudit(e)
}
