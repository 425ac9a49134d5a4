package sqlstore_test

import (
	"testing"

	"canbo"
	"canbo/demo"
	"canbo/sqlstore"
)

// TestGeneratedRecord (issue 10 items 4 and 6): the demo's people have evaluations, training,
// rewards and family, and the list's "Đánh giá gần nhất" filter finds people by the level the
// generator stored; posts held on the demo's day are open, so that they can be ended.
func TestGeneratedRecord(t *testing.T) {
	eachGenerated(t, func(t *testing.T, db *sqlstore.DB) {
		for _, kind := range []string{canbo.EntryEvaluation, canbo.EntryTraining, canbo.EntryReward, canbo.EntryFamily} {
			var n int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM person_entries WHERE kind = $1`, kind).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("no %s entry in the demo", kind)
			}
		}
		for _, code := range canbo.EvaluationCodes[:3] {
			_, total, _, err := db.FindPeople(sys, canbo.PersonFilter{AsOf: demo.PeopleAsOf, Evaluation: code, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if total == 0 {
				t.Errorf("the evaluation filter %s finds nobody", code)
			}
		}
		var open int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM posts WHERE valid_to = '9999-12-31'`).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if open == 0 {
			t.Error("no open post in the demo: none can be ended")
		}
	})
}
