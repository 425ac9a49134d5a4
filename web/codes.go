package web

import (
	"net/http"
	"net/url"
	"strconv"

	"canbo"
	"canbo/vocab"
)

// showCode is what a page shows for a stored value of the list named key (vocab.List.Key):
// the Vietnamese name of a code, or the value as typed before the lists.
func showCode(key, v string) string {
	if l, ok := vocab.Lists()[key]; ok {
		return l.Show(v)
	}
	return v
}

// codeOption is one option of a select list of a state list.
type codeOption struct {
	Code, Name string
	Selected   bool
	// Unmatched marks the stored value no list knows, offered as it is so that saving the
	// record's other fields keeps it (the cleaning page is where its code is picked).
	Unmatched bool
}

// codeOptions are the options of the select of list key with value selected: the list in its
// official order, led by value itself when the list does not know it.
func codeOptions(key, value string) []codeOption {
	l := vocab.Lists()[key]
	var out []codeOption
	if _, ok := l.Name(value); value != "" && !ok {
		out = append(out, codeOption{Code: value, Name: value, Selected: true, Unmatched: true})
	}
	for _, it := range l.Items {
		out = append(out, codeOption{Code: it.Code, Name: it.Name, Selected: it.Code == value})
	}
	return out
}

// codeFieldList is the list key of a coded field as CodeFinding names it (a people column, or
// canbo.EvaluationField).
func codeFieldList(field string) string {
	if f, ok := vocab.ByColumn(field); ok {
		return f.List.Key
	}
	return vocab.Evaluations.Key
}

// codeFindingView is a finding with its list's options, for the page's form.
type codeFindingView struct {
	canbo.CodeFinding
	List    string
	Options []codeOption
}

// codesData is the view data of the "không khớp danh mục" page.
type codesData struct {
	Findings []codeFindingView
	Under    int64
	Saved    int
	Query    string
}

// codesPage lists the stored values no state list knows ("Không khớp danh mục"), each with the
// number of records holding it and a select to pick its code for all of them.
func (s *Server) codesPage(w http.ResponseWriter, r *http.Request) {
	f, found, err := s.codeFindings(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	data := codesData{Under: f.Under}
	data.Saved, _ = strconv.Atoi(r.URL.Query().Get("changed"))
	for _, x := range found {
		l := codeFieldList(x.Field)
		data.Findings = append(data.Findings, codeFindingView{CodeFinding: x, List: l, Options: codeOptions(l, "")})
	}
	s.render(w, r, http.StatusOK, "codes", page{Title: translate(lang(r), "codes"), Section: "cleaning", AsOf: f.AsOf, Data: data})
}

// codeFindings reads the filter of the page or the API and the findings it asks for.
func (s *Server) codeFindings(r *http.Request) (canbo.CleaningFilter, []canbo.CodeFinding, error) {
	f, err := s.cleaningFilter(r)
	if err != nil {
		return f, nil, err
	}
	found, err := s.Codes.CodeFindings(r.Context(), f)
	return f, found, err
}

// pickCode stores the code picked on the page for every record of the caller's scope holding
// the value, and returns to the page saying how many changed.
func (s *Server) pickCode(w http.ResponseWriter, r *http.Request) {
	f, err := s.codePick(r.PostFormValue("under"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	n, err := s.Codes.PickCode(r.Context(), f, r.PostFormValue("field"), r.PostFormValue("value"), r.PostFormValue("code"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	v := url.Values{"changed": {strconv.Itoa(n)}}
	if f.Under != 0 {
		v.Set("under", strconv.FormatInt(f.Under, 10))
	}
	http.Redirect(w, r, "/cleaning/codes?"+v.Encode(), http.StatusSeeOther)
}

// codePick is the filter of a pick: the caller's scope, narrowed to a unit when one is given.
func (s *Server) codePick(under string) (canbo.CleaningFilter, error) {
	id, err := optionalID("under", under)
	return canbo.CleaningFilter{Under: id}, err
}
