package web

import (
	"testing"

	"canbo/importer"
)

// importFieldKeys are the field names the import page words ("import.field." + name), the
// empty field (ignore) included.
func importFieldKeys() []string {
	keys := []string{""}
	for _, f := range importer.Fields {
		keys = append(keys, string(f))
	}
	return keys
}

// TestImportTemplateRoundTrip: the template's headers, in either language, map back to their
// fields, so a filled template imports with no mapping to fix.
func TestImportTemplateRoundTrip(t *testing.T) {
	for _, l := range []string{"vi", "en"} {
		b, err := importTemplate(l)
		if err != nil {
			t.Fatal(err)
		}
		book, err := importer.Read(b, importer.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		lay, ok := importer.Detect(book.Sheets[0])
		if !ok {
			t.Fatalf("%s: no header found", l)
		}
		for _, c := range lay.Columns {
			if want := translate(l, "import.field."+string(c.Field)); c.Field == importer.Ignore || want != c.Header {
				t.Errorf("%s: column %s %q maps to %q", l, c.Letter, c.Header, c.Field)
			}
		}
		if len(book.Sheets) != 2 {
			t.Errorf("%s: %d sheets, want the list and the instructions", l, len(book.Sheets))
		}
	}
}
