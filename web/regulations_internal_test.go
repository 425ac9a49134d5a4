package web

import (
	"strings"
	"testing"
)

func TestLineDiff(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"", "Điều 1\nĐiều 2", "+Điều 1|+Điều 2"},
		{"Điều 1\nĐiều 2", "Điều 1\nĐiều 2", " Điều 1| Điều 2"},
		{"Điều 1\nĐiều 2\nĐiều 3", "Điều 1\nĐiều 2 (sửa)\nĐiều 3", " Điều 1|-Điều 2|+Điều 2 (sửa)| Điều 3"},
		{"Điều 1\nĐiều 2", "Điều 2", "-Điều 1| Điều 2"},
	}
	for _, c := range cases {
		var got []string
		for _, l := range lineDiff(c.a, c.b) {
			got = append(got, l.Op+l.Text)
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("diff(%q, %q) = %q, want %q", c.a, c.b, strings.Join(got, "|"), c.want)
		}
	}
}
