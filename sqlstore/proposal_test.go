package sqlstore_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

func proposalRows(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var a, b int
	if err := db.SQL().QueryRow(`SELECT (SELECT COUNT(*) FROM proposals), (SELECT COUNT(*) FROM proposal_steps)`).Scan(&a, &b); err != nil {
		t.Fatal(err)
	}
	return a*1000 + b
}

// TestProposalWorkflow runs a proposal from receipt, through a rejection and the head's written
// approval, to the protection outcome, checking the deadlines on the working-day calendar and
// that each bad step is refused with its field and leaves nothing written.
func TestProposalWorkflow(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		person := func(given string) int64 {
			p := &canbo.Person{FamilyName: "Trần", GivenName: given, Sex: canbo.Male}
			if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: tr.w1, Title: "Phó Chủ tịch", From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		proposer, v1, v2, v3, v4 := person("An"), person("Bình"), person("Cường"), person("Dũng"), person("Hải")
		p := &canbo.Proposal{PersonID: proposer, UnitID: tr.w1, Title: "Một cửa số hóa hồ sơ đất đai", ReceivedOn: date("2026-02-13")}
		id, err := db.AddProposal(sys, p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Proposal(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		// Received on the Friday before Tết 2026 (16–20 February off): the 7th working day after.
		if got.Deadlines.Meeting != date("2026-03-03") || got.Status != canbo.ProposalReceived {
			t.Errorf("meeting deadline %v, status %s", got.Deadlines.Meeting, got.Status)
		}
		yes := true
		no := false
		bad := []struct {
			name  string
			m     canbo.Meeting
			field string
		}{
			{"before receipt", canbo.Meeting{On: date("2026-02-12"), For: 3, Voters: []int64{v1, v2, v3, v4}}, "on"},
			{"votes exceed", canbo.Meeting{On: date("2026-02-24"), For: 3, Against: 2, Voters: []int64{v1, v2, v3, v4}}, "for"},
			{"proposer votes", canbo.Meeting{On: date("2026-02-24"), For: 3, Voters: []int64{v1, v2, proposer}}, "voters"},
			{"tie without the head", canbo.Meeting{On: date("2026-02-24"), For: 2, Against: 2, Voters: []int64{v1, v2, v3, v4}}, "head_decides"},
		}
		for _, c := range bad {
			before := proposalRows(t, db)
			if _, err := db.RecordMeeting(sys, id, c.m); canbo.ErrorField(err) != c.field {
				t.Errorf("%s: %v, want field %s", c.name, err, c.field)
			}
			if proposalRows(t, db) != before {
				t.Errorf("%s: rows written", c.name)
			}
		}
		// Rejected on a tie the head voted against, then approved by the head in writing.
		passed, err := db.RecordMeeting(sys, id, canbo.Meeting{On: date("2026-02-24"), For: 2, Against: 2, Voters: []int64{v1, v2, v3, v4}, HeadFor: &no})
		if err != nil || passed {
			t.Fatalf("tie, head against: %v %v", passed, err)
		}
		if err := db.AddProposalStep(sys, id, canbo.ProposalStep{Step: canbo.StepFinished, On: date("2026-03-01")}); canbo.ErrorField(err) != "step" {
			t.Errorf("finish a rejected proposal: %v", err)
		}
		steps := []canbo.ProposalStep{
			{Step: canbo.StepHeadApproval, On: date("2026-02-25"), Note: "Văn bản chấp thuận số 12/UBND"},
			{Step: canbo.StepMilestone, On: date("2026-04-01"), Note: "Số hóa 50% hồ sơ"},
			{Step: canbo.StepFinished, On: date("2026-04-24")},
			{Step: canbo.StepReport, On: date("2026-05-04")},
			{Step: canbo.StepEvaluation, On: date("2026-05-13"), Achieved: &yes, Damage: &no},
		}
		for _, s := range steps {
			if err := db.AddProposalStep(sys, id, s); err != nil {
				t.Fatalf("%s: %v", s.Step, err)
			}
		}
		if err := db.AddProposalStep(sys, id, canbo.ProposalStep{Step: canbo.StepOutcome, On: date("2026-05-20"), Outcome: canbo.OutcomeReduced}); canbo.ErrorField(err) != "outcome" {
			t.Errorf("outcome not allowed by the evaluation: %v", err)
		}
		if err := db.AddProposalStep(sys, id, canbo.ProposalStep{Step: canbo.StepOutcome, On: date("2026-05-12"), Outcome: canbo.OutcomeNoLiability}); canbo.ErrorField(err) != "on" {
			t.Errorf("outcome dated before the evaluation: %v", err)
		}
		if err := db.AddProposalStep(sys, id, canbo.ProposalStep{Step: canbo.StepOutcome, On: date("2026-05-20"), Outcome: canbo.OutcomeNoLiability}); err != nil {
			t.Fatal(err)
		}
		got, err = db.Proposal(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		// Finished Friday 24/4/2026; 27/4 (Hùng Kings, compensatory), 30/4 and 1/5 are off.
		if got.Status != canbo.ProposalClosed || got.Deadlines.Report != date("2026-05-06") || got.Deadlines.Evaluation != date("2026-05-13") {
			t.Errorf("status %s, report due %v, evaluation due %v", got.Status, got.Deadlines.Report, got.Deadlines.Evaluation)
		}
		if len(got.Steps) != 7 || len(got.Late) != 0 {
			t.Errorf("%d steps, late %v", len(got.Steps), got.Late)
		}
		var audited int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM audit_events WHERE entity = 'proposal'`).Scan(&audited); err != nil || audited != 8 {
			t.Errorf("%d proposal audit events (%v), want 8", audited, err)
		}
		// Scope: an officer of Quận 3 neither sees nor changes it.
		other := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Role: canbo.RoleOfficer, Scope: []int64{tr.d2}})
		if _, err := db.Proposal(other, id); canbo.ErrorCode(err) != canbo.ENOTFOUND {
			t.Errorf("out of scope: %v", err)
		}
		if list, total, err := db.Proposals(other, canbo.ProposalFilter{}); err != nil || total != 0 || len(list) != 0 {
			t.Errorf("out of scope list: %d %v", total, err)
		}
		if list, total, err := db.Proposals(sys, canbo.ProposalFilter{Q: "so hoa dat dai"}); err != nil || total != 1 || list[0].ID != id {
			t.Errorf("search: %d %v", total, err)
		}
		if _, err := db.AddProposal(other, &canbo.Proposal{PersonID: proposer, UnitID: tr.w1, Title: "x", ReceivedOn: date("2026-01-05")}); canbo.ErrorField(err) != "person_id" {
			t.Errorf("proposer out of scope: %v", err)
		}
	})
}

// TestProposalDeadlinesFromRules: the day counts are the rule version in force on the day each
// deadline counts from, read from the rules store, so an administrator's later version moves the
// deadlines of proposals received under it and not of earlier ones; a proposal received before
// NĐ 73/2023 took effect is refused, naming received_on, and writes nothing.
func TestProposalDeadlinesFromRules(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		tr := smallTree(t, db)
		p := &canbo.Person{FamilyName: "Lê", GivenName: "Minh", Sex: canbo.Male}
		if err := db.CreatePerson(sys, p, &canbo.Post{UnitID: tr.w1, Title: "Phó Chủ tịch", From: "2020-01-01"}, nil); err != nil {
			t.Fatal(err)
		}
		before := proposalRows(t, db)
		_, err := db.AddProposal(sys, &canbo.Proposal{PersonID: p.ID, UnitID: tr.w1, Title: "Sớm quá", ReceivedOn: date("2023-11-17")})
		if canbo.ErrorField(err) != "received_on" || proposalRows(t, db) != before {
			t.Fatalf("received before the decree: %v; rows %d → %d", err, before, proposalRows(t, db))
		}
		early, err := db.AddProposal(sys, &canbo.Proposal{PersonID: p.ID, UnitID: tr.w1, Title: "Trước", ReceivedOn: date("2026-02-13")})
		if err != nil {
			t.Fatal(err)
		}
		v := `{"source":{"kind":"Nghị định","number":"12/2026/NĐ-CP","issuer":"Chính phủ","date":"2026-02-20","title":"thử","status":"check"},
			"from":"2026-03-01","meeting_days":3,"report_days":5,"evaluation_days":7}`
		if _, err := db.AddRuleVersion(sys, "innovation", json.RawMessage(v)); err != nil {
			t.Fatal(err)
		}
		late, err := db.AddProposal(sys, &canbo.Proposal{PersonID: p.ID, UnitID: tr.w1, Title: "Sau", ReceivedOn: date("2026-03-02")})
		if err != nil {
			t.Fatal(err)
		}
		// Evaluation timing: a meeting two days late and an evaluation one working day late
		// (Monday 18/5 after Friday 15/5) are listed as late; the report on its last day is not.
		var voters []int64
		for _, given := range []string{"Một", "Hai", "Ba"} {
			v := &canbo.Person{FamilyName: "Lê", GivenName: given, Sex: canbo.Female}
			if err := db.CreatePerson(sys, v, &canbo.Post{UnitID: tr.w1, Title: "Phó Chủ tịch", From: "2020-01-01"}, nil); err != nil {
				t.Fatal(err)
			}
			voters = append(voters, v.ID)
		}
		if _, err := db.RecordMeeting(sys, early, canbo.Meeting{On: date("2026-03-05"), For: 2, Against: 1, Voters: voters}); err != nil {
			t.Fatal(err)
		}
		yes, no := true, false
		for _, st := range []canbo.ProposalStep{{Step: canbo.StepFinished, On: date("2026-04-24")}, {Step: canbo.StepReport, On: date("2026-05-06")},
			{Step: canbo.StepEvaluation, On: date("2026-05-18"), Achieved: &yes, Damage: &no}} {
			if err := db.AddProposalStep(sys, early, st); err != nil {
				t.Fatalf("%s: %v", st.Step, err)
			}
		}
		got, err := db.Proposal(sys, early)
		if err != nil {
			t.Fatal(err)
		}
		// Report due 6/5/2026 (30/4, 1/5 off); evaluation due 7 working days after the report: 15/5/2026.
		if got.Deadlines.Report != date("2026-05-06") || got.Deadlines.Evaluation != date("2026-05-15") || strings.Join(got.Late, ",") != "meeting,evaluation" {
			t.Errorf("report due %s, evaluation due %s, late %v", got.Deadlines.Report.Format(time.DateOnly), got.Deadlines.Evaluation.Format(time.DateOnly), got.Late)
		}
		for _, c := range []struct {
			id   int64
			want string
		}{{early, "2026-03-03"}, {late, "2026-03-05"}} {
			got, err := db.Proposal(sys, c.id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Deadlines.Meeting != date(c.want) {
				t.Errorf("proposal %d: meeting deadline %s, want %s", c.id, got.Deadlines.Meeting.Format(time.DateOnly), c.want)
			}
		}
	})
}
