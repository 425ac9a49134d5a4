package main

import (
	"encoding/json"
	"io"
	"time"

	"canbo"
	"canbo/rules"
)

// cmdRules answers `canbo rules retirement|congress …` with JSON, from the rule versions shipped
// in the binary; it needs no database.
func cmdRules(sub string, args []string, stdout io.Writer) error {
	fs := newFlags("rules " + sub)
	sex := fs.String("sex", "", "male or female")
	birth := fs.String("birth", "", "birth date: YYYY, YYYY-MM or YYYY-MM-DD (or dd/mm/yyyy)")
	lower := fs.Int("lower-years", 0, "years by which the retirement age is lowered (hard work, regions)")
	level := fs.String("level", "", "congress level: grassroots, above-grassroots, commune, province, government")
	kind := fs.String("kind", rules.FirstTime, "first (first-time committee member) or reelect")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var out any
	var err error
	switch sub {
	case "retirement":
		out, err = rules.AnswerRetirement(rules.Defaults(), *sex, *birth, *lower, time.Now())
	case "congress":
		out, err = rules.AnswerCongress(rules.Defaults(), *sex, *birth, *level, *kind)
	default:
		return canbo.Errorf(canbo.EINVALID, "unknown rule %q: retirement or congress", sub)
	}
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
