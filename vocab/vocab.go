// Package vocab holds the lists the state publishes for fields of the personal record that
// would otherwise be typed freely: the 54 ethnic groups with their official codes, the
// recognised religions, general and professional education, political-theory and
// state-management levels, and the annual evaluation ratings. A value is stored as its code and
// shown in Vietnamese; Code maps a typed name to its code (accent-free, so "Kinh", "kinh" and
// "KINH" agree), for the records typed before the lists and for imports by name; a value no
// list knows is kept and shown as typed.
package vocab

import (
	"canbo/vn"
)

// Item is one entry of a list: its stored code, its Vietnamese name, and other names it is
// commonly written under.
type Item struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
}

// List is a published list, in its official order.
type List struct {
	Key    string // ethnicity, religion, edu_general, edu_professional, political_theory, state_management, evaluation
	Source string // the document that publishes it
	Items  []Item
	byName map[string]string
	byCode map[string]string
}

func newList(key, source string, items []Item) *List {
	l := &List{Key: key, Source: source, Items: items, byName: map[string]string{}, byCode: map[string]string{}}
	for _, it := range items {
		l.byCode[it.Code] = it.Name
		for _, n := range append([]string{it.Name, it.Code}, it.Aliases...) {
			l.byName[vn.Fold(n)] = it.Code
		}
	}
	return l
}

// Code returns the code of a typed name (or of a code), compared accent-free and ignoring case
// and spacing; false when the list does not know it.
func (l *List) Code(name string) (string, bool) {
	c, ok := l.byName[vn.Fold(name)]
	return c, ok
}

// Name returns the Vietnamese name of a code; false when it is not a code of the list.
func (l *List) Name(code string) (string, bool) {
	n, ok := l.byCode[code]
	return n, ok
}

// Show is what a page shows for a stored value: the name of a code, or the value as typed.
func (l *List) Show(stored string) string {
	if n, ok := l.byCode[stored]; ok {
		return n
	}
	return stored
}

// Normalize is what a save stores for a typed value: the code when the list knows the name,
// else the value as typed (kept, never refused: old records hold values no list has).
func (l *List) Normalize(typed string) string {
	if c, ok := l.Code(typed); ok {
		return c
	}
	return typed
}

// Lists returns every list, by key.
func Lists() map[string]*List { return lists }

var lists = map[string]*List{}

func register(l *List) *List {
	lists[l.Key] = l
	return l
}

// Field is a field of the personal record kept as a code of a list. Column is both the column
// of table people and the name of the form's input and of the people list's filter; Name is the
// field as the API and its error messages name it.
type Field struct {
	Name   string
	Column string
	List   *List
}

// PersonFields are the coded fields of the personal record, in the order of the form.
// Languages and IT stay free text: no list is published for them.
var PersonFields = []Field{
	{"ethnicity", "ethnicity", Ethnicities}, {"religion", "religion", Religions},
	{"education.general", "edu_general", GeneralEducation}, {"education.professional", "edu_professional", ProfessionalEducation},
	{"education.political_theory", "edu_political", PoliticalTheory}, {"education.state_management", "edu_state", StateManagement},
}

// ByColumn returns the coded field of a people column (or form input, or list filter).
func ByColumn(column string) (Field, bool) {
	for _, f := range PersonFields {
		if f.Column == column {
			return f, true
		}
	}
	return Field{}, false
}
