// Package canbo holds the domain of organization and cadre work: units and their dated
// restructuring, people, users and the service interfaces that adapters implement. It imports no
// SQL, HTTP or spreadsheet package, so every adapter speaks the same language.
package canbo

import (
	"errors"
	"fmt"
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
)

// Error is the one error type that crosses package boundaries. Message is safe to show to a user
// (Vietnamese); Field names the input it is about, when there is one.
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("canbo %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("canbo %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
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
	return "Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên."
}
