package sqlstore_test

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"canbo"
	"canbo/importer/importtest"
	"canbo/sqlstore/sqltest"
)

// importBenchRows is the size of the benchmark's workbook: a city district's whole list.
const importBenchRows = 100_000

// BenchmarkImportPeople reads and applies a generated workbook of importBenchRows people in
// three wards, a third of them party members in two cells (importtest.Big: read, header
// detection, parsing and the store's transaction), on each engine. Figures in
// docs/BENCHMARKS.md; `canbo import people` on the same workbook is timed there too.
func BenchmarkImportPeople(b *testing.B) {
	for _, e := range sqltest.Engines {
		b.Run(string(e), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := sqltest.MustOpen(b, e)
				smallTree(b, db)
				committee := create(b, db, "2000-01-01", "Đảng ủy Phường Bến Nghé", "", "dang_uy", 0)
				cells := []string{"Chi bộ Khu phố 1", "Chi bộ Khu phố 2"}
				for _, c := range cells {
					create(b, db, "2000-01-01", c, "", "chi_bo_truc_thuoc", committee)
				}
				var buf bytes.Buffer
				if err := importtest.Big(&buf, importBenchRows, []string{"Phường Bến Nghé", "Phường Đa Kao", "Phường Võ Thị Sáu"}, cells, ""); err != nil {
					b.Fatal(err)
				}
				var m0 runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&m0)
				b.StartTimer()
				start := time.Now()
				rows, problems := importRows(b, db, sys, buf.Bytes(), 0, "2025-06-01")
				read := time.Since(start)
				if len(problems) != 0 {
					b.Fatal(problems[:1])
				}
				res, err := db.ImportPeople(sys, rows, canbo.ImportOptions{})
				if err != nil || res.Imported != importBenchRows {
					b.Fatal(err, res.Imported, res.Problems[:min(1, len(res.Problems))])
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
