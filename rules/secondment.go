package rules

import (
	"time"

	"canbo"
)

// SecondmentParams is one version of the limit on a secondment's period (docs/RULES.md
// §secondment): at most MaxMonths, unless the decision cites an exception (a sector the
// Government lists).
type SecondmentParams struct {
	Version
	MaxMonths int `json:"max_months"`
}

// LastAllowed is the last day a secondment starting on from may run to: 36 months from
// 01/09/2026 end on 31/08/2029.
func (p SecondmentParams) LastAllowed(from time.Time) time.Time {
	return from.AddDate(0, p.MaxMonths, -1)
}

func checkSecondment(p SecondmentParams) problemList {
	if p.MaxMonths <= 0 || p.MaxMonths > 120 {
		return problemList{canbo.Say("err.rules.secondment.months")}
	}
	return nil
}
