// Package registry holds the pure rules of the regulations registry (issue 16): what state a
// local document is in on a day, from its dates and the documents that replace or amend it, and
// the checks on the links between documents. No database: the store reads the rows and asks
// here, and the tests compare both engines' answers with these functions.
package registry
