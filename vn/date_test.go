package vn_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"canbo"
	"canbo/vn"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want vn.Date
	}{
		{"1965", vn.Date{Year: 1965}},
		{"1965-09", vn.Date{Year: 1965, Month: 9}},
		{"1965-09-02", vn.Date{Year: 1965, Month: 9, Day: 2}},
		{"09/1965", vn.Date{Year: 1965, Month: 9}},
		{"9/1965", vn.Date{Year: 1965, Month: 9}},
		{"02/09/1965", vn.Date{Year: 1965, Month: 9, Day: 2}},
		{"2/9/1965", vn.Date{Year: 1965, Month: 9, Day: 2}},
		{"02.09.1965", vn.Date{Year: 1965, Month: 9, Day: 2}},
		{"02-09-1965", vn.Date{Year: 1965, Month: 9, Day: 2}},
		{" 02/09/1965 ", vn.Date{Year: 1965, Month: 9, Day: 2}},
		{"29/02/2000", vn.Date{Year: 2000, Month: 2, Day: 29}},
		{"1900", vn.Date{Year: 1900}},
		{"31/12/2200", vn.Date{Year: 2200, Month: 12, Day: 31}},
		{"", vn.Date{}},
		{"  ", vn.Date{}},
	}
	for _, tt := range tests {
		got, err := vn.ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q) error: %v", tt.in, err)
		} else if got != tt.want {
			t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in, msg string
	}{
		{"31/02/1965", "ngày 31/02/1965 không tồn tại"},
		{"29/02/1900", "ngày 29/02/1900 không tồn tại"},
		{"1965-02-30", "ngày 30/02/1965 không tồn tại"},
		{"2/9/65", `năm trong "2/9/65" phải ghi đủ 4 chữ số`},
		{"09/65", `năm trong "09/65" phải ghi đủ 4 chữ số`},
		{"13/1965", "tháng 13 không tồn tại"},
		{"1965-13", "tháng 13 không tồn tại"},
		{"1899", "năm 1899 nằm ngoài khoảng 1900–2200"},
		{"2201", "năm 2201 nằm ngoài khoảng 1900–2200"},
		{"0/1965", `"0/1965" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"00/09/1965", `"00/09/1965" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"1965-9", `"1965-9" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"1965/09", `"1965/09" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"02/09-1965", `"02/09-1965" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"1/2/3/1965", `"1/2/3/1965" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"ngày 2", `"ngày 2" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"１９６５", `"１９６５" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"65", `"65" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
		{"//", `"//" không phải là ngày hợp lệ (ghi dạng 02/09/1965, 09/1965 hoặc 1965)`},
	}
	for _, tt := range tests {
		_, err := vn.ParseDate(tt.in)
		var e *canbo.Error
		if !errors.As(err, &e) {
			t.Errorf("ParseDate(%q) error = %v, want *canbo.Error", tt.in, err)
			continue
		}
		if e.Code != canbo.EINVALID || e.Message != tt.msg || e.Field != "" {
			t.Errorf("ParseDate(%q) error = %+v, want EINVALID %q", tt.in, e, tt.msg)
		}
	}
}

func TestParseDateField(t *testing.T) {
	_, err := vn.ParseDateField("ngay_sinh", "31/02/1965")
	var e *canbo.Error
	if !errors.As(err, &e) || e.Field != "ngay_sinh" || e.Code != canbo.EINVALID {
		t.Errorf("ParseDateField error = %#v, want EINVALID on field ngay_sinh", err)
	}
	if d, err := vn.ParseDateField("ngay_sinh", "1965"); err != nil || d != (vn.Date{Year: 1965}) {
		t.Errorf("ParseDateField(1965) = %v, %v", d, err)
	}
}

func TestDateMethods(t *testing.T) {
	utc := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		d         vn.Date
		iso, disp string
		prec      vn.Precision
		first     time.Time
	}{
		{vn.Date{}, "", "", vn.PrecisionNone, time.Time{}},
		{vn.Date{Year: 1965}, "1965", "1965", vn.PrecisionYear, utc(1965, 1, 1)},
		{vn.Date{Year: 1965, Month: 9}, "1965-09", "09/1965", vn.PrecisionMonth, utc(1965, 9, 1)},
		{vn.Date{Year: 1965, Month: 9, Day: 2}, "1965-09-02", "02/09/1965", vn.PrecisionDay, utc(1965, 9, 2)},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.iso {
			t.Errorf("%+v.String() = %q, want %q", tt.d, got, tt.iso)
		}
		if got := tt.d.VN(); got != tt.disp {
			t.Errorf("%+v.VN() = %q, want %q", tt.d, got, tt.disp)
		}
		if got := tt.d.Precision(); got != tt.prec {
			t.Errorf("%+v.Precision() = %v, want %v", tt.d, got, tt.prec)
		}
		if got := tt.d.First(); !got.Equal(tt.first) || got.Location() != time.UTC {
			t.Errorf("%+v.First() = %v, want %v", tt.d, got, tt.first)
		}
		if got, want := tt.d.IsZero(), tt.prec == vn.PrecisionNone; got != want {
			t.Errorf("%+v.IsZero() = %v, want %v", tt.d, got, want)
		}
		if tt.iso != "" {
			if back, err := vn.ParseDate(tt.iso); err != nil || back != tt.d {
				t.Errorf("ParseDate(%q) = %+v, %v, want %+v", tt.iso, back, err, tt.d)
			}
			if back, err := vn.ParseDate(tt.disp); err != nil || back != tt.d {
				t.Errorf("ParseDate(%q) = %+v, %v, want %+v", tt.disp, back, err, tt.d)
			}
		}
	}
	if got := vn.PrecisionMonth.String(); got != "month" {
		t.Errorf("PrecisionMonth.String() = %q, want month", got)
	}
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, b vn.Date
		want int
	}{
		{vn.Date{Year: 1965}, vn.Date{Year: 1965, Month: 1, Day: 1}, 0},
		{vn.Date{Year: 1965}, vn.Date{Year: 1965, Month: 1, Day: 2}, -1},
		{vn.Date{Year: 1965, Month: 9}, vn.Date{Year: 1965, Month: 8, Day: 31}, 1},
		{vn.Date{}, vn.Date{Year: 1900}, -1},
		{vn.Date{}, vn.Date{}, 0},
	}
	for _, tt := range tests {
		if got := tt.a.Compare(tt.b); got != tt.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.a.Before(tt.b); got != (tt.want < 0) {
			t.Errorf("%v.Before(%v) = %v, want %v", tt.a, tt.b, got, tt.want < 0)
		}
	}
}

func TestDateValidate(t *testing.T) {
	tests := []struct {
		d  vn.Date
		ok bool
	}{
		{vn.Date{}, true},
		{vn.Date{Year: 1965, Month: 2, Day: 28}, true},
		{vn.Date{Year: 1965, Month: 2, Day: 29}, false},
		{vn.Date{Year: 1965, Day: 3}, false},
		{vn.Date{Month: 3}, false},
		{vn.Date{Year: 1965, Month: -1}, false},
		{vn.Date{Year: 1965, Month: 1, Day: -1}, false},
		{vn.Date{Year: 99}, false},
	}
	for _, tt := range tests {
		if err := tt.d.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tt.d, err, tt.ok)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		Birth vn.Date `json:"birth"`
	}
	tests := []struct {
		d    vn.Date
		json string
	}{
		{vn.Date{}, `{"birth":null}`},
		{vn.Date{Year: 1965}, `{"birth":"1965"}`},
		{vn.Date{Year: 1965, Month: 9}, `{"birth":"1965-09"}`},
		{vn.Date{Year: 1965, Month: 9, Day: 2}, `{"birth":"1965-09-02"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(rec{tt.d})
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%+v) = %s, %v, want %s", tt.d, b, err, tt.json)
		}
		var back rec
		if err := json.Unmarshal(b, &back); err != nil || back.Birth != tt.d {
			t.Errorf("Unmarshal(%s) = %+v, %v, want %+v", b, back.Birth, err, tt.d)
		}
	}
	for in, want := range map[string]vn.Date{
		`{"birth":""}`:           {},
		`{"birth":"02/09/1965"}`: {Year: 1965, Month: 9, Day: 2},
	} {
		var r rec
		if err := json.Unmarshal([]byte(in), &r); err != nil || r.Birth != want {
			t.Errorf("Unmarshal(%s) = %+v, %v, want %+v", in, r.Birth, err, want)
		}
	}
	for _, in := range []string{`{"birth":1965}`, `{"birth":"31/02/1965"}`, `{"birth":true}`} {
		var r rec
		if err := json.Unmarshal([]byte(in), &r); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want error", in, r.Birth)
		}
	}
}

