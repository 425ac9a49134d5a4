package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestRulesCommands runs `canbo rules` without a database, against calibration points of the
// rules (RULES.md §1 and §2).
func TestRulesCommands(t *testing.T) {
	for _, c := range []struct {
		args []string
		want map[string]any
	}{
		{[]string{"rules", "retirement", "--sex", "male", "--birth", "1964-10"},
			map[string]any{"retirement_date": "2026-04-30", "notice_date": "2025-10-31", "decision_date": "2026-01-31"}},
		{[]string{"rules", "retirement", "--sex", "female", "--birth", "1969-04"},
			map[string]any{"retirement_date": "2025-12-31", "pension_from": "2026-01-01"}},
		{[]string{"rules", "retirement", "--sex", "male", "--birth", "1961"},
			map[string]any{"retirement_month": "2021-04", "birth_month_assumed": true}},
		{[]string{"rules", "congress", "--sex", "male", "--birth", "1965-09", "--level", "commune", "--kind", "reelect"},
			map[string]any{"computed_at": "2025-07"}},
	} {
		var out bytes.Buffer
		if err := run(context.Background(), c.args, nil, &out, &out); err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		var got map[string]any
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%v: %v in %s", c.args, err, out.String())
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%v: %s = %v, want %v", c.args, k, got[k], v)
			}
		}
		if src, _ := got["source"].(map[string]any); src["number"] == "" {
			t.Errorf("%v: no source", c.args)
		}
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"rules", "retirement", "--sex", "male", "--birth", "31/02/1965"}, nil, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "birth") {
		t.Errorf("impossible birth date: %v", err)
	}
}
