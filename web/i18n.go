package web

import (
	"net/http"

	"canbo"
	"canbo/locale"
)

// messages holds the UI's words in Vietnamese (first) and English, read from locale/vi.json
// and en.json (a copy, so a branch's web/i18n_<topic>.go can still merge its own map in init
// until `go run ./locale/cmd/fold` moves it into the files). A key missing in English falls
// back to Vietnamese; a key missing in both shows itself, which tests catch.
var messages = locale.Catalog()

func translate(lang, key string) string {
	if m, ok := messages[lang]; ok {
		if s, ok := m[key]; ok {
			return s
		}
	}
	if s, ok := messages["vi"][key]; ok {
		return s
	}
	return key
}

// lang is the UI language from the "lang" cookie; Vietnamese unless English was chosen.
func lang(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "vi"
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := "vi"
	if r.PostFormValue("lang") == "en" {
		l = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.TLS})
	http.Redirect(w, r, localPath(r.PostFormValue("back")), http.StatusSeeOther)
}

// eventKindName names a kind of restructuring event ("evkind.merge"), or shows the kind as it
// is if no word exists for it.
func eventKindName(lang string, k canbo.EventKind) string {
	if s := translate(lang, "evkind."+string(k)); s != "evkind."+string(k) {
		return s
	}
	return string(k)
}

func hierarchyName(lang string, h canbo.Hierarchy) string { return translate(lang, "h."+string(h)) }

// detailLabel names a timeline entry's detail (grade_code → "Mã ngạch") with the label of its
// column in the profile's tables, or the key itself for a detail no form knows.
func detailLabel(lang, key string) string {
	if s := translate(lang, "ef."+key); s != "ef."+key {
		return s
	}
	return key
}

// say words a computed explanation (a profile fact) in lang; text, its Vietnamese, stands when
// the explanation was not worded from keys.
func say(lang string, w canbo.Words, text string) string {
	if len(w) == 0 {
		return text
	}
	return w.Local(lang)
}
