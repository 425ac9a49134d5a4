// Package validate checks and normalizes what people enter before a store writes it: the
// personal record, posts and timeline entries (the latter driven by canbo.EntrySpecs). It reads
// no database, so a rule about a field's form is found here and tested without one; what needs
// stored data (scope, units on a day, duplicates) stays in the store. It lives apart from the
// root package because it reads Vietnamese text with package vn, which imports the root.
package validate

import (
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
	"canbo/locale"
	"canbo/vn"
)

// Text normalizes a text field (vn.Clean) and limits its length.
func Text(field, s string, max int) (string, error) {
	if err := checkText(field, s); err != nil {
		return "", err
	}
	s = vn.Clean(s)
	if utf8.RuneCountInString(s) > max {
		return "", canbo.Invalid(field, "err.validate.validate.too_long", field, max)
	}
	return s, nil
}

// Day reads a full date of a timeline field; empty stays empty (the zero time).
func Day(field, s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := vn.ParseDay(s)
	if err != nil {
		return time.Time{}, canbo.Invalid(field, "err.validate.validate.day_invalid", s)
	}
	return t, nil
}

// RequiredDay reads a full date that may not be left out; label is the key of the words naming
// it in the message (canbo/locale, e.g. "word.end_day"), so the message reads in either language.
func RequiredDay(field, label, s string) (time.Time, error) {
	t, err := Day(field, s)
	if err == nil && t.IsZero() {
		err = canbo.Invalid(field, "err.validate.entry.missing", locale.Word(label))
	}
	return t, err
}
