package canbo

import (
	"context"
	"strings"
	"time"
)

// EvaluationCodes are the levels of the annual quality evaluation (đánh giá, xếp loại chất
// lượng), best first, as an evaluation entry records them in its "level" detail and the people
// list's filter names them: one list, so that what the form saves is what the filter finds.
var EvaluationCodes = []string{"excellent", "good", "done", "not_done"}

// EvaluationLevels are the Vietnamese names of EvaluationCodes, in the same order.
var EvaluationLevels = []string{
	"Hoàn thành xuất sắc nhiệm vụ",
	"Hoàn thành tốt nhiệm vụ",
	"Hoàn thành nhiệm vụ",
	"Không hoàn thành nhiệm vụ",
}

// EvaluationCode returns the code of a level given as its code or its Vietnamese name (any
// case), and false for anything else.
func EvaluationCode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for i, c := range EvaluationCodes {
		if strings.EqualFold(s, c) || strings.EqualFold(s, EvaluationLevels[i]) {
			return c, true
		}
	}
	return "", false
}

// PersonStanding is what a people list shows of a person beside the record itself, as of a
// day: the primary post held (or the first other one) and party membership.
type PersonStanding struct {
	PostTitle   string `json:"post_title"`
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	PartyMember bool   `json:"party_member"`
}

// PeopleLister answers the extra columns of a people list for the people of one page.
type PeopleLister interface {
	// Standings returns the standing on a day of those of ids the caller may see.
	Standings(ctx context.Context, ids []int64, on time.Time) (map[int64]PersonStanding, error)
}
