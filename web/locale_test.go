package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"canbo/sqlstore"
	"canbo/sqlstore/sqltest"
)

// TestEnglishErrorsAndFacts: with English chosen, the domain's words read in English — a
// validation error on the person form (validate/, worded by its key) and the profile's facts
// (remind/) — and in Vietnamese otherwise.
func TestEnglishErrorsAndFacts(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newRemindFixture(t, db)
		in := func(lang, method, path string, v url.Values) (int, string) {
			t.Helper()
			req, err := http.NewRequest(method, f.srv.URL+path, strings.NewReader(v.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+f.adminTok)
			if method == "POST" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		form := url.Values{"family_name": {""}, "given_name": {"Hùng"}, "sex": {"male"}, "staff_type": {"civil_servant"},
			"unit": {"#" + strconv.FormatInt(f.w1, 10)}, "title": {"Chuyên viên"}, "from": {"2020-01-01"}}
		for lang, want := range map[string]string{"en": "The family name must not be empty.", "vi": "Họ không được để trống."} {
			code, b := in(lang, "POST", "/people", form)
			if code != http.StatusUnprocessableEntity || !strings.Contains(b, want) {
				t.Errorf("person form in %s: %d, want %q in\n%s", lang, code, want, b)
			}
		}

		facts := "/people/" + strconv.FormatInt(f.head.ID, 10) + "/facts?as_of=2026-01-01"
		_, b := in("en", "GET", facts, nil)
		for _, want := range []string{"Grade 01.003, step 5. Current step since 01/06/2023; 36 months per step: next regular step from 01/06/2026.",
			"Appointed from 01/01/2024 for 5 years"} {
			if !strings.Contains(b, want) {
				t.Errorf("English facts lack %q:\n%s", want, b)
			}
		}
		if strings.Contains(b, "Hưởng bậc") || strings.Contains(b, "Bổ nhiệm từ") {
			t.Errorf("English facts hold Vietnamese:\n%s", b)
		}
		if _, b := in("vi", "GET", facts, nil); !strings.Contains(b, "Ngạch 01.003, bậc 5. Hưởng bậc hiện tại từ 01/06/2023") ||
			!strings.Contains(b, "Nam, sinh 10/05/1966. Theo ") {
			t.Errorf("Vietnamese facts:\n%s", b)
		}
		// The retirement fact, worded by the rules package, reads in English too.
		if want := "Male, born 10/05/1966. Under "; !strings.Contains(b, want) || !strings.Contains(b, "the retirement age under normal working conditions") {
			t.Errorf("English retirement fact lacks %q:\n%s", want, b)
		}
		if strings.Contains(b, "tuổi nghỉ hưu") {
			t.Errorf("English retirement fact holds Vietnamese:\n%s", b)
		}

		// A reminder's reason (why it is due, on what basis) reads in the reader's language.
		for lang, want := range map[string]string{"en": "Seconded from 01/01/2025 to 31/12/2026: prepare the next assignment",
			"vi": "Biệt phái từ 01/01/2025 đến 31/12/2026: chuẩn bị bố trí công tác"} {
			_, b := in(lang, "GET", "/reminders?"+remindRange, nil)
			if !strings.Contains(b, want) {
				t.Errorf("reminders in %s lack %q:\n%s", lang, want, b)
			}
			if lang == "en" && (strings.Contains(b, "Biệt phái từ") || strings.Contains(b, "tuổi nghỉ hưu") || strings.Contains(b, "Kỷ luật khiển trách")) {
				t.Errorf("English reminder reasons hold Vietnamese:\n%s", b)
			}
		}
	})
}
