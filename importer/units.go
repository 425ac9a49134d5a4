package importer

import (
	"sort"
	"strings"

	"canbo"
)

// Units matches the unit names a file gives (banner rows, a unit column) to existing units:
// those the caller read for the day and subtree the user picked, already limited to the
// caller's scope. A name matches by its folded form, with or without the kind word that
// starts it ("Phường Sài Gòn", "PHUONG SAI GON", "Sài Gòn"), or by the unit's official code.
// Nothing is created: a name that matches no unit, or several, is a problem with suggestions.
type Units struct {
	full  map[string][]int64
	bare  map[string][]int64
	code  map[string][]int64
	names map[int64]string
	order []int64
}

// kindWords start unit names and are often left out in files.
var kindWords = []string{"phuong", "xa", "thi tran", "dac khu", "quan", "huyen", "thi xa", "thanh pho", "tinh", "khu pho", "ap", "to dan pho"}

func bare(f string) string {
	for _, w := range kindWords {
		if strings.HasPrefix(f, w+" ") {
			return strings.TrimPrefix(f, w+" ")
		}
	}
	return f
}

// NewUnits indexes the units a file's names may match.
func NewUnits(us []*canbo.Unit) *Units {
	u := &Units{full: map[string][]int64{}, bare: map[string][]int64{}, code: map[string][]int64{}, names: map[int64]string{}}
	for _, x := range us {
		if _, dup := u.names[x.ID]; dup {
			continue
		}
		f := fold(x.Name)
		u.full[f] = append(u.full[f], x.ID)
		if b := bare(f); b != f {
			u.bare[b] = append(u.bare[b], x.ID)
		}
		if x.Code != "" {
			u.code[x.Code] = append(u.code[x.Code], x.ID)
		}
		u.names[x.ID] = x.Name
		u.order = append(u.order, x.ID)
	}
	return u
}

// Find returns the one unit a name denotes, or 0 and up to five names of units it may mean.
func (u *Units) Find(name string) (int64, []string) {
	f := fold(name)
	if f == "" {
		return 0, nil
	}
	for _, ids := range [][]int64{u.code[strings.TrimSpace(name)], u.full[f], u.bare[bare(f)], u.full[bare(f)]} {
		if len(ids) == 1 {
			return ids[0], nil
		}
		if len(ids) > 1 {
			return 0, u.named(ids)
		}
	}
	// Suggestions: units sharing the words of the name, nearest first.
	b := bare(f)
	type cand struct {
		id    int64
		score int
	}
	var cs []cand
	for _, id := range u.order {
		nb := bare(fold(u.names[id]))
		score := 0
		switch {
		case strings.Contains(nb, b) || strings.Contains(b, nb):
			score = 3
		case distance(nb, b) <= 2:
			score = 2
		default:
			for _, w := range strings.Fields(b) {
				if len(w) > 2 && strings.Contains(" "+nb+" ", " "+w+" ") {
					score = 1
				}
			}
		}
		if score > 0 {
			cs = append(cs, cand{id, score})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	var ids []int64
	for _, c := range cs[:min(5, len(cs))] {
		ids = append(ids, c.id)
	}
	return 0, u.named(ids)
}

func (u *Units) named(ids []int64) []string {
	var s []string
	for _, id := range ids {
		s = append(s, u.names[id])
	}
	return s
}

// distance is the Levenshtein distance of two short strings (a typo in a ward's name).
func distance(a, b string) int {
	if d := len(a) - len(b); d > 2 || d < -2 {
		return 3
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
