package web

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// csvWriter writes CSV whose cells a spreadsheet shows as text, never runs as a formula. Every
// CSV export goes through it: a login name or a person's name is typed by someone else, and
// "=HYPERLINK(…)" in a cell would otherwise run in the administrator's spreadsheet.
type csvWriter struct{ *csv.Writer }

func newCSVWriter(w io.Writer) csvWriter { return csvWriter{csv.NewWriter(w)} }

// Write writes one row, each cell through csvCell.
func (c csvWriter) Write(row []string) error {
	safe := make([]string, len(row))
	for i, v := range row {
		safe[i] = csvCell(v)
	}
	return c.Writer.Write(safe)
}

// csvCell neutralises a cell a spreadsheet would read as a formula, the OWASP way: a leading
// single quote makes it text. Formulas start with =, +, -, @ (or their full-width forms, which
// some spreadsheets accept) or a control character (tab, carriage return), and spaces before
// them do not stop every spreadsheet from reading one; the quote goes first, so the cell reads
// as it was typed.
func csvCell(v string) string {
	t := strings.TrimLeftFunc(v, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u3000' })
	if r, _ := utf8.DecodeRuneInString(t); t != "" && (strings.ContainsRune("=+-@＝＋－＠", r) || unicode.IsControl(r)) {
		return "'" + v
	}
	return v
}