func TestParseDay(t *testing.T) {
	want := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"2025-07-01", "01/07/2025", "1/7/2025", " 01.07.2025 "} {
		got, err := vn.ParseDay(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseDay(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"07/2025", "2025", "2025-07", "31/06/2025", "1/7/25"} {
		if got, err := vn.ParseDay(in); err == nil {
			t.Errorf("ParseDay(%q) = %v, want error", in, got)
		} else if canbo.ErrorCode(err) != canbo.EINVALID {
			t.Errorf("ParseDay(%q) error code = %q, want %q", in, canbo.ErrorCode(err), canbo.EINVALID)
		}
	}
	if got, err := vn.ParseDay(""); err != nil || !got.IsZero() {
		t.Errorf("ParseDay(\"\") = %v, %v, want zero time", got, err)
	}
	_, err := vn.ParseDayField("ngay_quyet_dinh", "07/2025")
	var e *canbo.Error
	if !errors.As(err, &e) || e.Field != "ngay_quyet_dinh" {
		t.Errorf("ParseDayField error = %#v, want field ngay_quyet_dinh", err)
	} else if want := `cần ghi đủ ngày, tháng, năm (ví dụ 01/07/2025), không phải "07/2025"`; e.Message != want {
		t.Errorf("ParseDayField message = %q, want %q", e.Message, want)
	}
}

func TestFormatDay(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), "01/07/2025"},
		{time.Date(1965, 9, 2, 0, 0, 0, 0, time.UTC), "02/09/1965"},
		{time.Time{}, ""},
	}
	for _, tt := range tests {
		if got := vn.FormatDay(tt.t); got != tt.want {
			t.Errorf("FormatDay(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestDateOf(t *testing.T) {
	if got, want := vn.DateOf(time.Date(2025, 7, 1, 23, 0, 0, 0, time.UTC)), (vn.Date{Year: 2025, Month: 7, Day: 1}); got != want {
		t.Errorf("DateOf = %+v, want %+v", got, want)
	}
	if got := vn.DateOf(time.Time{}); !got.IsZero() {
		t.Errorf("DateOf(zero) = %+v, want zero", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1965", "1965-09", "1965-09-02", "09/1965", "2/9/1965", "31/02/1965", "2/9/65", "", "1/2/3/4", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := vn.ParseDate(s)
		if err != nil {
			if canbo.ErrorCode(err) != canbo.EINVALID {
				t.Fatalf("ParseDate(%q) error code = %q, want %q", s, canbo.ErrorCode(err), canbo.EINVALID)
			}
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("ParseDate(%q) = %+v, which does not validate: %v", s, d, err)
		}
		for _, form := range []string{d.String(), d.VN()} {
			if back, err := vn.ParseDate(form); err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %+v, %v; want %+v (from %q)", form, back, err, d, s)
			}
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back vn.Date
		if err := json.Unmarshal(b, &back); err != nil || back != d {
			t.Fatalf("JSON round trip of %+v = %+v, %v", d, back, err)
		}
		if day, err := vn.ParseDay(s); err == nil && !day.IsZero() {
			if got := vn.FormatDay(day); got != d.VN() {
				t.Fatalf("FormatDay(ParseDay(%q)) = %q, want %q", s, got, d.VN())
			}
		}
	})
}

func FuzzDateJSON(f *testing.F) {
	for _, s := range []string{`"1965-09"`, `null`, `""`, `1965`, `"31/02/1965"`, `{`, `"\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d vn.Date
		if err := json.Unmarshal(b, &d); err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("Unmarshal(%q) = %+v, which does not validate: %v", b, d, err)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back vn.Date
		if err := json.Unmarshal(out, &back); err != nil || back != d {
			t.Fatalf("round trip of %+v through %s = %+v, %v", d, out, back, err)
		}
	})
}
