package sqlstore

import (
	"context"
	"fmt"
)

// progressKey carries the function told how a long load advances.
type progressKey struct{}

// WithProgress returns ctx carrying say, which a bulk load calls with a short line at each step
// after its rows (each deferred index it builds, the party cells' tallies, the commit): at nation
// scale those steps take many minutes, and a seed that printed nothing meanwhile looked stuck.
// Through the context rather than a parameter because only the command line wants it
// (demo.WithProgress puts it there).
func WithProgress(ctx context.Context, say func(line string)) context.Context {
	return context.WithValue(ctx, progressKey{}, say)
}

// Progress tells the function WithProgress put in ctx, if any, of a step.
func Progress(ctx context.Context, format string, args ...any) {
	if say, ok := ctx.Value(progressKey{}).(func(string)); ok {
		say(fmt.Sprintf(format, args...))
	}
}
