package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"canbo"
)

// paramField is one value of a rule's parameters on the new-version form: the path of the value
// in the version's JSON ("male.cap.years", "levels.2.month"), its label and current value.
type paramField struct {
	Path   string
	Label  string
	Value  string
	Number bool
}

// paramFields lists every value of a version's parameters (rules.VersionView.Params), in order.
func paramFields(lang string, params []byte) ([]paramField, error) {
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.UseNumber()
	var out []paramField
	var walk func(path []string) error
	walk = func(path []string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '[' {
				for i := 0; dec.More(); i++ {
					if err := walk(append(path, strconv.Itoa(i))); err != nil {
						return err
					}
				}
			} else {
				for dec.More() {
					k, err := dec.Token()
					if err != nil {
						return err
					}
					key, _ := k.(string)
					if err := walk(append(path, key)); err != nil {
						return err
					}
				}
			}
			_, err = dec.Token() // the closing delimiter
			return err
		case json.Number:
			out = append(out, paramField{Path: strings.Join(path, "."), Label: paramLabel(lang, path), Value: t.String(), Number: true})
		case string:
			out = append(out, paramField{Path: strings.Join(path, "."), Label: paramLabel(lang, path), Value: t})
		}
		return nil
	}
	if err := walk(nil); err != nil {
		return nil, err
	}
	return out, nil
}

// paramLabel names a path with the words of its parts: "Nam · Tuổi cuối lộ trình · số năm". An
// index in a list counts from 1.
func paramLabel(lang string, path []string) string {
	words := make([]string, len(path))
	for i, p := range path {
		if n, err := strconv.Atoi(p); err == nil {
			words[i] = strconv.Itoa(n + 1)
			continue
		}
		words[i] = paramWord(lang, p)
	}
	return strings.Join(words, " · ")
}

// paramWord is the label of one part of a parameter path; a part without one shows as it is.
// The labels are the "param." words of canbo/locale.
func paramWord(lang, part string) string {
	if w := translate(lang, "param."+part); w != "param."+part {
		return w
	}
	return part
}

// setParams writes the form's values (inputs named "p.PATH") into the parameters JSON the form
// was built from. A value must go where one was: the form edits values, and changes of shape
// (a new congress level) go through the API.
func setParams(base string, values map[string][]string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(base))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return "", canbo.Invalid("params", "err.web.rules_params.object")
	}
	for name, vs := range values {
		path, ok := strings.CutPrefix(name, "p.")
		if !ok || len(vs) == 0 {
			continue
		}
		if err := setPath(root, strings.Split(path, "."), strings.TrimSpace(vs[0]), name); err != nil {
			return "", err
		}
	}
	b, err := json.Marshal(root)
	return string(b), err
}

func setPath(node any, path []string, value, field string) error {
	unknown := canbo.Invalid(field, "err.web.rules_params.unknown", strings.TrimPrefix(field, "p."))
	var get func() any
	var set func(any)
	switch n := node.(type) {
	case map[string]any:
		v, ok := n[path[0]]
		if !ok {
			return unknown
		}
		get, set = func() any { return v }, func(x any) { n[path[0]] = x }
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(n) {
			return unknown
		}
		get, set = func() any { return n[i] }, func(x any) { n[i] = x }
	default:
		return unknown
	}
	if len(path) > 1 {
		return setPath(get(), path[1:], value, field)
	}
	switch get().(type) {
	case json.Number:
		if _, err := strconv.Atoi(value); err != nil {
			return canbo.Invalid(field, "err.web.rules_params.integer", strings.TrimPrefix(field, "p."), value)
		}
		set(json.Number(value))
	case string:
		set(value)
	default:
		return unknown
	}
	return nil
}
