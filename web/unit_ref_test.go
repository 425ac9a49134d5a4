package web_test

import (
	"strconv"
	"strings"
	"testing"

	"canbo"
	"canbo/sqlstore/sqltest"
)

// TestUnitReference (issue 10 item 5): a number given for a unit is its id, never an
// administrative code — an officer of Bến Nghé asking for Đa Kao's code gets a message naming
// the field, not Đa Kao's reminders; a name is searched within the officer's scope; the unit
// search box finds a unit by its code, as its placeholder offers.
func TestUnitReference(t *testing.T) {
	for _, e := range sqltest.Engines {
		t.Run(string(e), func(t *testing.T) {
			f := newFixture(t, sqltest.MustOpen(t, e))
			tok := f.user("bn", canbo.RoleOfficer, []int64{f.w1})
			code, body := f.get(tok, "/reminders?unit=26737")
			if code == 200 || !strings.Contains(string(body), "26737") {
				t.Errorf("unit=26737 (Đa Kao's code) for an officer of Bến Nghé: %d %s", code, body)
			}
			code, body = f.get(tok, "/reminders?unit="+strconv.FormatInt(f.w1, 10))
			if code != 200 || !strings.Contains(string(body), "Phường Bến Nghé") {
				t.Errorf("unit=<Bến Nghé's id>: %d", code)
			}
			code, body = f.get(tok, "/reminders?unit=B%E1%BA%BFn+Ngh%C3%A9")
			if code != 200 || !strings.Contains(string(body), `name="under" value="`+strconv.FormatInt(f.w1, 10)+`"`) {
				t.Errorf("unit=Bến Nghé by name: %d", code)
			}
			if code, _ = f.get(tok, "/reminders?unit=%C4%90a+Kao"); code == 200 {
				t.Errorf("unit=Đa Kao, out of the officer's scope: %d", code)
			}
			code, body = f.get(f.adminTok, "/org/search?q=26740")
			if code != 200 || !strings.Contains(string(body), "Phường Bến Nghé") {
				t.Errorf("unit search by code 26740: %d %s", code, body)
			}
		})
	}
}
