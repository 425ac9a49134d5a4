package innovation_test

import (
	"testing"
	"time"

	"canbo"
	"canbo/innovation"
	"canbo/rules"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadlines(t *testing.T) {
	cal := rules.DefaultCalendar()
	cases := []struct {
		name                         string
		received, finished, reported string
		meeting, report, evaluation  string
	}{
		{"ordinary week", "2025-03-03", "", "", "2025-03-12", "", ""},
		{"over a weekend", "2025-03-06", "", "", "2025-03-17", "", ""},
		// Tết 2026: 16–20 February off.
		{"over Tết", "2026-02-13", "", "", "2026-03-03", "", ""},
		// 2025: 30/4, 1/5 and 2/5 off, Saturday 26/4 worked in exchange.
		{"exchanged Saturday", "2025-04-24", "", "", "2025-05-07", "", ""},
		// 2026: Hùng Kings' day on Sunday 26/4, taken on Monday 27/4; 30/4 and 1/5 off.
		{"compensatory day", "2026-04-23", "2026-04-24", "2026-05-04", "2026-05-07", "2026-05-06", "2026-05-13"},
		// National Day 2025: 1/9 and 2/9 off.
		{"National Day", "2025-08-29", "", "", "2025-09-11", "", ""},
	}
	for _, c := range cases {
		var fin, rep time.Time
		if c.finished != "" {
			fin = day(c.finished)
		}
		if c.reported != "" {
			rep = day(c.reported)
		}
		d, err := innovation.Deadlines(cal, rules.Defaults(), day(c.received), fin, rep)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []struct {
			what string
			got  time.Time
			want string
		}{{"meeting", d.Meeting, c.meeting}, {"report", d.Report, c.report}, {"evaluation", d.Evaluation, c.evaluation}} {
			got := ""
			if !x.got.IsZero() {
				got = x.got.Format("2006-01-02")
			}
			if got != x.want {
				t.Errorf("%s: %s deadline %s, want %s", c.name, x.what, got, x.want)
			}
		}
	}
}

func TestVote(t *testing.T) {
	yes, no := true, false
	voters := func(ids ...int64) []int64 { return ids }
	const proposer = 9
	cases := []struct {
		name   string
		m      canbo.Meeting
		passed bool
		field  string
	}{
		{"majority of the collective", canbo.Meeting{For: 3, Against: 2, Voters: voters(1, 2, 3, 4, 5)}, true, ""},
		{"half is not more than half", canbo.Meeting{For: 2, Against: 1, Voters: voters(1, 2, 3, 4)}, false, ""},
		{"majority of votes cast, not of the collective", canbo.Meeting{For: 2, Against: 1, Voters: voters(1, 2, 3, 4, 5)}, false, ""},
		{"tie, head for", canbo.Meeting{For: 2, Against: 2, Voters: voters(1, 2, 3, 4), HeadFor: &yes}, true, ""},
		{"tie, head against", canbo.Meeting{For: 2, Against: 2, Voters: voters(1, 2, 3, 4), HeadFor: &no}, false, ""},
		{"tie with an abstention", canbo.Meeting{For: 2, Against: 2, Voters: voters(1, 2, 3, 4, 5), HeadFor: &yes}, true, ""},
		{"tie without the head's side", canbo.Meeting{For: 2, Against: 2, Voters: voters(1, 2, 3, 4)}, false, "head_decides"},
		{"rejected", canbo.Meeting{For: 1, Against: 3, Voters: voters(1, 2, 3, 4)}, false, ""},
		{"votes exceed the collective", canbo.Meeting{For: 4, Against: 2, Voters: voters(1, 2, 3, 4, 5)}, false, "for"},
		{"the proposer votes", canbo.Meeting{For: 3, Against: 0, Voters: voters(1, 2, proposer)}, false, "voters"},
		{"a voter twice", canbo.Meeting{For: 1, Against: 0, Voters: voters(1, 1)}, false, "voters"},
		{"no collective", canbo.Meeting{For: 0, Against: 0}, false, "voters"},
		{"negative", canbo.Meeting{For: -1, Voters: voters(1)}, false, "for"},
	}
	for _, c := range cases {
		passed, err := innovation.Vote(c.m, proposer)
		if canbo.ErrorField(err) != c.field {
			t.Errorf("%s: error %v, want field %q", c.name, err, c.field)
		}
		if passed != c.passed {
			t.Errorf("%s: passed %v, want %v", c.name, passed, c.passed)
		}
	}
}

func TestOutcomes(t *testing.T) {
	if o := innovation.Outcomes(true, false); len(o) != 1 || o[0] != canbo.OutcomeNoLiability {
		t.Errorf("achieved: %v", o)
	}
	if o := innovation.Outcomes(false, false); len(o) != 1 || o[0] != canbo.OutcomeExcluded {
		t.Errorf("not achieved: %v", o)
	}
	if o := innovation.Outcomes(false, true); len(o) != 3 {
		t.Errorf("damage: %v", o)
	}
}

// TestDeadlinesFollowRuleVersion: the day counts come from the rule version in force on the day
// each deadline counts from, so a later version (an administrator's, from a new decree) changes
// only the deadlines that start on or after it; before NĐ 73/2023 took effect there is none.
func TestDeadlinesFollowRuleVersion(t *testing.T) {
	set := rules.Defaults()
	later := `{"source":{"kind":"Nghị định","number":"99/2026/NĐ-CP","issuer":"Chính phủ","date":"2026-05-01","title":"thử","status":"check"},
		"from":"2026-06-01","meeting_days":10,"report_days":3,"evaluation_days":4}`
	if err := set.Add("innovation", []byte(later)); err != nil {
		t.Fatal(err)
	}
	if err := set.Validate(); err != nil {
		t.Fatal(err)
	}
	cal := rules.DefaultCalendar()
	// Received under the 2023 decree (7 days), finished and reported under the new version.
	d, err := innovation.Deadlines(cal, set, day("2026-05-25"), day("2026-06-01"), day("2026-06-08"))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		what      string
		got, want time.Time
	}{
		{"meeting", d.Meeting, cal.AddWorkingDays(day("2026-05-25"), 7)},
		{"report", d.Report, cal.AddWorkingDays(day("2026-06-01"), 3)},
		{"evaluation", d.Evaluation, cal.AddWorkingDays(day("2026-06-08"), 4)},
	} {
		if !x.got.Equal(x.want) {
			t.Errorf("%s: got %s, want %s", x.what, x.got.Format(time.DateOnly), x.want.Format(time.DateOnly))
		}
	}
	if _, err := innovation.Deadlines(cal, set, day("2023-11-19"), time.Time{}, time.Time{}); canbo.ErrorCode(err) != canbo.ENOTFOUND {
		t.Errorf("received before the decree took effect: error %v, want not found", err)
	}
}
