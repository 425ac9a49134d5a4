package registry

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"canbo"
)

// numberPattern is the shape of a document number (docs/RULES.md §document-number): a serial,
// then "/year" for state documents, then the type and issuer abbreviations, as in
// "12/2025/QĐ-UBND", "124-KH/TU" or "14-KL/TW".
var numberPattern = regexp.MustCompile(`^[0-9]{1,5}(/[0-9]{4})?[/-]\p{Lu}[\p{Lu}0-9]*([-/.]\p{Lu}[\p{Lu}0-9]*)*$`)

// ValidNumber reports whether s has the shape of an official document number.
func ValidNumber(s string) bool { return numberPattern.MatchString(s) }

// CheckRegulation checks a document on its own (its links against other documents are the
// store's to check): every refusal names the field.
func CheckRegulation(r *canbo.Regulation) error {
	r.Number = strings.TrimSpace(r.Number)
	r.Title = strings.TrimSpace(r.Title)
	switch {
	case r.Number == "":
		return canbo.Invalid("number", "err.registry.check.number")
	case !ValidNumber(r.Number):
		return canbo.Invalid("number", "err.registry.check.number_format", r.Number)
	case !r.Kind.Valid():
		return canbo.Invalid("kind", "err.registry.check.kind", r.Kind)
	case r.Title == "":
		return canbo.Invalid("title", "err.registry.check.title")
	case utf8.RuneCountInString(r.Title) > 1000:
		return canbo.Invalid("title", "err.registry.check.title_long")
	case r.IssuerUnitID <= 0:
		return canbo.Invalid("issuer_unit_id", "err.registry.check.issuer_unit_id")
	case r.SignedOn.IsZero():
		return canbo.Invalid("signed_on", "err.registry.check.signed_on")
	case r.EffectiveFrom.IsZero():
		return canbo.Invalid("effective_from", "err.registry.check.effective_from")
	case r.EffectiveFrom.Before(r.SignedOn):
		return canbo.Invalid("effective_from", "err.registry.check.effective_before_signed")
	case !r.ExpiresOn.IsZero() && !r.ExpiresOn.After(r.EffectiveFrom):
		return canbo.Invalid("expires_on", "err.registry.check.expires_on")
	}
	seen := map[int64]string{}
	for _, l := range []struct {
		field string
		ids   []int64
	}{{"replaces", r.Replaces}, {"amends", r.Amends}} {
		for _, id := range l.ids {
			if id <= 0 {
				return canbo.Invalid(l.field, "err.registry.check.link_id", l.field, id)
			}
			if id == r.ID {
				return canbo.Invalid(l.field, "err.registry.check.self", l.field)
			}
			if f, ok := seen[id]; ok {
				return canbo.Invalid(l.field, "err.registry.check.twice", l.field, id, f)
			}
			seen[id] = l.field
		}
	}
	for i := range r.Implements {
		c := &r.Implements[i]
		c.Number, c.Issuer = strings.TrimSpace(c.Number), strings.TrimSpace(c.Issuer)
		if c.Number == "" {
			return canbo.Invalid("implements", "err.registry.check.central_number", i)
		}
		if !ValidNumber(c.Number) {
			return canbo.Invalid("implements", "err.registry.check.central_format", i, c.Number)
		}
		if !c.Date.IsZero() && c.Date.After(r.SignedOn) {
			return canbo.Invalid("implements", "err.registry.check.central_after", i, c.Number)
		}
	}
	return nil
}

// CheckTarget checks one earlier document that r replaces or amends (field "replaces" or
// "amends"): it must take effect no later than r does.
func CheckTarget(field string, r *canbo.Regulation, number string, effective time.Time) error {
	if effective.After(r.EffectiveFrom) {
		return canbo.Invalid(field, "err.registry.check.target_later",
			field, number, effective.Format("02/01/2006"), r.EffectiveFrom.Format("02/01/2006"))
	}
	return nil
}
