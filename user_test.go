package canbo_test

import (
	"context"
	"slices"
	"testing"

	"canbo"
)

// The scope is what keeps every query inside the caller's units: the zero value must see nothing,
// and only the system and administrators may see everything.
func TestScopeFromContext(t *testing.T) {
	bg := context.Background()
	officer := &canbo.User{ID: 2, Role: canbo.RoleOfficer, Scope: []int64{7, 9}}
	for _, c := range []struct {
		name string
		ctx  context.Context
		want canbo.Scope
	}{
		{"no user sees nothing", bg, canbo.Scope{}},
		{"a nil user sees nothing", canbo.NewContextWithUser(bg, nil), canbo.Scope{}},
		{"the system sees all", canbo.SystemContext(bg), canbo.Scope{All: true}},
		{"the system wins over a user it carries", canbo.SystemContext(canbo.NewContextWithUser(bg, officer)), canbo.Scope{All: true}},
		{"an administrator sees all", canbo.NewContextWithUser(bg, &canbo.User{Role: canbo.RoleAdmin, Scope: []int64{7}}), canbo.Scope{All: true}},
		{"a disabled administrator sees nothing", canbo.NewContextWithUser(bg, &canbo.User{Role: canbo.RoleAdmin, Disabled: true}), canbo.Scope{}},
		{"an officer sees the subtrees of the scope", canbo.NewContextWithUser(bg, officer), canbo.Scope{Roots: []int64{7, 9}}},
		{"a viewer with no scope sees nothing", canbo.NewContextWithUser(bg, &canbo.User{Role: canbo.RoleViewer}), canbo.Scope{}},
		{"a disabled officer sees nothing", canbo.NewContextWithUser(bg, &canbo.User{Role: canbo.RoleOfficer, Scope: []int64{7}, Disabled: true}), canbo.Scope{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := canbo.ScopeFromContext(c.ctx)
			if got.All != c.want.All || !slices.Equal(got.Roots, c.want.Roots) {
				t.Errorf("scope %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestCan(t *testing.T) {
	var nobody *canbo.User
	for _, c := range []struct {
		name  string
		u     *canbo.User
		class string
		want  bool
	}{
		{"no user", nobody, canbo.GrantIdentity, false},
		{"administrator", &canbo.User{Role: canbo.RoleAdmin}, canbo.GrantHealth, true},
		{"granted", &canbo.User{Role: canbo.RoleViewer, Grants: []string{canbo.GrantFamily, canbo.GrantIdentity}}, canbo.GrantIdentity, true},
		{"another class granted", &canbo.User{Role: canbo.RoleOfficer, Grants: []string{canbo.GrantFamily}}, canbo.GrantIdentity, false},
		{"no grants", &canbo.User{Role: canbo.RoleLeader}, canbo.GrantDiscipline, false},
		{"an empty class is not a grant", &canbo.User{Role: canbo.RoleOfficer, Grants: []string{canbo.GrantFamily}}, "", false},
	} {
		if got := c.u.Can(c.class); got != c.want {
			t.Errorf("%s: Can(%q) = %v, want %v", c.name, c.class, got, c.want)
		}
	}
}

// Redact empties exactly the fields of the classes not granted, and nothing else.
func TestRedact(t *testing.T) {
	full := canbo.Person{ID: 1, FamilyName: "Nguyễn", GivenName: "An", FullName: "Nguyễn An", Phone: "0903",
		IdentityNumber: "079065000101", Ethnicity: "Kinh", Religion: "Không", Health: "Tốt"}
	for _, c := range []struct {
		name string
		u    *canbo.User
		want canbo.Person
	}{
		{"administrator sees all", &canbo.User{Role: canbo.RoleAdmin}, full},
		{"no user sees no sensitive field", nil, canbo.Person{ID: 1, FamilyName: "Nguyễn", GivenName: "An", FullName: "Nguyễn An", Phone: "0903"}},
		{"identity only", &canbo.User{Role: canbo.RoleOfficer, Grants: []string{canbo.GrantIdentity}},
			canbo.Person{ID: 1, FamilyName: "Nguyễn", GivenName: "An", FullName: "Nguyễn An", Phone: "0903", IdentityNumber: "079065000101"}},
		{"background only", &canbo.User{Role: canbo.RoleViewer, Grants: []string{canbo.GrantBackground}},
			canbo.Person{ID: 1, FamilyName: "Nguyễn", GivenName: "An", FullName: "Nguyễn An", Phone: "0903", Ethnicity: "Kinh", Religion: "Không"}},
		{"health only", &canbo.User{Role: canbo.RoleLeader, Grants: []string{canbo.GrantHealth}},
			canbo.Person{ID: 1, FamilyName: "Nguyễn", GivenName: "An", FullName: "Nguyễn An", Phone: "0903", Health: "Tốt"}},
		{"classes without person fields hide them all", &canbo.User{Role: canbo.RoleOfficer, Grants: []string{canbo.GrantFamily, canbo.GrantDiscipline}},
			canbo.Person{ID: 1, FamilyName: "Nguyễn", GivenName: "An", FullName: "Nguyễn An", Phone: "0903"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := full
			p.Redact(c.u)
			if p.IdentityNumber != c.want.IdentityNumber || p.Ethnicity != c.want.Ethnicity || p.Religion != c.want.Religion ||
				p.Health != c.want.Health || p.FullName != c.want.FullName || p.Phone != c.want.Phone {
				t.Errorf("redacted %+v\nwant %+v", p, c.want)
			}
		})
	}
}
