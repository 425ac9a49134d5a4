package web

import (
	"slices"
	"strings"
	"time"

	"canbo"
	"canbo/vocab"
)

// codeLabel names a code shown to users (an audit action, an entity) in their language, the
// code itself when no label exists (an action added later stays readable).
func codeLabel(lang, prefix, code string) string {
	if code == "" {
		return translate(lang, prefix+"all")
	}
	if s := translate(lang, prefix+code); s != prefix+code {
		return s
	}
	return code
}

// vietnam is Vietnam's time zone (UTC+7, no daylight saving): audit times are shown as the
// officers lived them, not in UTC.
var vietnam = time.FixedZone("ICT", 7*60*60)

// localTime writes an instant in Vietnamese time, dd/mm/yyyy hh:mm:ss.
func localTime(t time.Time) string { return t.In(vietnam).Format("02/01/2006 15:04:05") }

// detailValue writes a timeline detail as a reader expects it: a grade class or an evaluation
// level by its name rather than its code, a coefficient with a decimal comma (2,34).
func detailValue(lang, key, value string) string {
	switch key {
	case "grade_class":
		if s := translate(lang, "ef.grade_class."+value); s != "ef.grade_class."+value {
			return s
		}
	case "level":
		if i := slices.Index(canbo.EvaluationCodes, value); i >= 0 {
			return canbo.EvaluationLevels[i]
		}
	case "coefficient":
		return strings.Replace(value, ".", ",", 1)
	}
	return value
}

// educationLine is a list's education column: the professional, political-theory and
// state-management levels known, joined by " · " — with no separator before a missing first
// level (page and Excel alike).
func educationLine(e canbo.Education) string {
	var parts []string
	for _, x := range []string{vocab.ProfessionalEducation.Show(e.Professional), vocab.PoliticalTheory.Show(e.PoliticalTheory), vocab.StateManagement.Show(e.StateManagement)} {
		if x = strings.TrimSpace(x); x != "" {
			parts = append(parts, x)
		}
	}
	return strings.Join(parts, " · ")
}
