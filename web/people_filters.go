package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/vn"
	"canbo/vocab"
)

// ageBands are the age bands the people list offers, as of the list's date: a convenience
// over the birth-date bounds. Ages are whole years; the last band has no upper end.
var ageBands = []struct {
	Code     string
	From, To int // inclusive; To 0 = no upper end
}{{"under35", 0, 34}, {"35-45", 35, 45}, {"46-55", 46, 55}, {"56-60", 56, 60}, {"over60", 61, 0}}

// ageBand sets the birth-date bounds of an age band as of on. A band and birth years together
// are refused: which one was meant is unclear.
func ageBand(code string, on time.Time, f *canbo.PersonFilter) error {
	if code == "" {
		return nil
	}
	i := slices.IndexFunc(ageBands, func(b struct {
		Code     string
		From, To int
	}) bool {
		return b.Code == code
	})
	if i < 0 {
		return canbo.Invalid("age", "err.web.people_filters.age", code)
	}
	if f.BornFrom != "" || f.BornTo != "" {
		return canbo.Invalid("age", "err.web.people_filters.age_or_born")
	}
	b := ageBands[i]
	// Aged at least From on the day: born no later than that day From years earlier.
	f.BornTo = isoDay(on.AddDate(-b.From, 0, 1))
	if b.To > 0 {
		// Aged at most To: born after the day To+1 years earlier.
		f.BornFrom = isoDay(on.AddDate(-b.To-1, 0, 1))
	}
	return nil
}

// readListFilters reads the list filters beyond the basic ones, validating each with a message
// naming its parameter.
func readListFilters(q url.Values, f *canbo.PersonFilter) error {
	for _, t := range []struct {
		name string
		dst  *string
		max  int
	}{{"ethnicity", &f.Ethnicity, 50}, {"edu_professional", &f.EduProfessional, 100}, {"edu_political", &f.EduPolitical, 50},
		{"edu_state", &f.EduState, 50}, {"post_title", &f.PostTitle, 200}, {"edu_languages", &f.EduLanguages, 100}, {"edu_it", &f.EduIT, 100}} {
		v := vn.Clean(q.Get(t.name))
		if utf8.RuneCountInString(v) > t.max {
			return canbo.Invalid(t.name, "err.web.people_filters.too_long", t.name, t.max)
		}
		if f, ok := vocab.ByColumn(t.name); ok {
			v = f.List.Normalize(v) // a link or a caller may name the level; the list compares codes
		}
		*t.dst = v
	}
	if v := strings.TrimSpace(q.Get("post_unit")); v != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
		if err != nil || id <= 0 {
			return canbo.Invalid("post_unit", "err.web.people_filters.post_unit")
		}
		f.PostUnit = id
	}
	// The filters behind the figures of the reports (reports.go): ethnic minorities,
	// probationary members, and birth days (an age band or a retirement year, exact to the day).
	for _, b := range []struct {
		name string
		dst  *bool
	}{{"minority", &f.Minority}, {"probationary", &f.Probationary}} {
		switch q.Get(b.name) {
		case "":
		case "true", "1":
			*b.dst = true
		default:
			return canbo.Invalid(b.name, "err.web.people_filters.true_or_empty", b.name)
		}
	}
	for _, b := range []struct {
		name string
		dst  *string
	}{{"birth_from", &f.BornFrom}, {"birth_before", &f.BornTo}} {
		if v := q.Get(b.name); v != "" {
			d, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return canbo.Invalid(b.name, "err.web.people_filters.iso_day", b.name)
			}
			*b.dst = d.Format(time.DateOnly)
		}
	}
	if v := q.Get("evaluation"); v != "" {
		if !slices.Contains(canbo.EvaluationCodes, v) {
			return canbo.Invalid("evaluation", "err.web.people_filters.evaluation", v)
		}
		f.Evaluation = v
	}
	return nil
}

// listColumns are the columns a people list may show beside the name, in display order, with
// the grant a column needs ("" for none).
var listColumns = []struct{ Code, Grant string }{
	{"birth", ""}, {"sex", ""}, {"staff_type", ""}, {"staff_code", ""}, {"post", ""}, {"unit", ""},
	{"party", ""}, {"ethnicity", canbo.GrantBackground}, {"education", ""}, {"status", ""},
}

// defaultColumns are shown when the URL names none: the post and unit tell namesakes apart
// (two Nguyễn Văn Hùng born the same year are told apart by where they work).
var defaultColumns = []string{"birth", "sex", "post", "unit", "status"}

// chosenColumns reads the columns named in the URL (cols=…, repeated or comma-separated), in
// display order; a column of a class the user may not see is left out.
func chosenColumns(q url.Values, u *canbo.User) ([]string, error) {
	var asked []string
	for _, v := range q["cols"] {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.TrimSpace(c); c != "" {
				asked = append(asked, c)
			}
		}
	}
	if len(asked) == 0 {
		return defaultColumns, nil
	}
	var out []string
	for _, a := range asked {
		if !slices.ContainsFunc(listColumns, func(c struct{ Code, Grant string }) bool { return c.Code == a }) {
			return nil, canbo.Invalid("cols", "err.web.people_filters.column", a)
		}
	}
	for _, c := range listColumns {
		if slices.Contains(asked, c.Code) && (c.Grant == "" || u.Can(c.Grant)) {
			out = append(out, c.Code)
		}
	}
	return out, nil
}

// standings reads the post, unit and party columns of a page, when one of them is shown.
func (s *Server) standings(r *http.Request, people []*canbo.Person, f canbo.PersonFilter, cols []string) (map[int64]canbo.PersonStanding, error) {
	if !slices.ContainsFunc(cols, func(c string) bool { return c == "post" || c == "unit" || c == "party" || c == "status" }) {
		return nil, nil
	}
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return s.Lister.Standings(r.Context(), ids, f.AsOf)
}
