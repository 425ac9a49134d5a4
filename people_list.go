package canbo

import (
	"context"
	"time"
)

// PersonStanding is what a people list shows of a person beside the record itself, as of a
// day: the primary post held (or the first other one) and party membership.
type PersonStanding struct {
	PostTitle   string `json:"post_title"`
	UnitID      int64  `json:"unit_id"`
	UnitName    string `json:"unit_name"`
	PartyMember bool   `json:"party_member"`
	Status      string `json:"status"` // one of PersonStatuses that day
}

// PeopleLister answers the extra columns of a people list for the people of one page.
type PeopleLister interface {
	// Standings returns the standing on a day of those of ids the caller may see.
	Standings(ctx context.Context, ids []int64, on time.Time) (map[int64]PersonStanding, error)
}
