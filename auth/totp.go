package auth

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// The TOTP parameters are the ones every authenticator app supports (RFC 6238's defaults);
// apps silently ignore others and then show codes that never match.
const (
	totpPeriod     = 30
	totpDigits     = otp.DigitsSix
	totpAlgorithm  = otp.AlgorithmSHA1
	totpSecretSize = 20 // 160 bits, RFC 4226's recommended key length for HMAC-SHA1
	totpSkew       = 1  // steps either side of now: a phone clock off by up to 30 s still works

	// maxTOTPInput bounds the work CheckTOTP does on hostile input before rejecting it.
	maxTOTPInput = 64

	qrMinSize = 128
	qrMaxSize = 1024
)

// NewTOTPSecret returns a fresh random TOTP secret (base32, as stored and as typed into an
// app by hand) and its otpauth:// URL for enrolment by QR code. issuer names the deployment
// and account the login name; both appear in the user's authenticator app.
func NewTOTPSecret(issuer, account string) (secret, otpauthURL string, err error) {
	// The label is "issuer:account"; a colon inside either would make apps split it wrongly.
	if strings.TrimSpace(issuer) == "" || strings.ContainsRune(issuer, ':') {
		return "", "", errors.New("auth: TOTP issuer must be non-empty and contain no colon")
	}
	if strings.TrimSpace(account) == "" || strings.ContainsRune(account, ':') {
		return "", "", errors.New("auth: TOTP account must be non-empty and contain no colon")
	}
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: account,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      totpDigits,
		Algorithm:   totpAlgorithm,
	})
	if err != nil {
		return "", "", fmt.Errorf("auth: generate TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPQRCodePNG renders otpauthURL as a size×size PNG QR code with a white quiet zone, for an
// <img src="data:image/png;base64,…"> on the enrolment page (no script, so CSP-safe).
func TOTPQRCodePNG(otpauthURL string, size int) ([]byte, error) {
	if size < qrMinSize || size > qrMaxSize {
		return nil, fmt.Errorf("auth: QR code size %d outside %d–%d", size, qrMinSize, qrMaxSize)
	}
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil || key.Type() != "totp" || key.Secret() == "" {
		return nil, errors.New("auth: not an otpauth://totp URL with a secret")
	}
	// Scanners need a light margin around the code (the "quiet zone"); the library draws none,
	// so the code fills the middle 80 % and the rest stays white.
	margin := size / 10
	code, err := key.Image(size-2*margin, size-2*margin)
	if err != nil {
		return nil, fmt.Errorf("auth: render QR code: %w", err)
	}
	img := image.NewGray(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(img, code.Bounds().Add(image.Pt(margin, margin)), code, code.Bounds().Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: encode QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// TOTPStep is the RFC 6238 time step that contains t.
func TOTPStep(t time.Time) int64 {
	s := t.Unix()
	step := s / totpPeriod
	if s%totpPeriod < 0 { // floor, not truncation, before 1970
		step--
	}
	return step
}

// CheckTOTP reports whether code is the TOTP for secret at now, allowing one step of clock
// skew either way. It refuses a code from a step at or before lastUsedStep, so a code that
// was seen once (over a shoulder, in a proxy log, by a phishing page) cannot be used again
// within its window; on success the caller must store the returned step as the new
// lastUsedStep, atomically with accepting the login. Pass 0 when no code has been used yet.
// Spaces in code are ignored ("123 456" as apps display it).
func CheckTOTP(secret, code string, now time.Time, lastUsedStep int64) (step int64, ok bool) {
	if len(code) > maxTOTPInput || secret == "" {
		return 0, false
	}
	code = strings.Join(strings.Fields(code), "")
	if len(code) != totpDigits.Length() {
		return 0, false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return 0, false
		}
	}
	cur := TOTPStep(now)
	// Every candidate is computed and compared, with no early exit, so the time taken does not
	// tell which step matched. The latest matching step wins: storing it refuses the most.
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s < 0 || s <= lastUsedStep {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), hotp.ValidateOpts{
			Digits:    totpDigits,
			Algorithm: totpAlgorithm,
		})
		if err != nil { // not base32: no code can match
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			step, ok = s, true
		}
	}
	if !ok {
		return 0, false
	}
	return step, true
}

// TOTPURL rebuilds the otpauth:// URL of an existing secret (SHA1, 6 digits, 30 s, as
// NewTOTPSecret makes them), so an enrolment page can show the same QR code again.
func TOTPURL(issuer, account, secret string) string {
	q := url.Values{"algorithm": {"SHA1"}, "digits": {"6"}, "issuer": {issuer}, "period": {"30"}, "secret": {secret}}
	return (&url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account, RawQuery: q.Encode()}).String()
}
