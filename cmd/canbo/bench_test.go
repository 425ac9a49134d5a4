package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBenchRuns: canbo bench on a small city seed answers every operation as every caller, each
// the same as its raw query, and the mixed load runs without errors. It checks that the bench
// works, not how fast anything is (docs/BENCHMARKS.md has the figures).
func TestBenchRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a city")
	}
	db := filepath.Join(t.TempDir(), "city.db")
	var out, errs bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"seed", "--scale", "city", "--people", "2000", "--db", db}, strings.NewReader(""), &out, &errs); err != nil {
		t.Fatalf("seed: %v\n%s", err, errs.String())
	}
	out.Reset()
	if err := run(ctx, []string{"bench", "--db", db, "--n", "1"}, strings.NewReader(""), &out, &errs); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 30 {
		t.Fatalf("bench printed %d lines, want a header and every operation:\n%s", len(lines), out.String())
	}
	for _, l := range lines[2:] {
		if !strings.HasSuffix(l, " same") {
			t.Errorf("not the same answer: %s", l)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"bench", "--db", db, "--load", "2s", "--clients", "4"}, strings.NewReader(""), &out, &errs); err != nil {
		t.Fatalf("bench --load: %v\n%s", err, out.String())
	}
	// The first "all" row is canbo's: kind, n, req/s, p50, p95, p99, errors, conflicts.
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(l); len(f) == 8 && f[0] == "all" {
			if f[1] == "0" || f[6] != "0" {
				t.Errorf("mixed load: %s requests, %s errors:\n%s", f[1], f[6], out.String())
			}
			return
		}
	}
	t.Errorf("the mixed load printed no total:\n%s", out.String())
}

// TestSameDay: the bench's clock follows time until the end of the day it started on.
func TestSameDay(t *testing.T) {
	now := time.Date(2026, 12, 5, 23, 59, 58, 0, time.UTC)
	clock := sameDay(func() time.Time { return now })
	if got := clock(); !got.Equal(now) {
		t.Errorf("before midnight: %v, want %v", got, now)
	}
	now = now.Add(5 * time.Second)
	if got, want := clock(), time.Date(2026, 12, 5, 23, 59, 59, 0, time.UTC); !got.Equal(want) {
		t.Errorf("after midnight: %v, want %v", got, want)
	}
}
