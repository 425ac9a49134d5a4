package rules_test

import (
	"strings"
	"testing"

	"canbo"
	"canbo/rules"
	"canbo/vn"
)

// retirement63 is a retirement version from 2027-01-01 whose male roadmap ends at 63 instead
// of 62: men retiring from 2029 on retire later.
const retirement63 = `{"source":{"kind":"Nghị định","number":"99/2026/NĐ-CP","issuer":"Chính phủ","date":"15/11/2026","title":"Thử","status":"firm"},
 "from":"01/01/2027","start_year":2021,
 "male":{"previous":{"years":60,"months":0},"base":{"years":60,"months":3},"step_months":3,"cap":{"years":63,"months":0}},
 "female":{"previous":{"years":55,"months":0},"base":{"years":55,"months":4},"step_months":4,"cap":{"years":60,"months":0}},
 "notice_months":6,"decision_months":3}`

func retireMonth(t *testing.T, s *rules.Set, birth string) string {
	t.Helper()
	d, err := vn.ParseDate(birth)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.RetirementFor(d, canbo.Male, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r.Month.String() + " " + r.Source.Number
}

func TestMergeAddsVersionFromItsDate(t *testing.T) {
	sv, err := rules.NewStoredVersion("retirement", []byte(retirement63))
	if err != nil {
		t.Fatal(err)
	}
	if sv.From != "2027-01-01" || sv.Source.Date != "2026-11-15" || !strings.Contains(string(sv.Version), `"from":"2027-01-01"`) {
		t.Errorf("normalised version = %+v %s", sv, sv.Version)
	}
	before := defaults(t)
	after, err := rules.Merge([]rules.StoredVersion{sv})
	if err != nil {
		t.Fatal(err)
	}
	// Retiring before 2027: unchanged. A man born 01/1970 retired at 62 in 01/2032; now at 63.
	for _, c := range []struct{ birth, before, after string }{
		{"1964-10", "2026-04 135/2020/NĐ-CP", "2026-04 135/2020/NĐ-CP"},
		{"1970-01", "2032-01 135/2020/NĐ-CP", "2033-01 99/2026/NĐ-CP"},
	} {
		if got := retireMonth(t, before, c.birth); got != c.before {
			t.Errorf("defaults, born %s: %s, want %s", c.birth, got, c.before)
		}
		if got := retireMonth(t, after, c.birth); got != c.after {
			t.Errorf("merged, born %s: %s, want %s", c.birth, got, c.after)
		}
	}
	// The version in force before ends the day before; the new one is open-ended.
	vs, _ := after.Versions("retirement")
	if n := len(vs); n != 4 || vs[2].To != "2027-01-01" || vs[3].To != "" || vs[3].Source.Number != "99/2026/NĐ-CP" {
		t.Errorf("versions after merge: %+v", vs)
	}
	// A version inserted between two others ends where the next one starts.
	mid := strings.Replace(strings.Replace(retirement63, "01/01/2027", "01/01/2026", 1), "99/2026", "98/2025", 1)
	sv2, err := rules.NewStoredVersion("retirement", []byte(mid))
	if err != nil {
		t.Fatal(err)
	}
	both, err := rules.Merge([]rules.StoredVersion{sv, sv2})
	if err != nil {
		t.Fatal(err)
	}
	vs, _ = both.Versions("retirement")
	if len(vs) != 5 || vs[3].From != "2026-01-01" || vs[3].To != "2027-01-01" {
		t.Errorf("versions with one in between: %+v", vs)
	}
	// The same day replaces: an amended document.
	fix := strings.Replace(retirement63, "99/2026", "100/2026", 1)
	sv3, _ := rules.NewStoredVersion("retirement", []byte(fix))
	fixed, err := rules.Merge([]rules.StoredVersion{sv, sv3})
	if err != nil {
		t.Fatal(err)
	}
	if vs, _ = fixed.Versions("retirement"); len(vs) != 4 || vs[3].Source.Number != "100/2026/NĐ-CP" {
		t.Errorf("replacement: %+v", vs)
	}
}

func TestAddRefusesGapsOverlapsAndUnknownParams(t *testing.T) {
	withTo := func(from, to string) string {
		return strings.Replace(retirement63, `"from":"01/01/2027"`, `"from":"`+from+`","to":"`+to+`"`, 1)
	}
	for _, c := range []struct {
		json, field, msg string
	}{
		{withTo("01/01/2024", "01/01/2025"), "to", "khoảng trống từ 01/01/2025 đến hết ngày 30/06/2025"},
		{withTo("01/01/2024", "01/01/2026"), "to", "chồng lên phiên bản bắt đầu hiệu lực từ 01/07/2025"},
		{withTo("01/01/2027", "01/01/2028"), "to", "sau ngày 31/12/2027 chưa có phiên bản nào thay thế"},
		{strings.Replace(retirement63, `"notice_months"`, `"notice_monhts"`, 1), "version", `"notice_monhts" không có`},
		{strings.Replace(retirement63, `"notice_months":6`, `"notice_months":"6"`, 1), "version", `"notice_months" phải là một số`},
		{strings.Replace(retirement63, `"01/01/2027"`, `"31/02/2027"`, 1), "from", "31/02/2027"},
		{strings.Replace(retirement63, `"99/2026/NĐ-CP"`, `""`, 1), "", ""}, // a title is enough
		{strings.Replace(strings.Replace(retirement63, `"99/2026/NĐ-CP"`, `""`, 1), `"Thử"`, `""`, 1), "source.number", "cần số hiệu"},
		{strings.Replace(retirement63, `"years":63`, `"years":-1`, 1), "version", "tuổi nghỉ hưu của nam phải lớn hơn 0"},
	} {
		sv, err := rules.NewStoredVersion("retirement", []byte(c.json))
		if err == nil {
			err = defaults(t).Add("retirement", sv.Version)
		}
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.json, err)
			}
			continue
		}
		if canbo.ErrorField(err) != c.field || !strings.Contains(canbo.ErrorMessage(err), c.msg) {
			t.Errorf("error = %v (field %q), want field %q and %q", err, canbo.ErrorField(err), c.field, c.msg)
		}
	}
	if _, err := rules.NewStoredVersion("pension", []byte(retirement63)); canbo.ErrorField(err) != "rule" {
		t.Errorf("unknown rule: %v", err)
	}
}
