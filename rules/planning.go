package rules

import (
	"slices"
	"time"

	"canbo"
)

// PlanningParams is one version of the limits of cadre planning (quy hoạch): how many candidates
// a leadership post's pool holds, in how many pools of one level a person may be, how much
// working time a candidate needs for the planned term, which discipline takes a person out of
// the plan, and the composition the plan aims at (docs/RULES.md §planning).
type PlanningParams struct {
	Version
	// MaxCandidatesPerPost: at most this many candidates per post (3); MinCandidatesPerPost:
	// a pool with fewer is flagged on the board (2, from the rule it replaced).
	MaxCandidatesPerPost int `json:"max_candidates_per_post"`
	MinCandidatesPerPost int `json:"min_candidates_per_post"`
	// MaxPostsPerPerson: a person is in the pools of at most this many posts of one level (3).
	MaxPostsPerPerson int `json:"max_posts_per_person"`
	// TermMonths: the working time a candidate must have left, counted like §congress from the
	// start of the planned term (or from the day of planning, when later): one full term (60).
	TermMonths int `json:"term_months"`
	// RemovalDiscipline lists the discipline levels (keys of DisciplineParams.WaitMonths) that
	// take a person out of the plan on the day the decision takes effect: reprimand and above.
	RemovalDiscipline []string `json:"removal_discipline"`
	// Composition targets: a young candidate is under YoungAge at the start of the term;
	// AgeBands are the upper limits (exclusive) of the first age bands, the last band open.
	YoungAge      int   `json:"young_age"`
	YoungPercent  int   `json:"young_percent"`
	WomenPercent  int   `json:"women_percent"`
	AgeBands      []int `json:"age_bands"`
	EthnicPercent int   `json:"ethnic_percent,omitempty"`
}

// Planning returns the planning rule in force on day on.
func (s *Set) Planning(on time.Time) (PlanningParams, error) {
	return pick(rulePlanning, s.PlanningVersions, on)
}

// Removes reports whether a discipline of the given level (a key of DisciplineParams.WaitMonths)
// takes a person out of the plan.
func (p PlanningParams) Removes(level string) bool {
	return slices.Contains(p.RemovalDiscipline, level)
}

// AgeBand returns the index of the age band of an age in whole years (0 for the youngest).
func (p PlanningParams) AgeBand(years int) int {
	for i, limit := range p.AgeBands {
		if years < limit {
			return i
		}
	}
	return len(p.AgeBands)
}

func checkPlanning(p PlanningParams) problemList {
	var out problemList
	if p.MaxCandidatesPerPost <= 0 || p.MaxPostsPerPerson <= 0 || p.TermMonths <= 0 {
		out = append(out, canbo.Say("err.rules.planning.counts"))
	}
	if p.MinCandidatesPerPost < 0 || p.MinCandidatesPerPost > p.MaxCandidatesPerPost {
		out = append(out, canbo.Say("err.rules.planning.min"))
	}
	for _, v := range []int{p.YoungPercent, p.WomenPercent, p.EthnicPercent} {
		if v < 0 || v > 100 {
			out = append(out, canbo.Say("err.rules.planning.percent"))
			break
		}
	}
	if p.YoungAge < 0 || !slices.IsSorted(p.AgeBands) {
		out = append(out, canbo.Say("err.rules.planning.ages"))
	}
	for _, l := range p.RemovalDiscipline {
		switch l {
		case Reprimand, Warning, Demotion, Removal, Expulsion:
		default:
			out = append(out, canbo.Say("err.rules.planning.discipline", l))
		}
	}
	return out
}
