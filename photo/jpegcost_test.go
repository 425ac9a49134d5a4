package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"strings"
	"testing"
)

// jpegHeader is a JPEG of a frame header alone: enough for the bound, which must be decided
// before a pixel is decoded. sampling holds one byte per component (h<<4 | v).
func jpegHeader(sof byte, w, h int, sampling ...byte) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, sof, 0, byte(8 + 3*len(sampling)), 8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(sampling))}
	for i, s := range sampling {
		b = append(b, byte(i+1), s, 0)
	}
	// A scan header: image/jpeg reads a colour image's configuration up to it.
	b = append(b, 0xFF, 0xDA, 0, byte(6+2*len(sampling)), byte(len(sampling)))
	for i := range sampling {
		b = append(b, byte(i+1), 0)
	}
	return append(b, 0, 0, 0, 0xFF, 0xD9)
}

// TestProgressiveJPEGBound: the decoder's real allocation is bounded, not one byte a pixel. A
// progressive grey JPEG of 11,585² px (134 M pixels, about 5 bytes each to decode) passed the
// 128 MB bound; it is now refused before decoding, while a phone's 12 MP progressive colour
// photo and an 11,000² grey baseline one still fit.
func TestProgressiveJPEGBound(t *testing.T) {
	tooLarge := func(b []byte) bool {
		_, _, _, err := Portrait(b, JPEG)
		return err != nil && strings.Contains(err.Error(), "quá lớn")
	}
	if !tooLarge(jpegHeader(0xC2, 11585, 11585, 0x11)) {
		t.Error("progressive grey 11585² px not refused as too large")
	}
	if !tooLarge(jpegHeader(0xC2, 6000, 6000, 0x22, 0x11, 0x11)) {
		t.Error("progressive colour 6000² px (≈ 324 MB to decode) not refused")
	}
	if !tooLarge(jpegHeader(0xC0, 8000, 8000, 0x11, 0x11, 0x11)) {
		t.Error("baseline 4:4:4 colour 8000² px (192 MB) not refused")
	}
	for _, b := range [][]byte{jpegHeader(0xC0, 11000, 11000, 0x11), jpegHeader(0xC2, 4000, 3000, 0x22, 0x11, 0x11)} {
		if tooLarge(b) {
			t.Errorf("%x… refused as too large", b[:12])
		}
	}
	// On a real file the estimate covers the planes the decoder fills.
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewYCbCr(image.Rect(0, 0, 100, 80), image.YCbCrSubsampleRatio420), nil); err != nil {
		t.Fatal(err)
	}
	if n, ok := jpegDecodeBytes(buf.Bytes()); !ok || n < 100*80*3/2 || n > 112*80*3 {
		t.Errorf("100×80 4:2:0 baseline: %d bytes, %v", n, ok)
	}
	// A header the decoder accepts but the estimate cannot read is refused.
	if _, ok := jpegDecodeBytes([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2}); ok {
		t.Error("a scan before the frame read as a frame")
	}
}
