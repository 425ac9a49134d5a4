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
		return canbo.FieldError("number", "Cần ghi số, ký hiệu văn bản (number).")
	case !ValidNumber(r.Number):
		return canbo.FieldError("number", "Số, ký hiệu %q không đúng thể thức (ví dụ 12/2025/QĐ-UBND hoặc 124-KH/TU).", r.Number)
	case !r.Kind.Valid():
		return canbo.FieldError("kind", "Loại văn bản (kind) %q không hợp lệ: quy_dinh, quy_che, quy_trinh, huong_dan hoặc ke_hoach.", r.Kind)
	case r.Title == "":
		return canbo.FieldError("title", "Cần ghi trích yếu (title).")
	case utf8.RuneCountInString(r.Title) > 1000:
		return canbo.FieldError("title", "Trích yếu (title) dài quá 1000 ký tự.")
	case r.IssuerUnitID <= 0:
		return canbo.FieldError("issuer_unit_id", "Cần chọn đơn vị ban hành (issuer_unit_id).")
	case r.SignedOn.IsZero():
		return canbo.FieldError("signed_on", "Cần ghi ngày ký (signed_on).")
	case r.EffectiveFrom.IsZero():
		return canbo.FieldError("effective_from", "Cần ghi ngày có hiệu lực (effective_from).")
	case r.EffectiveFrom.Before(r.SignedOn):
		return canbo.FieldError("effective_from", "Ngày có hiệu lực (effective_from) không được trước ngày ký (signed_on).")
	case !r.ExpiresOn.IsZero() && !r.ExpiresOn.After(r.EffectiveFrom):
		return canbo.FieldError("expires_on", "Ngày hết hiệu lực (expires_on) phải sau ngày có hiệu lực.")
	}
	seen := map[int64]string{}
	for _, l := range []struct {
		field string
		ids   []int64
	}{{"replaces", r.Replaces}, {"amends", r.Amends}} {
		for _, id := range l.ids {
			if id <= 0 {
				return canbo.FieldError(l.field, "%s: số hiệu văn bản %d không hợp lệ.", l.field, id)
			}
			if id == r.ID {
				return canbo.FieldError(l.field, "%s: văn bản không thể thay thế hay sửa đổi chính nó.", l.field)
			}
			if f, ok := seen[id]; ok {
				return canbo.FieldError(l.field, "%s: văn bản %d đã được nêu trong %s.", l.field, id, f)
			}
			seen[id] = l.field
		}
	}
	for i := range r.Implements {
		c := &r.Implements[i]
		c.Number, c.Issuer = strings.TrimSpace(c.Number), strings.TrimSpace(c.Issuer)
		if c.Number == "" {
			return canbo.FieldError("implements", "implements[%d]: cần ghi số, ký hiệu văn bản của Trung ương.", i)
		}
		if !ValidNumber(c.Number) {
			return canbo.FieldError("implements", "implements[%d]: số, ký hiệu %q không đúng thể thức (ví dụ 14-KL/TW, 73/2023/NĐ-CP).", i, c.Number)
		}
		if !c.Date.IsZero() && c.Date.After(r.SignedOn) {
			return canbo.FieldError("implements", "implements[%d]: văn bản %s ban hành sau ngày ký văn bản này.", i, c.Number)
		}
	}
	return nil
}

// CheckTarget checks one earlier document that r replaces or amends (field "replaces" or
// "amends"): it must take effect no later than r does.
func CheckTarget(field string, r *canbo.Regulation, number string, effective time.Time) error {
	if effective.After(r.EffectiveFrom) {
		return canbo.FieldError(field, "%s: văn bản %s có hiệu lực từ %s, sau ngày văn bản này có hiệu lực (%s); không thể thay thế hay sửa đổi văn bản có hiệu lực sau nó.",
			field, number, effective.Format("02/01/2006"), r.EffectiveFrom.Format("02/01/2006"))
	}
	return nil
}
