package vn

import (
	"bytes"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// KeyVersion names the collation data and key layout that Key and PersonKey produce. Keys are
// stored in the database and compared there byte by byte; they are only comparable with keys of
// the same version, so a store records it and recomputes every key when it changes (for example
// after an upgrade of golang.org/x/text).
const KeyVersion = "vi-cldr" + collate.CLDRVersion + "-uca" + collate.UnicodeVersion + "-p1"

// collator bundles a Vietnamese collator with its key buffer. A collate.Collator keeps state
// between calls and must not be shared by goroutines; the pool gives each caller its own.
type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

var collators = sync.Pool{New: func() any {
	return &collator{c: collate.New(language.Vietnamese)}
}}

// Compare compares a and b in Vietnamese dictionary order and returns -1, 0 or +1. Letters
// follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
// tones are ordered none, huyền, hỏi, ngã, sắc, nặng, and at the last level lower case comes
// before upper case. Digraphs such as "ch", "ng" or "th" are not letters of their own (CLDR's
// Vietnamese order, the one modern lists and dictionaries use). Compare(a, b) has the same sign
// as bytes.Compare(Key(a), Key(b)).
func Compare(a, b string) int {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	return c.c.CompareString(a, b)
}

// Key returns a sort key for s: comparing two keys byte by byte (memcmp, as SQLite compares
// BLOBs and PostgreSQL compares bytea) gives the order of Compare. Display order in SQL then
// needs no collation support from the database engine. The key contains zero bytes; it is not a
// text value.
func Key(s string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	c.buf.Reset()
	return bytes.Clone(c.c.KeyFromString(&c.buf, s))
}

// PersonKey returns the sort key of a person in official lists: by given name (tên), then family
// name (họ), then middle name (đệm), then earlier birth date; a person with no known birth date
// comes last among namesakes. birth is a partial date in any form ParseDate accepts; one that
// does not parse counts as unknown. Within a year, a birth date with unknown month comes after
// every known month of that year, and one with unknown day after every known day of its month:
// "unknown last" at every level, so that a list is stable whatever precision the records have.
// Callers append a unique id (or sort by it second) when they need a total order.
//
// The parts are cleaned and encoded one after another. A collation key contains zero bytes, so
// each part is escaped (0x00 → 0x01 0x01, 0x01 → 0x01 0x02) and ended by a 0x00 byte, which is
// lower than any byte of an escaped key: "An" therefore sorts before "Anh" whatever follows, and
// the escaping keeps the byte order of the keys.
func PersonKey(family, middle, given string, birth string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	out := make([]byte, 0, 64)
	for _, part := range []string{given, family, middle} {
		c.buf.Reset()
		out = appendEscaped(out, c.c.KeyFromString(&c.buf, Clean(part)))
		out = append(out, 0x00)
	}
	return appendBirth(out, birth)
}

// appendEscaped appends k with its 0x00 and 0x01 bytes escaped, an order-preserving and
// prefix-free encoding whose bytes are all ≥ 0x01.
func appendEscaped(dst, k []byte) []byte {
	for _, b := range k {
		switch b {
		case 0x00:
			dst = append(dst, 0x01, 0x01)
		case 0x01:
			dst = append(dst, 0x01, 0x02)
		default:
			dst = append(dst, b)
		}
	}
	return dst
}

// appendBirth appends four bytes: year (big endian), month and day, with unknown parts encoded
// above every known value so they sort last.
func appendBirth(dst []byte, birth string) []byte {
	d, err := ParseDate(birth)
	if err != nil || d.IsZero() {
		return append(dst, 0xFF, 0xFF, 0xFF, 0xFF)
	}
	month, day := byte(d.Month), byte(d.Day)
	if month == 0 {
		month = 13
	}
	if day == 0 {
		day = 32
	}
	return append(dst, byte(d.Year>>8), byte(d.Year), month, day)
}
