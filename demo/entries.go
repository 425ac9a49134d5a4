package demo

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"canbo"
	"canbo/rules"
	"canbo/sqlstore"
)

// EntriesImportName names the timeline load of a seed.
func EntriesImportName(seed int64) string { return "entries-seed" + strconv.FormatInt(seed, 10) }

// GenerateEntries gives the people holding a post on PeopleAsOf the timeline entries the
// reminders work from: salary steps (the current one and often the previous one; a few waits
// extended), secondments (1%) and disciplines (2%), all dated from PeopleAsOf. It draws from a
// random stream of its own, so the people GeneratePeople draws stay the same; the same seed gives
// the same entries, and a second run changes nothing. It returns the number of entries written
// (0 when the load had already run).
func GenerateEntries(ctx context.Context, db *sqlstore.DB, seed int64) (int, error) {
	name := EntriesImportName(seed)
	if done, err := db.Imported(ctx, name); err != nil || done {
		return 0, err
	}
	staff, err := db.StaffOn(ctx, PeopleAsOf)
	if err != nil {
		return 0, err
	}
	set := rules.Defaults()
	salary, err := set.SalaryStep(PeopleAsOf)
	if err != nil {
		return 0, err
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x7e1e11e5))
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	var out []canbo.Entry
	for _, s := range staff {
		class := rules.University
		if s.StaffType == canbo.StaffContract || r.Float64() < 0.15 {
			class = rules.Lower
		}
		months := salary.Months[class]
		// Steps every interval since hiring, the current one taken at or before PeopleAsOf.
		k := 0
		for !s.Since.AddDate(0, (k+1)*months, 0).After(PeopleAsOf) {
			k++
		}
		last := s.Since.AddDate(0, k*months, 0)
		step := min(k+1, 9)
		grade := "01.003"
		if class == rules.Lower {
			grade = "01.005"
		}
		details := map[string]string{canbo.DetailGrade: grade, canbo.DetailStep: strconv.Itoa(step), canbo.DetailCoefficient: coefficient(class, step),
			canbo.DetailGradeClass: string(class)}
		if r.Float64() < 0.05 {
			details[canbo.DetailExtraMonths] = strconv.Itoa(6 * (1 + r.IntN(2)))
		}
		if k > 0 && r.Float64() < 0.5 {
			prev := map[string]string{canbo.DetailGrade: grade, canbo.DetailStep: strconv.Itoa(step - 1), canbo.DetailCoefficient: coefficient(class, step-1),
				canbo.DetailGradeClass: string(class)}
			out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntrySalary, From: day(last.AddDate(0, -months, 0)),
				Title: "Bậc " + strconv.Itoa(step-1), Details: prev})
		}
		out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntrySalary, From: day(last), Title: "Bậc " + strconv.Itoa(step), Details: details})
		if r.Float64() < 0.01 {
			from := PeopleAsOf.AddDate(0, -r.IntN(24), -r.IntN(28))
			out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntrySecondment, From: day(from),
				To: day(from.AddDate(0, 12+r.IntN(25), 0)), Title: "Biệt phái đến Ủy ban nhân dân phường", Details: map[string]string{}})
		}
		if r.Float64() < 0.02 {
			level := []string{canbo.DisciplineReprimand, canbo.DisciplineReprimand, canbo.DisciplineWarning, canbo.DisciplineRemoval}[r.IntN(4)]
			out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntryDiscipline, From: day(PeopleAsOf.AddDate(0, -r.IntN(60), -r.IntN(28))),
				Title: "Vi phạm quy định về chế độ làm việc", Details: map[string]string{canbo.DetailLevel: level, canbo.DetailAuthority: "Ủy ban nhân dân phường"}})
		}
	}
	if _, err := db.BulkEntries(ctx, name, out); err != nil {
		return 0, err
	}
	return len(out), nil
}

// coefficient returns the salary coefficient of a step, as the salary tables print it: from 2.34
// (university grades) or 1.86 (lower) in steps of 0.33 and 0.18.
func coefficient(class rules.GradeClass, step int) string {
	base, inc := 2.34, 0.33
	if class == rules.Lower {
		base, inc = 1.86, 0.18
	}
	return strconv.FormatFloat(base+inc*float64(step-1), 'f', 2, 64)
}
