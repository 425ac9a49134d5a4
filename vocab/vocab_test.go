package vocab

import (
	"testing"

	"canbo"
	"canbo/vn"
)

func TestEthnicities(t *testing.T) {
	if n := len(Ethnicities.Items); n != 54 {
		t.Fatalf("%d ethnic groups, want 54", n)
	}
	for i, it := range Ethnicities.Items {
		if want := []byte{byte('0' + (i+1)/10), byte('0' + (i+1)%10)}; it.Code != string(want) {
			t.Errorf("item %d (%s): code %s, want %s in the official order", i, it.Name, it.Code, want)
		}
	}
}

// TestListsConsistent: no name or alias of a list names two codes, so a name maps one way.
func TestListsConsistent(t *testing.T) {
	for key, l := range Lists() {
		seen := map[string]string{}
		for _, it := range l.Items {
			for _, n := range append([]string{it.Name, it.Code}, it.Aliases...) {
				f := vn.Fold(n)
				if c, ok := seen[f]; ok && c != it.Code {
					t.Errorf("%s: %q names both %s and %s", key, n, c, it.Code)
				}
				seen[f] = it.Code
			}
		}
		if l.Source == "" {
			t.Errorf("%s: no source document", key)
		}
	}
}

func TestCodeNameShow(t *testing.T) {
	for _, c := range []struct {
		l          *List
		typed      string
		code       string
		known      bool
		normalized string
		shown      string
	}{
		{Ethnicities, "Kinh", "01", true, "01", "Kinh"},
		{Ethnicities, "kinh", "01", true, "01", "Kinh"},
		{Ethnicities, "  KHMER ", "05", true, "05", "Khơ-me"},
		{Ethnicities, "Hmong", "08", true, "08", "HMông"},
		{Ethnicities, "ê đê", "12", true, "12", "Ê-đê"},
		{Ethnicities, "Người Kinh gốc Hoa", "", false, "Người Kinh gốc Hoa", "Người Kinh gốc Hoa"},
		{Religions, "Thiên chúa giáo", "cong_giao", true, "cong_giao", "Công giáo"},
		{Religions, "khong", "khong", true, "khong", "Không"},
		{PoliticalTheory, "Cao cap", "cao_cap", true, "cao_cap", "Cao cấp"},
		{StateManagement, "chuyen vien chinh", "cvc", true, "cvc", "Chuyên viên chính"},
		{ProfessionalEducation, "Thạc sĩ Quản lý công", "", false, "Thạc sĩ Quản lý công", "Thạc sĩ Quản lý công"},
		{Evaluations, "hoàn thành tốt nhiệm vụ", "good", true, "good", "Hoàn thành tốt nhiệm vụ"},
		{GeneralEducation, "12/12", "12/12", true, "12/12", "12/12"},
	} {
		code, ok := c.l.Code(c.typed)
		if code != c.code || ok != c.known {
			t.Errorf("%s.Code(%q) = %q, %v; want %q, %v", c.l.Key, c.typed, code, ok, c.code, c.known)
		}
		n := c.l.Normalize(c.typed)
		if n != c.normalized {
			t.Errorf("%s.Normalize(%q) = %q, want %q", c.l.Key, c.typed, n, c.normalized)
		}
		if got := c.l.Show(n); got != c.shown {
			t.Errorf("%s.Show(%q) = %q, want %q", c.l.Key, n, got, c.shown)
		}
	}
}

// TestEvaluationsAgree: the root's EvaluationCodes and EvaluationLevels (which the root cannot
// take from here) are this list's codes and names, in order.
func TestEvaluationsAgree(t *testing.T) {
	if len(Evaluations.Items) != len(canbo.EvaluationCodes) {
		t.Fatalf("%d ratings, root has %d", len(Evaluations.Items), len(canbo.EvaluationCodes))
	}
	for i, it := range Evaluations.Items {
		if it.Code != canbo.EvaluationCodes[i] || it.Name != canbo.EvaluationLevels[i] {
			t.Errorf("rating %d: %s %q, root %s %q", i, it.Code, it.Name, canbo.EvaluationCodes[i], canbo.EvaluationLevels[i])
		}
	}
}

// TestPersonFields: every coded column names a list, once.
func TestPersonFields(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range PersonFields {
		if f.List == nil || seen[f.Column] {
			t.Errorf("%s: list %v, seen %v", f.Column, f.List, seen[f.Column])
		}
		seen[f.Column] = true
		if g, ok := ByColumn(f.Column); !ok || g.Name != f.Name {
			t.Errorf("ByColumn(%s) = %v, %v", f.Column, g, ok)
		}
	}
}
