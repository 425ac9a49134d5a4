package sqlstore_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"canbo"
	"canbo/sqlstore"
)

// BenchmarkRemindersCity measures the reminders of the whole city for an administrator, per
// kind and all together, and of a ward (as canbo bench picks it) for an administrator and for
// the ward's officer, on a seeded database named by CANBO_BENCH_DB (canbo seed --scale city;
// it is opened, and migrated, in place: use a copy).
func BenchmarkRemindersCity(b *testing.B) {
	dsn := os.Getenv("CANBO_BENCH_DB")
	if dsn == "" {
		b.Skip("CANBO_BENCH_DB not set: seed a city database (canbo seed --scale city) and name it")
	}
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	admin := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 1, Username: "bench", Role: canbo.RoleAdmin})
	from := time.Now().UTC().Truncate(24 * time.Hour)
	party, _, err := db.FindUnits(admin, canbo.UnitFilter{Hierarchy: canbo.Party, Roots: true, Kind: "thanh_uy", Q: "Hồ Chí Minh", AsOf: from})
	if err != nil || len(party) == 0 {
		b.Fatalf("no city party committee: %v", err)
	}
	wards, _, err := db.FindUnits(admin, canbo.UnitFilter{Parent: party[0].ID, Kind: "dang_uy", Q: "phường", AsOf: from})
	if err != nil || len(wards) == 0 {
		b.Fatalf("no ward: %v", err)
	}
	officer := canbo.NewContextWithUser(context.Background(), &canbo.User{ID: 2, Username: "bench-ward", Role: canbo.RoleOfficer, Scope: []int64{wards[0].ID}})
	for _, c := range []struct {
		name string
		ctx  context.Context
	}{{"ward/admin", admin}, {"ward/officer", officer}} {
		f := canbo.ReminderFilter{From: from, To: from.AddDate(0, 0, 365), Under: wards[0].ID, Limit: 50}
		b.Run(c.name, func(b *testing.B) { benchReminders(b, db, c.ctx, f) })
	}
	for _, days := range []int{90, 365} {
		for _, k := range append([]canbo.ReminderKind{""}, canbo.ReminderKinds...) {
			name := string(k)
			if k == "" {
				name = "all"
			}
			f := canbo.ReminderFilter{From: from, To: from.AddDate(0, 0, days), Limit: 50}
			if k != "" {
				f.Kinds = []canbo.ReminderKind{k}
			}
			b.Run(name+"/"+time.Duration(days*24*int(time.Hour)).String(), func(b *testing.B) { benchReminders(b, db, admin, f) })
		}
	}
}

// benchReminders asks for f's reminders as ctx, reporting the items counted and the CPU time.
func benchReminders(b *testing.B, db *sqlstore.DB, ctx context.Context, f canbo.ReminderFilter) {
	n := 0
	cpu0 := cpuTime()
	for b.Loop() {
		res, err := db.Reminders(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		n = 0
		for _, c := range res.Counts {
			n += c
		}
	}
	b.ReportMetric(float64(n), "items")
	// CPU time per request: on a machine shared with other work, the wall time measures the
	// neighbours too.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
