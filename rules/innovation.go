package rules

import "canbo"

// InnovationParams is one version of the deadlines of the innovation-proposal procedure
// (docs/RULES.md §innovation): each counted in working days on the rules' calendar from the day
// the step before it happened.
type InnovationParams struct {
	Version
	MeetingDays    int `json:"meeting_days"`    // the collective meets within this many working days of receipt
	ReportDays     int `json:"report_days"`     // the implementer reports within this many of finishing
	EvaluationDays int `json:"evaluation_days"` // the collective evaluates within this many of the report
}

func checkInnovation(p InnovationParams) problemList {
	if p.MeetingDays <= 0 || p.ReportDays <= 0 || p.EvaluationDays <= 0 ||
		p.MeetingDays > 365 || p.ReportDays > 365 || p.EvaluationDays > 365 {
		return problemList{canbo.Say("err.rules.innovation.days")}
	}
	return nil
}
