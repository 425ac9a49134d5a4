package cleaning

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"canbo"
)

func TestCompatibleBirth(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"1965-09-02", "1965-09-02", true},
		{"1965", "1965-09-02", true},
		{"1965-09", "1965-09-02", true},
		{"1965-09-02", "1965", true},
		{"1965-08", "1965-09-02", false},
		{"1966", "1965-09-02", false},
		{"196", "1965", false}, // a prefix that is not a coarser date
		{"", "1965", false},
		{"", "", false},
	} {
		if got := compatibleBirth(c.a, c.b); got != c.want {
			t.Errorf("compatibleBirth(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"mai", "maii", true},
		{"maii", "mai", true},
		{"binh", "binx", true},
		{"hung", "hung", false},
		{"hung", "huong", true},
		{"hung", "hoang", false},
		{"", "a", true},
		{"lan", "lân", true}, // runes, not bytes
		{"ab", "ba", false},
	} {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestDigitsApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"079075123456", "079075123457", 1},
		{"079075123456", "079075123456", 0},
		{"079070111111", "079070222222", 6},
		{"079075123456", "07907512345", -1},
		{"", "079075123456", -1},
	} {
		if got := digitsApart(c.a, c.b); got != c.want {
			t.Errorf("digitsApart(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestPlacesDiffer(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"ha noi", "thanh pho ha noi", false},
		{"ha noi", "tinh nghe an", true},
		{"", "tinh nghe an", false},
		{"ha noi", "ha noi", false},
	} {
		if got := placesDiffer(c.a, c.b); got != c.want {
			t.Errorf("placesDiffer(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// person is a record of the table tests: label, name, birth, sex, identity, birth place.
type person struct {
	label, name, birth string
	sex                canbo.Sex
	identity, place    string
}

// planted are records with known mistakes, as sqlstore's fixture plants them in a database.
var planted = func() []person {
	m, w := canbo.Male, canbo.Female
	ps := []person{
		// Duplicates.
		{"A1", "Nguyễn Văn Hùng", "1965-09-02", m, "079065000101", ""},
		{"A2", "Nguyen Van Hung", "1965-09-02", m, "", ""}, // marks stripped
		{"B1", "Trần Thị Mai", "1970-03-04", w, "079170000202", ""},
		{"B2", "Trần Thị Maii", "1970-03-04", w, "", ""}, // a letter doubled
		{"C1", "Lê Minh Tuấn", "1980-05-06", m, "", ""},
		{"C2", "Lê Minh Tuấn", "1980", m, "", ""}, // the birth date to the year only
		{"D1", "Phạm Quốc Bảo", "1975-01-02", m, "079075123456", ""},
		{"D2", "Phạm  Bảo", "1975-01", m, "079075123457", ""}, // middle name left out, number mistyped
		{"I1", "Ngô Văn Long", "1970-07-07", m, "079070111111", ""},
		{"I2", "Ngô Văn Long", "1970-07-07", m, "079070222222", ""}, // two numbers: two people
		{"M1", "Mai Văn Phúc", "1958-08-08", m, "", "Hà Nội"},
		{"M2", "Mai Văn Phúc", "1958-08-08", m, "", "Thành phố Hà Nội"}, // the same place written longer
		{"M3", "Mai Văn Phúc", "1958-08-08", m, "", "Tỉnh Nghệ An"},     // born elsewhere: another man
		// Not duplicates.
		{"E1", "Võ Thị Hoa", "1985-01-01", w, "", ""},
		{"E2", "Võ Thị Hoa", "1986-01-01", w, "", ""},
		{"F1", "Đỗ Văn Nam", "1990", m, "", ""},
		{"F2", "Đỗ Văn Nam", "1990", w, "", ""},
		{"G1", "Hồ Thị Lan", "1990-02-02", w, "", ""},
		{"G2", "Hồ Thị Lan", "1990-02-03", w, "", ""},
		{"G3", "Hồ Thị Lan", "1990-03", w, "", ""},
		{"L1", "Trương Văn Bình", "1955-04-04", m, "", ""},
		{"L2", "Trương Văn Bính", "1955", m, "", ""}, // two slips: the name and the date
		// Identity numbers that disagree with the record.
		{"J", "Đinh Thị Thu", "1972-02-02", w, "079072000303", ""}, // a man's digit
		{"K", "Lý Văn Sơn", "1968", m, "079070000404", ""},         // another year
	}
	// Enough of "Nguyễn" for "Nguyen" to stand out.
	for i, g := range strings.Fields("An Bình Cúc Dung Giang Hà Hạnh Hằng Hiền Hương Khánh Liên Loan Mỹ Ngân Nhung Oanh Phượng Quyên Trâm") {
		ps = append(ps, person{fmt.Sprintf("N%d", i), "Nguyễn Thị " + g, fmt.Sprint(1940 + i), w, "", ""})
	}
	return ps
}()

// records makes the records of people, ids in their order from 1; identity numbers only when
// granted, as the store reads them.
func records(people []person, granted bool) []Record {
	f := Folder{}
	var recs []Record
	for i, p := range people {
		parts := strings.SplitN(p.name, " ", 3)
		if len(parts) == 2 { // no middle name
			parts = []string{parts[0], "", parts[1]}
		}
		id := ""
		if granted {
			id = p.identity
		}
		parts[1] = strings.TrimSpace(parts[1])
		recs = append(recs, f.Record(int64(i+1), p.sex, p.birth, [3]string(parts), [2]string{p.place, ""}, id))
	}
	return recs
}

// labels names findings as "kind:A1+A2", sorted.
func labels(people []person, found []canbo.Finding) string {
	var out []string
	for _, x := range found {
		var ls []string
		for _, p := range x.People {
			ls = append(ls, people[p.ID-1].label)
		}
		out = append(out, string(x.Kind)+":"+strings.Join(ls, "+"))
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func TestFind(t *testing.T) {
	for _, c := range []struct {
		name    string
		granted bool
		asked   []canbo.FindingKind
		want    string
	}{
		{"granted identity", true, nil,
			"duplicate:A1+A2 duplicate:B1+B2 duplicate:C1+C2 duplicate:D1+D2 duplicate:M1+M2 identity:J identity:K name:A2"},
		{"without the identity grant numbers weigh nothing", false, nil,
			"duplicate:A1+A2 duplicate:B1+B2 duplicate:C1+C2 duplicate:I1+I2 duplicate:M1+M2 name:A2"},
		{"one kind", true, []canbo.FindingKind{canbo.FindingIdentity}, "identity:J identity:K"},
	} {
		t.Run(c.name, func(t *testing.T) {
			offered, kinds, err := Kinds(c.asked, c.granted)
			if err != nil {
				t.Fatal(err)
			}
			counts, found := Find(records(planted, c.granted), offered, kinds, c.granted)
			if got := labels(planted, found); got != c.want {
				t.Errorf("findings\n got %s\nwant %s", got, c.want)
			}
			if counts[canbo.FindingDuplicate] != 5 || counts[canbo.FindingName] != 1 {
				t.Errorf("counts %v", counts)
			}
			if _, ok := counts[canbo.FindingIdentity]; ok != c.granted {
				t.Errorf("identity counted without the grant: %v", counts)
			}
			for i := 1; i < len(found); i++ {
				if found[i].Score > found[i-1].Score {
					t.Errorf("not strongest first: %d after %d", found[i].Score, found[i-1].Score)
				}
			}
			if !c.granted {
				for _, x := range found {
					for _, p := range x.People {
						if p.IdentityNumber != "" {
							t.Errorf("identity number shown without grant: %+v", p)
						}
					}
				}
			}
		})
	}
}

func TestReasons(t *testing.T) {
	_, found := Find(records(planted, true), []canbo.FindingKind{canbo.FindingDuplicate, canbo.FindingName},
		[]canbo.FindingKind{canbo.FindingDuplicate, canbo.FindingName}, true)
	got := map[string]canbo.Finding{}
	for _, x := range found {
		got[labels(planted, []canbo.Finding{x})] = x
	}
	for label, want := range map[string]string{
		"duplicate:A1+A2": "Trùng họ tên (khác dấu); cùng ngày sinh",
		"duplicate:B1+B2": "Tên khác một ký tự (Mai / Maii); cùng ngày sinh",
		"duplicate:C1+C2": "Trùng họ tên; ngày sinh ghi khác độ chính xác (06/05/1980 / 1980)",
		"duplicate:D1+D2": "Tên đệm khác (Quốc / không ghi); ngày sinh ghi khác độ chính xác (02/01/1975 / 01/1975); Số định danh khác một chữ số",
		"name:A2":         "Họ “Nguyen” không có dấu; “Nguyễn” có 21 hồ sơ, “Nguyen” có 1",
	} {
		x, ok := got[label]
		if !ok {
			t.Errorf("%s not found", label)
			continue
		}
		if r := strings.Join(x.Reasons, "; "); !strings.HasPrefix(r, want) {
			t.Errorf("%s reasons %q, want %q", label, r, want)
		}
	}
	if s := got["name:A2"].Suggestion; s != "Nguyễn Van Hung" {
		t.Errorf("suggestion %q", s)
	}
}

func TestKinds(t *testing.T) {
	offered, kinds, err := Kinds(nil, false)
	if err != nil || slices.Contains(offered, canbo.FindingIdentity) || !slices.Equal(kinds, offered) {
		t.Errorf("without grant: %v %v %v", offered, kinds, err)
	}
	if _, _, err := Kinds([]canbo.FindingKind{canbo.FindingIdentity}, false); canbo.ErrorCode(err) != canbo.EFORBIDDEN {
		t.Errorf("identity without grant: %v", err)
	}
	if _, _, err := Kinds([]canbo.FindingKind{"spelling"}, true); canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != "kind" {
		t.Errorf("bad kind: %v", err)
	}
}

func TestPage(t *testing.T) {
	all := make([]canbo.Finding, 120)
	for i := range all {
		all[i].Score = i
	}
	for _, c := range []struct {
		offset, limit, first, n int
	}{
		{0, 0, 0, 50}, {100, 0, 100, 20}, {-5, 10, 0, 10}, {200, 10, 120, 0}, {110, 1 << 30, 110, 10},
	} {
		got := Page(all, c.offset, c.limit)
		if len(got) != c.n || c.n > 0 && got[0].Score != c.first {
			t.Errorf("Page(%d, %d): %d findings", c.offset, c.limit, len(got))
		}
	}
}
