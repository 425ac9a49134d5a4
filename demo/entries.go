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
// extended), secondments (1%) and disciplines (2%), all dated from PeopleAsOf; and the rest of
// a Mẫu 2C record, so that every table and filter of the profile and the list has something to
// show: the evaluations of the last three years, a training course, rewards (30%) and family
// members (parents, often a spouse). It draws from a
// random stream of its own, so the people GeneratePeople draws stay the same; the same seed gives
// the same entries, and a second run changes nothing. It returns the number of entries written
// (0 when the load had already run).
func GenerateEntries(ctx context.Context, db *sqlstore.DB, seed int64) (int, error) {
	name := EntriesImportName(seed)
	if done, err := db.Imported(ctx, name); err != nil || done {
		return 0, err
	}
	Progress(ctx, "timelines")
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
	n := 0
	_, err = db.BulkEntries(ctx, name, func(add func(canbo.Entry) error) error {
		for k, s := range staff {
			if k > 0 && k%progressEvery == 0 {
				Progress(ctx, "timelines: %d of %d people", k, len(staff))
			}
			for _, e := range staffEntries(r, s, salary) {
				if err := add(e); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// staffEntries draws the timeline of one member of staff.
func staffEntries(r *rand.Rand, s sqlstore.StaffMember, salary rules.SalaryStepParams) []canbo.Entry {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	var out []canbo.Entry
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
	out = append(out, recordEntries(r, s)...)
	if r.Float64() < 0.02 {
		level := []string{canbo.DisciplineReprimand, canbo.DisciplineReprimand, canbo.DisciplineWarning, canbo.DisciplineRemoval}[r.IntN(4)]
		out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntryDiscipline, From: day(PeopleAsOf.AddDate(0, -r.IntN(60), -r.IntN(28))),
			Title: "Vi phạm quy định về chế độ làm việc", Details: map[string]string{canbo.DetailLevel: level, canbo.DetailAuthority: "Ủy ban nhân dân phường"}})
	}
	return out
}

// recordEntries draws the evaluations, training, rewards and family of one member of staff.
func recordEntries(r *rand.Rand, s sqlstore.StaffMember) []canbo.Entry {
	var out []canbo.Entry
	// Evaluations: most complete their tasks well; the level is stored as its code.
	for y := PeopleAsOf.Year() - 3; y < PeopleAsOf.Year(); y++ {
		if !s.Since.Before(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) {
			continue
		}
		x, level := r.Float64(), 1 // index in canbo.EvaluationCodes
		switch {
		case x < 0.15:
			level = 0
		case x < 0.85:
		case x < 0.98:
			level = 2
		default:
			level = 3
		}
		out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntryEvaluation, From: strconv.Itoa(y), Title: canbo.EvaluationLevels[level],
			Details: map[string]string{canbo.DetailLevel: canbo.EvaluationCodes[level]}})
	}
	from := s.Since.AddDate(1+r.IntN(5), r.IntN(12), 0)
	if from.Before(PeopleAsOf) {
		course := []string{"Trung cấp lý luận chính trị - hành chính", "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên",
			"Cao cấp lý luận chính trị", "Bồi dưỡng chuyên viên chính"}[r.IntN(4)]
		out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntryTraining, From: from.Format(time.DateOnly),
			To: from.AddDate(0, 3+r.IntN(9), 0).Format(time.DateOnly), Title: "Trường Chính trị Thành phố Hồ Chí Minh",
			Details: map[string]string{"field": course, "mode": "Tại chức"}})
	}
	if r.Float64() < 0.3 {
		y := PeopleAsOf.Year() - 1 - r.IntN(5)
		out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntryReward, From: strconv.Itoa(y),
			Title:   []string{"Giấy khen", "Bằng khen của Ủy ban nhân dân Thành phố", "Chiến sĩ thi đua cơ sở"}[r.IntN(3)],
			Details: map[string]string{"authority": "Ủy ban nhân dân Thành phố Hồ Chí Minh"}})
	}
	family := []struct{ relation, given string }{{"Cha", "Văn " + pick(r, relativeGiven)}, {"Mẹ", "Thị " + pick(r, relativeGiven)}}
	if r.Float64() < 0.7 {
		family = append(family, struct{ relation, given string }{"Vợ/chồng", "Thị " + pick(r, relativeGiven)})
	}
	for _, f := range family {
		out = append(out, canbo.Entry{PersonID: s.PersonID, Kind: canbo.EntryFamily,
			Title: pick(r, relativeFamily) + " " + f.given, Details: map[string]string{"relation": f.relation, "occupation": pick(r, relativeJobs)}})
	}
	return out
}

// Names and occupations of family members: a short list is enough for a demo.
var (
	relativeFamily = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"}
	relativeGiven  = []string{"Hoa", "Lan", "Minh", "Hùng", "Tâm", "Thảo", "Sơn", "Hạnh", "Phúc", "Nga"}
	relativeJobs   = []string{"Hưu trí", "Nội trợ", "Giáo viên", "Kinh doanh", "Công nhân", "Nông dân"}
)

// coefficient returns the salary coefficient of a step, as the salary tables print it: from 2.34
// (university grades) or 1.86 (lower) in steps of 0.33 and 0.18.
func coefficient(class rules.GradeClass, step int) string {
	base, inc := 2.34, 0.33
	if class == rules.Lower {
		base, inc = 1.86, 0.18
	}
	return strconv.FormatFloat(base+inc*float64(step-1), 'f', 2, 64)
}
