package sqlstore_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"canbo"
	"canbo/importer/importtest"
	"canbo/sqlstore/sqltest"
)

// importBenchRows is the size of the benchmark's workbook.
const importBenchRows = 10_000

// BenchmarkImportPeople reads and applies a generated field workbook of importBenchRows people
// in two wards (read, header detection, parsing and the store's transaction), on each engine.
// Figures in docs/BENCHMARKS.md.
func BenchmarkImportPeople(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := sqltest.MustOpen(b, e)
				tr := smallTree(b, db)
				var banners []importtest.Banner
				for w := 0; w < 2; w++ {
					ban := importtest.Banner{Name: []string{"Phường Bến Nghé", "Phường Đa Kao"}[w]}
					for j := 0; j < importBenchRows/2; j++ {
						n := w*importBenchRows + j
						ban.People = append(ban.People, importtest.Person{Name: fmt.Sprintf("Nguyễn Văn An%d", n), Female: n%2 == 1,
							Birth: fmt.Sprintf("%02d/%02d/%d", 1+n%28, 1+n%12, 1960+n%40), Identity: fmt.Sprintf("0790%02d%06d", n%100, n),
							StaffCode: fmt.Sprintf("S%d", n), Title: "Chuyên viên", StaffType: "Công chức"})
					}
					banners = append(banners, ban)
				}
				data, _ := importtest.Field(b, banners)
				var m0 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				b.StartTimer()
				start := time.Now()
				rows, problems := importRows(b, db, sys, data, tr.province, "2025-06-01")
				read := time.Since(start)
				if len(problems) != 0 {
					b.Fatal(problems[:1])
				}
				res, err := db.ImportPeople(sys, rows, canbo.ImportOptions{})
				if err != nil || res.Imported != importBenchRows {
					b.Fatal(err, res.Imported)
				}
				b.StopTimer()
				var m1 runtime.MemStats
				runtime.ReadMemStats(&m1)
				b.ReportMetric(read.Seconds(), "read-s")
				b.ReportMetric(float64(m1.TotalAlloc-m0.TotalAlloc)/(1<<20), "alloc-MB")
				db.Close()
			}
		})
	}
}
