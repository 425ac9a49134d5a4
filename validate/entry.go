package validate

import (
	"cmp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"canbo"
	"canbo/locale"
	"canbo/vn"
	"canbo/vocab"
)

// EntryKind returns the description of a timeline entry kind, or an error naming the field
// kind. The store asks it first, before it looks at the caller's grants or the person.
func EntryKind(kind string) (canbo.EntrySpec, error) {
	spec, ok := canbo.EntrySpecOf(kind)
	if !ok {
		return spec, canbo.Invalid("kind", "err.validate.entry.kind", kind)
	}
	return spec, nil
}

// Entry normalizes a timeline entry in place — dates to their stored form, text cleaned, typed
// details to their stored form — and checks it against its kind's fields (canbo.EntrySpecs);
// now bounds years. Fields are named as the API names them (details.step), so the form can
// mark the box.
func Entry(e *canbo.Entry, now time.Time) error {
	spec, err := EntryKind(e.Kind)
	if err != nil {
		return err
	}
	from, err := vn.ParseDateField("from", e.From)
	if err != nil {
		return err
	}
	to, err := vn.ParseDateField("to", e.To)
	if err != nil {
		return err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return canbo.Invalid("to", "err.validate.entry.to", to.VN(), from.VN())
	}
	e.From, e.To = from.String(), to.String()
	if e.Title, err = Text("title", e.Title, 300); err != nil {
		return err
	}
	for k, v := range e.Details {
		if e.Details[k], err = Text(k, v, 500); err != nil {
			return err
		}
	}
	if e.Kind == canbo.EntryEvaluation {
		// The level is stored as its code (the filter compares codes) and the title as its
		// name; the API may send either in either field.
		v := cmp.Or(e.Details[canbo.DetailLevel], e.Title)
		code, ok := vocab.Evaluations.Code(v)
		if !ok {
			return canbo.Invalid("details.level", "err.validate.entry.details_level", v, strings.Join(canbo.EvaluationLevels, ", "))
		}
		if e.Details == nil {
			e.Details = map[string]string{}
		}
		e.Details[canbo.DetailLevel], e.Title = code, vocab.Evaluations.Show(code)
	}
	// What the Mẫu 2C table of the kind needs: the title and the start first, then the
	// details in the table's order.
	if f, ok := spec.Field("title"); ok && f.Required && e.Title == "" {
		return canbo.Invalid(f.Name(), "err.validate.entry.missing", locale.Word(f.Noun))
	}
	if f, ok := spec.Field("from"); ok && f.Required && e.From == "" {
		return canbo.Invalid(f.Name(), "err.validate.entry.missing", locale.Word(f.Noun))
	}
	for _, f := range spec.Fields {
		if f.Detail {
			if err := detail(e, f, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// detail checks one detail of e by its field's type, storing numbers and choices in their
// stored form.
func detail(e *canbo.Entry, f canbo.EntryField, now time.Time) error {
	v := e.Details[f.Key]
	if strings.TrimSpace(v) == "" {
		if f.Required && f.Type == canbo.TextField {
			return canbo.Invalid(f.Name(), "err.validate.entry.missing", locale.Word(f.Noun))
		}
		if !f.Required {
			return nil
		}
		// A required number or choice left empty is refused by its reading below, which says
		// what the value must be.
	}
	noun := sentence(f.Noun)
	switch f.Type {
	case canbo.IntField:
		if n, err := strconv.Atoi(v); err != nil || n < f.Min || n > f.Max {
			return canbo.Invalid(f.Name(), "err.validate.entry.whole_number", noun, f.Min, f.Max, v)
		}
	case canbo.DecimalField:
		c, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || c <= 0 || c > float64(f.Max) {
			return canbo.Invalid(f.Name(), "err.validate.entry.positive_number", noun, f.Example, v)
		}
		e.Details[f.Key] = strconv.FormatFloat(c, 'f', 2, 64)
	case canbo.YearField:
		if n, err := strconv.Atoi(v); err != nil || n < f.Min || n > now.Year() {
			return canbo.Invalid(f.Name(), "err.validate.entry.year", noun, v)
		}
	case canbo.ChoiceField:
		for _, c := range f.Choices {
			if strings.EqualFold(c, v) {
				e.Details[f.Key] = c
				return nil
			}
		}
		return canbo.Invalid(f.Name(), "err.validate.entry.value_invalid", noun, v, strings.Join(f.Choices, ", "))
	}
	return nil
}

// sentence is a noun's key worded with a capital first letter, for a noun that begins a
// sentence; locale.Format words it in the message's language.
type sentence string

// Local words the noun in lang, capitalized.
func (s sentence) Local(lang string) string {
	w := locale.Text(lang, string(s))
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}
