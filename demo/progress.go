package demo

import (
	"context"

	"canbo/sqlstore"
)

// WithProgress returns ctx carrying say, which GeneratePeople and GenerateEntries call with a
// short line at each step and every progressEvery people, so that a nation-scale seed (many
// minutes) shows where it is; the bulk loads they call report their own steps through it too
// (sqlstore.WithProgress). Through the context rather than a parameter because only the command
// line wants it.
func WithProgress(ctx context.Context, say func(line string)) context.Context {
	return sqlstore.WithProgress(ctx, say)
}

// progressEvery is how many people pass between two progress lines.
const progressEvery = 250_000

// Progress tells the function WithProgress put in ctx, if any, of a step.
func Progress(ctx context.Context, format string, args ...any) {
	sqlstore.Progress(ctx, format, args...)
}
