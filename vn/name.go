package vn

import "strings"

// SplitName splits a full Vietnamese name into family name (họ, the first word), given name
// (tên, the last word) and middle name (đệm, everything between). A single word is a given name
// only. The input is cleaned first, so the parts never carry stray spaces.
//
// The split is the convention of official records, not a linguistic truth: compound family
// names ("Tôn Nữ", "Âu Dương") and ethnic-minority names that do not follow the họ–đệm–tên
// pattern come out with part of the family name in the middle name. Records therefore store
// the three parts and use SplitName only to pre-fill them.
func SplitName(full string) (family, middle, given string) {
	words := strings.Fields(Clean(full))
	switch len(words) {
	case 0:
		return "", "", ""
	case 1:
		return "", "", words[0]
	}
	return words[0], strings.Join(words[1:len(words)-1], " "), words[len(words)-1]
}

// FullName joins the name parts in the order they are written, skipping empty parts, so that
// records whose middle name is unknown or absent print without double spaces.
func FullName(family, middle, given string) string {
	return Clean(family + " " + middle + " " + given)
}
