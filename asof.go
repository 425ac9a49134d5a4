package canbo

import (
	"context"
	"time"
)

type asOfKey struct{}

// WithAsOf returns a context carrying the day a reader asks about (a profile opened from a list
// dated that day). Stores widen who a profile is visible to by that day alone: a person is
// visible if seen through the caller's scope today or on that day (docs/DESIGN.md, "What a
// scope shows"). Only reads set it.
func WithAsOf(ctx context.Context, day time.Time) context.Context {
	return context.WithValue(ctx, asOfKey{}, day)
}

// AsOfFromContext returns the day set by WithAsOf, or the zero time.
func AsOfFromContext(ctx context.Context) time.Time {
	t, _ := ctx.Value(asOfKey{}).(time.Time)
	return t
}
