package validate

import (
	"canbo"
	"canbo/locale"
	"canbo/vocab"
)

// coded returns p's coded fields in the order of vocab.PersonFields.
func coded(p *canbo.Person) []*string {
	return []*string{&p.Ethnicity, &p.Religion, &p.Education.General, &p.Education.Professional,
		&p.Education.PoliticalTheory, &p.Education.StateManagement}
}

// normalizeCodes stores each coded field of p as its code when its list knows the value (by
// name, alias or code, accent-free), and leaves any other value as it is: Person runs it for
// every write, including a merge of two stored records, which may carry values typed before
// the lists.
func normalizeCodes(p *canbo.Person) {
	for i, v := range coded(p) {
		*v = vocab.PersonFields[i].List.Normalize(*v)
	}
}

// Codes refuses a coded field of p that its list does not know, naming the field, unless the
// value is what the record already holds (stored; nil for a new record): a value typed before
// the lists stays visible until an officer picks its code on the cleaning page, and saving
// the record's other fields must not force that choice. Call it after Person, for what a
// user or a file sends.
func Codes(p, stored *canbo.Person) error {
	var old []*string
	if stored != nil {
		old = coded(stored)
	}
	for i, v := range coded(p) {
		f := vocab.PersonFields[i]
		if *v == "" {
			continue
		}
		if _, ok := f.List.Name(*v); ok || (old != nil && *old[i] == *v) {
			continue
		}
		return canbo.Invalid(f.Name, "err.validate.codes.unknown", locale.Word("vocab."+f.List.Key), *v)
	}
	return nil
}
