package importer

import (
	"crypto/sha256"
	"encoding/hex"

	"canbo"
)

// Signature identifies a sheet's form by its column headers (folded, in order, with their
// letters): two files printed from the same form have the same signature whatever their rows,
// title or sheet name, so a saved mapping profile can be offered for the next one.
func (l *Layout) Signature() string {
	h := sha256.New()
	for _, c := range l.Columns {
		h.Write([]byte(c.Letter + "\x1f" + fold(c.Header) + "\x1e"))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// Profile is the layout's mapping as a profile's columns.
func (l *Layout) Profile() []canbo.MappedColumn {
	cols := make([]canbo.MappedColumn, len(l.Columns))
	for i, c := range l.Columns {
		cols[i] = canbo.MappedColumn{Header: c.Header, Field: string(c.Field)}
	}
	return cols
}

// ApplyProfile gives each column the field a profile gives its header (compared folded, so a
// file typed with other accents or case matches) and returns how many columns it set. Columns
// the profile does not name keep the field Detect gave them: a profile saved for one form helps
// with a similar one.
func (l *Layout) ApplyProfile(cols []canbo.MappedColumn) int {
	by := map[string]Field{}
	for _, c := range cols {
		if f := Field(c.Field); KnownField(f) {
			by[fold(c.Header)] = f
		}
	}
	n := 0
	for i, c := range l.Columns {
		if f, ok := by[fold(c.Header)]; ok {
			l.Columns[i].Field = f
			n++
		}
	}
	return n
}
