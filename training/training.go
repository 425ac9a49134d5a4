// Package training decides what the training module computes without a database: which vocab
// list a kind of training uses, how levels compare, which levels a leadership post's standards
// require (read from the standards text of the planning issue), and who falls short.
package training

import (
	"strings"

	"canbo"
	"canbo/vn"
	"canbo/vocab"
)

// leveled are the kinds whose levels a published list names, with the list and the field of
// the personal record that holds the level; languages, IT and the courses for planned cadres
// have none.
var leveled = map[string]struct {
	list     *vocab.List
	recorded func(canbo.Education) string
}{
	canbo.TrainingPolitical:    {vocab.PoliticalTheory, func(e canbo.Education) string { return e.PoliticalTheory }},
	canbo.TrainingState:        {vocab.StateManagement, func(e canbo.Education) string { return e.StateManagement }},
	canbo.TrainingProfessional: {vocab.ProfessionalEducation, func(e canbo.Education) string { return e.Professional }},
}

// List returns the vocab list of the levels a kind of training confers, or nil for the kinds
// whose levels no published list names.
func List(kind string) *vocab.List {
	return leveled[kind].list
}

// equivalent maps a level to the level it counts as: a bachelor of political science counts as
// advanced political theory (Hướng dẫn 03-HD/BTCTW on equivalences).
var equivalent = map[string]string{"cu_nhan": "cao_cap"}

// Rank orders the levels of a kind: higher is more; 0 for a value the list does not know (or
// "chưa qua đào tạo"). Recorded values may be names or codes.
func Rank(kind, recorded string) int {
	l := List(kind)
	if l == nil || strings.TrimSpace(recorded) == "" {
		return 0
	}
	code, ok := l.Code(recorded)
	if !ok {
		return 0
	}
	if e, ok := equivalent[code]; ok {
		code = e
	}
	for i, it := range l.Items {
		if it.Code == code {
			if code == "chua_dao_tao" {
				return 0
			}
			return len(l.Items) - i
		}
	}
	return 0
}

// Requirement is a level of one kind a post requires.
type Requirement struct {
	Kind  string
	Level string // vocab code
}

// phrase is a level's name as standards write it, folded, longest first within a kind so that
// "chuyen vien chinh" is not read as "chuyen vien".
type phrase struct{ kind, words, code string }

var phrases = []phrase{
	{canbo.TrainingPolitical, "cu nhan", "cu_nhan"}, {canbo.TrainingPolitical, "cao cap", "cao_cap"},
	{canbo.TrainingPolitical, "trung cap", "trung_cap"}, {canbo.TrainingPolitical, "so cap", "so_cap"},
	{canbo.TrainingState, "chuyen vien cao cap", "cvcc"}, {canbo.TrainingState, "chuyen vien chinh", "cvc"},
	{canbo.TrainingState, "chuyen vien", "cv"}, {canbo.TrainingState, "can su", "can_su"},
	{canbo.TrainingProfessional, "tien si", "ts"}, {canbo.TrainingProfessional, "thac si", "ths"},
	{canbo.TrainingProfessional, "dai hoc", "dh"}, {canbo.TrainingProfessional, "cao dang", "cd"},
	{canbo.TrainingProfessional, "trung cap", "tc"},
}

// clauseKind tells which kind a clause of the standards is about: political theory names
// itself, state management names a rank (chuyên viên…), a professional level follows
// "tốt nghiệp" or "trình độ chuyên môn".
func clauseKind(c string) string {
	switch {
	case strings.Contains(c, "ly luan chinh tri"):
		return canbo.TrainingPolitical
	case strings.Contains(c, "chuyen vien") || strings.Contains(c, "can su") || strings.Contains(c, "quan ly nha nuoc ngach"):
		return canbo.TrainingState
	case strings.Contains(c, "tot nghiep") || strings.Contains(c, "trinh do chuyen mon"):
		return canbo.TrainingProfessional
	}
	return ""
}

// Requirements reads the levels a post's standards text requires, one per kind: the clauses
// (separated by ";" or ".") that name a level of political theory, state management or
// professional education. Where a clause offers alternatives ("cao cấp hoặc cử nhân") or a
// floor ("trung cấp trở lên"), the lowest level named is what the post requires.
func Requirements(standards string) []Requirement {
	var out []Requirement
	seen := map[string]int{}
	for _, c := range strings.FieldsFunc(vn.Fold(standards), func(r rune) bool { return r == ';' || r == '.' || r == '\n' }) {
		kind := clauseKind(c)
		if kind == "" {
			continue
		}
		rest, low := " "+strings.Join(strings.Fields(c), " ")+" ", ""
		for _, p := range phrases {
			if p.kind != kind || !strings.Contains(rest, " "+p.words+" ") {
				continue
			}
			rest = strings.ReplaceAll(rest, " "+p.words+" ", " ")
			if low == "" || Rank(kind, p.code) <= Rank(kind, low) {
				low = p.code
			}
		}
		if low == "" {
			continue
		}
		if i, ok := seen[kind]; ok {
			if Rank(kind, low) > Rank(kind, out[i].Level) {
				out[i].Level = low
			}
			continue
		}
		seen[kind] = len(out)
		out = append(out, Requirement{Kind: kind, Level: low})
	}
	return out
}

// Recorded returns the level of a kind as a person's record holds it ("" for a kind without
// a list).
func Recorded(e canbo.Education, kind string) string {
	if k, ok := leveled[kind]; ok {
		return k.recorded(e)
	}
	return ""
}

// Missing lists the requirements a person's education does not meet.
func Missing(reqs []Requirement, e canbo.Education) []Requirement {
	var out []Requirement
	for _, r := range reqs {
		if Rank(r.Kind, Recorded(e, r.Kind)) < Rank(r.Kind, r.Level) {
			out = append(out, r)
		}
	}
	return out
}

// Raises tells whether completing a course of a kind conferring level raises what the record
// holds (a higher level replaces it; an equal or lower one leaves it).
func Raises(kind, level, recorded string) bool {
	return List(kind) != nil && level != "" && Rank(kind, level) > Rank(kind, recorded)
}
