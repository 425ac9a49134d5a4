// Package vn holds what every other package needs to handle Vietnamese text and identity
// correctly: cleaning and accent-insensitive folding of text, Vietnamese collation and sort keys
// for official person lists, splitting full names, partial birth dates, citizen identity numbers
// (CCCD) and conversion of text typed in the legacy TCVN3 and VNI encodings.
//
// It depends only on the standard library, golang.org/x/text and the root package canbo (for
// its error type), so that the store, the web layer and the importers all share one definition
// of "the same name" and "the same date".
package vn
