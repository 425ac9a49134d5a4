package rules_test

import (
	"testing"
	"time"

	"canbo/rules"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func ym(y, m int) rules.YearMonth { return rules.YearMonth{Year: y, Month: m} }

// defaults returns the shipped rule set, failing the test if it does not validate.
func defaults(t testing.TB) *rules.Set {
	t.Helper()
	s := rules.Defaults()
	if err := s.Validate(); err != nil {
		t.Fatalf("Defaults().Validate() = %v", err)
	}
	return s
}

// retirementParams returns the retirement version in force on a day.
func retirementParams(t testing.TB, on time.Time) rules.RetirementParams {
	t.Helper()
	p, err := defaults(t).Retirement(on)
	if err != nil {
		t.Fatalf("Retirement(%v) error: %v", on, err)
	}
	return p
}
