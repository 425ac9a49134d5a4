// Package rules implements the computable rules of cadre work (docs/RULES.md) as pure
// functions of dates and parameter sets: retirement age, age limits for committee membership at
// party congresses, appointment terms and their notice periods, salary steps, party probation and
// the waits after discipline.
//
// The laws behind these rules change often (several were replaced in 2025), so every parameter
// is data, never code: each rule has a parameter-set type that carries the document it comes from
// (Source) and the period it is in force ([From, To), ISO days, To empty while in force). A Set
// holds every version of every rule; Defaults loads the versions shipped in defaults.json, and an
// administrator can add a version (as JSON) without a new release. Functions take the parameter
// set explicitly so that a result can always say which text it came from, and Set's methods pick
// the version in force on the date the computation is about.
//
// Functions never read the clock, except to refuse a birth date in the future, and never panic.
package rules
