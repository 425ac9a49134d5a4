package rules

import (
	"time"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// ProbationParams is one version of the rule on the probation (dự bị) of new party members.
type ProbationParams struct {
	Version
	Months int `json:"months"` // 12
}

// ProbationEnd returns the day a member admitted on admitted completes probation and the cell
// may consider full membership: the same day Months later (the last day of the month when it is
// shorter). Probation is the half-open range [admitted, end).
func ProbationEnd(p ProbationParams, admitted time.Time) time.Time {
	return addMonths(admitted, p.Months)
}

// PartyOrgParams is one version of the rules on admission age and on the size of party
// organisations.
type PartyOrgParams struct {
	Version
	// AdmissionMinAge and AdmissionMaxAge bound the age at the cell's decision to admit, counted
	// in months (18 and 60 years).
	AdmissionMinAge Age `json:"admission_min_age"`
	AdmissionMaxAge Age `json:"admission_max_age"`
	// MinFullMembers: a party organisation needs at least this many full members (3).
	// CommitteeThreshold: a grassroots organisation with fewer members is a chi bộ cơ sở, with
	// this many or more a đảng bộ cơ sở (30), exceptions by written approval.
	MinFullMembers     int `json:"min_full_members"`
	CommitteeThreshold int `json:"committee_threshold"`
}

// AdmissionResult is the outcome of AdmissionAge.
type AdmissionResult struct {
	Eligible    bool   `json:"eligible"`
	Age         Age    `json:"age"`
	Explanation string `json:"explanation"`
	// Words is Explanation in the reader's language.
	Words canbo.Words `json:"-"`
}

// AdmissionAge checks the age of a person born on birth at the cell's decision on decided: whole
// months from the birth date to the decision, between AdmissionMinAge and AdmissionMaxAge
// inclusive. A partial birth date counts from its first possible day (1 January or the 1st of the
// month), the convention used for every partial date.
func AdmissionAge(p PartyOrgParams, birth vn.Date, decided time.Time) (AdmissionResult, error) {
	if birth.IsZero() || birth.Validate() != nil {
		return AdmissionResult{}, invalid("birth", "err.rules.party.birth")
	}
	months := monthsBetween(birth.First(), decided)
	r := AdmissionResult{Age: AgeOfMonths(max(months, 0))}
	r.Eligible = months >= p.AdmissionMinAge.InMonths() && months <= p.AdmissionMaxAge.InMonths()
	verdict := locale.Word("rules.congress.met")
	if !r.Eligible {
		verdict = "rules.congress.not_met"
	}
	r.Words = canbo.Say("rules.party.admission_age", birth.VN(), fmtDay(decided), r.Age.Words(), verdict,
		p.AdmissionMinAge.Words(), p.AdmissionMaxAge.Words(), p.Source.Cite())
	r.Explanation = r.Words.Local("vi")
	return r, nil
}

// The kinds of grassroots party organisation GrassrootsKind returns.
const (
	GrassrootsCell      = "chi_bo_co_so"  // chi bộ cơ sở
	GrassrootsCommittee = "dang_bo_co_so" // đảng bộ cơ sở
)

// GrassrootsKind returns the kind a grassroots party organisation takes with members party
// members of whom fullMembers are full members: an error below MinFullMembers full members,
// GrassrootsCell below CommitteeThreshold members, GrassrootsCommittee from it.
func GrassrootsKind(p PartyOrgParams, members, fullMembers int) (string, error) {
	switch {
	case fullMembers < 0 || members < fullMembers:
		return "", invalid("members", "err.rules.party.members", members, fullMembers)
	case fullMembers < p.MinFullMembers:
		return "", invalid("full_members", "err.rules.party.full_members", p.MinFullMembers, fullMembers)
	case members < p.CommitteeThreshold:
		return GrassrootsCell, nil
	}
	return GrassrootsCommittee, nil
}

func fmtDay(t time.Time) string { return vn.FormatDay(t) }
