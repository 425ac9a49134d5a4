package web

import "canbo/importer"

// importFieldKeys are the field names the import page words ("import.field." + name), the
// empty field (ignore) included.
func importFieldKeys() []string {
	keys := []string{""}
	for _, f := range importer.Fields {
		keys = append(keys, string(f))
	}
	return keys
}
