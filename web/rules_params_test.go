package web

import (
	"strings"
	"testing"

	"canbo"
	"canbo/rules"
)

// TestParamFieldsLabelled: every value of every shipped rule version gets a field with a label
// in both languages, and writing the fields back gives the same parameters.
func TestParamFieldsLabelled(t *testing.T) {
	set := rules.Defaults()
	for _, ri := range rules.Rules {
		views, err := set.Versions(ri.Key)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range views {
			for _, lang := range []string{"vi", "en"} {
				fields, err := paramFields(lang, v.Params)
				if err != nil || len(fields) == 0 && ri.Key != "congress" {
					t.Fatalf("%s %s: %d fields, %v", ri.Key, v.From, len(fields), err)
				}
				for _, f := range fields {
					for _, part := range strings.Split(f.Path, ".") {
						if _, ok := messages[lang]["param."+part]; !ok && strings.Trim(part, "0123456789") != "" {
							t.Errorf("%s: no %s label for %q (in %s)", ri.Key, lang, part, f.Path)
						}
					}
				}
			}
		}
	}
}

func TestSetParams(t *testing.T) {
	base := `{"male":{"cap":{"years":62,"months":0}},"levels":[{"code":"commune","month":"2025-07"}],"term":"2025–2030"}`
	got, err := setParams(base, map[string][]string{"p.male.cap.years": {" 63 "}, "p.levels.0.month": {"07/2030"}, "doc_number": {"x"}})
	if err != nil || got != `{"levels":[{"code":"commune","month":"07/2030"}],"male":{"cap":{"months":0,"years":63}},"term":"2025–2030"}` {
		t.Errorf("setParams = %s, %v", got, err)
	}
	for name, value := range map[string]string{"p.male.cap.years": "sáu mươi", "p.male.cap.days": "1", "p.levels.3.month": "07/2030", "p.male": "1"} {
		_, err := setParams(base, map[string][]string{name: {value}})
		if canbo.ErrorCode(err) != canbo.EINVALID || canbo.ErrorField(err) != name {
			t.Errorf("%s=%s: %v (field %q)", name, value, err, canbo.ErrorField(err))
		}
	}
}

// TestRuleNames: every rule has a name in both languages, the Vietnamese one as the rules
// package words its messages.
func TestRuleNames(t *testing.T) {
	for _, ri := range rules.Rules {
		if got := messages["vi"]["rule."+ri.Key]; got != ri.Name {
			t.Errorf("rule.%s in Vietnamese = %q, want %q", ri.Key, got, ri.Name)
		}
		if messages["en"]["rule."+ri.Key] == "" {
			t.Errorf("rule.%s has no English name", ri.Key)
		}
	}
}
