package auth_test

import (
	"bytes"
	"encoding/base32"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"canbo/auth"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// rfcSecret is the SHA1 key of RFC 6238's test vectors ("12345678901234567890"), base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

const appSecret = "JBSWY3DPEHPK3PXP"

var t0 = time.Date(2026, 3, 1, 8, 0, 10, 0, time.UTC) // 10 s into a step

func codeAt(tb testing.TB, secret string, t time.Time) string {
	tb.Helper()
	c, err := totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{
		Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestCheckTOTP_RFC6238Vectors(t *testing.T) {
	// The RFC's 8-digit SHA1 values, of which a 6-digit code is the last six digits.
	tests := []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			now := time.Unix(tt.unix, 0)
			step, ok := auth.CheckTOTP(rfcSecret, tt.code, now, 0)
			if got, want := step, tt.unix/30; !ok || got != want {
				t.Errorf("CheckTOTP = %d, %v; want %d, true", got, ok, want)
			}
		})
	}
}

func TestCheckTOTP(t *testing.T) {
	cur := auth.TOTPStep(t0)
	now := codeAt(t, appSecret, t0)
	prev := codeAt(t, appSecret, t0.Add(-30*time.Second))
	next := codeAt(t, appSecret, t0.Add(30*time.Second))
	old := codeAt(t, appSecret, t0.Add(-60*time.Second))
	future := codeAt(t, appSecret, t0.Add(60*time.Second))
	tests := []struct {
		name     string
		secret   string
		code     string
		lastUsed int64
		wantStep int64
		wantOK   bool
	}{
		{"current step", appSecret, now, 0, cur, true},
		{"previous step (phone clock behind)", appSecret, prev, 0, cur - 1, true},
		{"next step (phone clock ahead)", appSecret, next, 0, cur + 1, true},
		{"two steps old", appSecret, old, 0, 0, false},
		{"two steps ahead", appSecret, future, 0, 0, false},
		{"replay of the current code", appSecret, now, cur, 0, false},
		{"replay of the previous code", appSecret, prev, cur - 1, 0, false},
		{"code older than the last used", appSecret, prev, cur, 0, false},
		{"current code after previous was used", appSecret, now, cur - 1, cur, true},
		{"next code after current was used", appSecret, next, cur, cur + 1, true},
		{"grouped as apps show it", appSecret, now[:3] + " " + now[3:], 0, cur, true},
		{"surrounding spaces", appSecret, "  " + now + "\t", 0, cur, true},
		{"lower-case secret", strings.ToLower(appSecret), now, 0, cur, true},
		{"wrong code", appSecret, wrong(now), 0, 0, false},
		{"five digits", appSecret, now[:5], 0, 0, false},
		{"seven digits", appSecret, now + "0", 0, 0, false},
		{"letters", appSecret, "12a456", 0, 0, false},
		{"signed", appSecret, "+" + now[1:], 0, 0, false},
		{"full-width digits", appSecret, "１２３４５６", 0, 0, false},
		{"empty code", appSecret, "", 0, 0, false},
		{"empty secret", "", now, 0, 0, false},
		{"secret not base32", "not base32!", now, 0, 0, false},
		{"huge input", appSecret, strings.Repeat(" ", 1<<16) + now, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			step, ok := auth.CheckTOTP(tt.secret, tt.code, t0, tt.lastUsed)
			if step != tt.wantStep || ok != tt.wantOK {
				t.Errorf("CheckTOTP(%q) = %d, %v; want %d, %v", tt.code, step, ok, tt.wantStep, tt.wantOK)
			}
		})
	}
}

// wrong returns a six-digit code different from c.
func wrong(c string) string {
	b := []byte(c)
	b[5] = '0' + (b[5]-'0'+1)%10
	return string(b)
}

func TestCheckTOTP_StoredStepRefusesReuse(t *testing.T) {
	// A login flow: each accepted step is stored and the same code then fails for the rest
	// of its validity (three steps, with skew).
	code := codeAt(t, appSecret, t0)
	var last int64
	for i, at := range []time.Duration{0, 10 * time.Second, 30 * time.Second, 45 * time.Second} {
		step, ok := auth.CheckTOTP(appSecret, code, t0.Add(at), last)
		if want := i == 0; ok != want {
			t.Fatalf("use %d at +%v: ok = %v, want %v", i, at, ok, want)
		}
		if ok {
			last = step
		}
	}
}

func TestTOTPStep(t *testing.T) {
	tests := []struct {
		unix int64
		want int64
	}{
		{0, 0}, {29, 0}, {30, 1}, {59, 1}, {-1, -1}, {-30, -1}, {-31, -2},
	}
	for _, tt := range tests {
		if got := auth.TOTPStep(time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("TOTPStep(%d) = %d, want %d", tt.unix, got, tt.want)
		}
	}
}

