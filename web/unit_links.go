package web

import (
	"context"
	"time"

	"canbo"
)

// openUnits tells which of the units a page names the caller may open (as of the day the
// link opens them on). A unit outside the caller's scope answers 404, as if it did not exist;
// a page names it as text instead of a link that would lead there.
func (s *Server) openUnits(ctx context.Context, on time.Time, ids ...int64) (map[int64]bool, error) {
	open := map[int64]bool{}
	for _, id := range ids {
		if _, done := open[id]; done || id == 0 {
			continue
		}
		_, err := s.Org.FindUnitEver(ctx, id, on)
		switch {
		case err == nil:
			open[id] = true
		case canbo.ErrorCode(err) == canbo.ENOTFOUND:
			open[id] = false
		default:
			return nil, err
		}
	}
	return open, nil
}
