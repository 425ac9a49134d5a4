package demo

import (
	"context"

	"canbo/adminunits"
	"canbo/sqlstore"
)

// ProvinceTree builds one province's trees as ProvinceTrees builds each of the 33: all of them
// take minutes on PostgreSQL.
func ProvinceTree(ctx context.Context, db *sqlstore.DB, code string) (bool, error) {
	return trees(ctx, db, "test-province-"+code, code, func(np adminunits.NewProvince) bool { return np.Code == code })
}

// PlanProvinces plans n people on the database's trees, as GeneratePeople would, and returns
// the number of people per province of residence, the planned weight of each province's wards,
// and how many province-level staff were planned to live outside their province.
func PlanProvinces(ctx context.Context, db *sqlstore.DB, n int) (people map[string]int, weight map[string]float64, strays int, err error) {
	t, err := readTree(ctx, db)
	if err != nil {
		return nil, nil, 0, err
	}
	g := newGenerator(t, 1, n, &PeopleReport{})
	g.plan()
	people, weight = map[string]int{}, map[string]float64{}
	for _, pv := range t.provinces {
		weight[pv.of] = t.weight(pv)
	}
	for _, s := range g.slots {
		w := t.wards[s.ward]
		people[w.prov.of]++
		if s.unit >= 0 {
			if u := g.units[s.unit]; u.ward < 0 && t.provinces[u.prov] != w.prov {
				strays++
			}
		}
	}
	return people, weight, strays, nil
}