func TestNewTOTPSecret(t *testing.T) {
	secret, raw, err := auth.NewTOTPSecret("Ban Tổ chức Thành ủy", "nguyen.van.a@example.vn")
	if err != nil {
		t.Fatal(err)
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatalf("secret %q is not base32: %v", secret, err)
	}
	if got, want := len(key), 20; got != want {
		t.Errorf("secret length = %d bytes, want %d", got, want)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for name, want := range map[string]string{
		"scheme": "otpauth", "host": "totp", "path": "/Ban Tổ chức Thành ủy:nguyen.van.a@example.vn",
		"secret": secret, "issuer": "Ban Tổ chức Thành ủy", "algorithm": "SHA1", "digits": "6", "period": "30",
	} {
		got := q.Get(name)
		switch name {
		case "scheme":
			got = u.Scheme
		case "host":
			got = u.Host
		case "path":
			got = u.Path
		}
		if got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, ok := auth.CheckTOTP(secret, codeAt(t, secret, t0), t0, 0); !ok {
		t.Error("a code of the new secret is refused")
	}
	other, _, err := auth.NewTOTPSecret("canbo", "a")
	if err != nil || other == secret {
		t.Errorf("second secret = %q, %v; want a different one", other, err)
	}
}

func TestNewTOTPSecret_Invalid(t *testing.T) {
	tests := []struct{ name, issuer, account string }{
		{"empty issuer", "", "a"},
		{"blank issuer", "  ", "a"},
		{"empty account", "canbo", ""},
		{"colon in issuer", "can:bo", "a"},
		{"colon in account", "canbo", "a:b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := auth.NewTOTPSecret(tt.issuer, tt.account); err == nil {
				t.Error("err = nil, want an error")
			}
		})
	}
}

func TestTOTPQRCodePNG(t *testing.T) {
	_, raw, err := auth.NewTOTPSecret("canbo", "admin")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int{128, 256, 301, 1024} {
		b, err := auth.TOTPQRCodePNG(raw, size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if got := img.Bounds().Size(); got.X != size || got.Y != size {
			t.Errorf("size %d: image is %v", size, got)
		}
		// The quiet zone: the border is white, the middle is not all white.
		dark := 0
		for x := 0; x < size; x++ {
			for y := 0; y < size; y++ {
				r, _, _, _ := img.At(x, y).RGBA()
				border := x < size/20 || y < size/20 || x >= size-size/20 || y >= size-size/20
				if r < 0x8000 {
					if border {
						t.Fatalf("size %d: dark pixel at (%d, %d) in the quiet zone", size, x, y)
					}
					dark++
				}
			}
		}
		if dark == 0 {
			t.Errorf("size %d: no dark pixel", size)
		}
	}
}

func TestTOTPQRCodePNG_Invalid(t *testing.T) {
	_, raw, err := auth.NewTOTPSecret("canbo", "admin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		url  string
		size int
	}{
		{"too small", raw, 16},
		{"too large", raw, 10000},
		{"not a URL", "%%%", 256},
		{"hotp", strings.Replace(raw, "//totp/", "//hotp/", 1), 256},
		{"no secret", "otpauth://totp/canbo:admin?issuer=canbo", 256},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := auth.TOTPQRCodePNG(tt.url, tt.size); err == nil {
				t.Error("err = nil, want an error")
			}
		})
	}
}

func FuzzCheckTOTP(f *testing.F) {
	f.Add(appSecret, "123 456", t0.Unix(), int64(0))
	f.Add(rfcSecret, "287082", int64(59), int64(0))
	f.Add("", "", int64(0), int64(-1))
	f.Add("a", "000000", int64(-100), int64(-10))
	f.Fuzz(func(t *testing.T, secret, code string, unix, lastUsed int64) {
		now := time.Unix(unix, 0)
		step, ok := auth.CheckTOTP(secret, code, now, lastUsed)
		if !ok {
			if step != 0 {
				t.Errorf("refused with step %d, want 0", step)
			}
			return
		}
		cur := auth.TOTPStep(now)
		if step <= lastUsed || step < cur-1 || step > cur+1 || step < 0 {
			t.Errorf("accepted step %d, now %d, last used %d", step, cur, lastUsed)
		}
		// Storing the step refuses the code from then on (only a later step could match the same
		// digits, by a one-in-a-million collision).
		if s2, again := auth.CheckTOTP(secret, code, now, step); again && s2 <= step {
			t.Errorf("code accepted again at step %d after step %d was stored", s2, step)
		}
	})
}
