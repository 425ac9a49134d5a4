// Package canbo holds the domain of organization and cadre work: units and their dated
// restructuring, people, users and the service interfaces that adapters implement. It imports no
// SQL, HTTP or spreadsheet package, so every adapter speaks the same language.
package canbo

import (
	"errors"
	"fmt"

	"canbo/locale"
)

// Error codes shared by every adapter. The web layer maps each to one HTTP status in one table.
const (
	ECONFLICT     = "conflict"     // the change clashes with stored data (duplicate, stale version)
	EINTERNAL     = "internal"     // a bug or an unavailable dependency; details go to the log only
	EINVALID      = "invalid"      // the input is wrong; Message names the field and the problem
	ENOTFOUND     = "not_found"    // absent, or out of the caller's scope: the two look the same
	EUNAUTHORIZED = "unauthorized" // no valid credentials
	EFORBIDDEN    = "forbidden"    // authenticated but not allowed to act (never used to hide records)
	EPRECONDITION = "precondition" // an If-Match or version check failed
	ETIMEOUT      = "timeout"      // the request's work ran past its time limit and was stopped
)

// Error is the one error type that crosses package boundaries. Message is safe to show to a user
// (Vietnamese, and what the command line and the logs print); Field names the input it is about,
// when there is one. Key and Args word the message in the reader's language: Key names a word
// of canbo/locale ("err.person.birth_future"), whose Vietnamese template made Message, and the web
// layer formats the template of the reader's language with the same Args. Every error is made
// with Invalid or Errork: a message written in Go cannot be read in English.
type Error struct {
	Code    string
	Field   string
	Message string
	Key     string
	Args    []any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("canbo %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("canbo %s: %s", e.Code, e.Message)
}

// Invalid returns an EINVALID error about one input field, worded by the "err." key of
// locale/vi.json and en.json with fmt verbs filled from args (a locale.Word argument is
// itself a word, translated too). Domain packages use it instead of a Vietnamese literal, so a
// reader who chose English reads English.
func Invalid(field, key string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Key: key, Args: args, Message: locale.Format("vi", key, args...)}
}

// OnField returns err as being about field, keeping its code and words: for a check made by a
// package that does not know the input's name (a day parsed by vn, the rule set a new version
// breaks). The *Error is copied, so a shared one stays untouched; any other error is returned as
// it is, and nil stays nil.
func OnField(field string, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Field = field
	return &c
}

// Errork returns an *Error with the code, worded by key like Invalid.
func Errork(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Message: locale.Format("vi", key, args...)}
}

// WithCode returns e with its code replaced: for a worded error whose code is not EINVALID (a
// clash, a refusal), e.g. canbo.Invalid("identity_number", key, n).WithCode(ECONFLICT).
func (e *Error) WithCode(code string) *Error {
	e.Code = code
	return e
}

// Local words e in lang, for a message that quotes another (locale.Format calls it).
func (e *Error) Local(lang string) string {
	if e.Key == "" {
		return e.Message
	}
	return locale.Format(lang, e.Key, e.Args...)
}

// LocalMessage words err in lang: its key's template when it has one, else ErrorMessage's text.
func LocalMessage(lang string, err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Local(lang)
	}
	return locale.Text(lang, "err.internal")
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and EINTERNAL otherwise, so
// that an unexpected error is never shown to a user as if it were their fault.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorField returns the input field err is about, if it is (or wraps) an *Error.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessage returns the user-facing message of err; unexpected errors get a generic text.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return locale.Text("vi", "err.internal")
}
