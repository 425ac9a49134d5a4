package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"canbo"
)

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPortraitScalesAndReencodes(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 1200, 1600))
	for y := range 1600 {
		for x := range 1200 {
			src.Set(x, y, color.NRGBA{R: 200, G: 30, B: 30, A: 255})
		}
	}
	out, w, h, err := Portrait(encodePNG(t, src), PNG)
	if err != nil {
		t.Fatal(err)
	}
	if w != 450 || h != 600 {
		t.Errorf("size %d×%d, want 450×600", w, h)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("stored photo is not a JPEG: %v", err)
	}
	if img.Bounds().Dx() != 450 || img.Bounds().Dy() != 600 {
		t.Errorf("decoded %v", img.Bounds())
	}
	r, g, _, _ := img.At(200, 300).RGBA()
	if r>>8 < 180 || g>>8 > 60 {
		t.Errorf("colour not kept: r=%d g=%d", r>>8, g>>8)
	}
}

// A JPEG with an EXIF segment (as phones write GPS positions) comes back without it.
func TestPortraitDropsMetadata(t *testing.T) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	exif := append([]byte("Exif\x00\x00"), []byte("GPSLatitude 10.7769 secret")...)
	seg := append([]byte{0xFF, 0xE1, 0, 0}, exif...)
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	in := append(append([]byte{0xFF, 0xD8}, seg...), b.Bytes()[2:]...)
	if _, err := jpeg.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("test JPEG invalid: %v", err)
	}
	out, w, h, err := Portrait(in, JPEG)
	if err != nil {
		t.Fatal(err)
	}
	if w != 40 || h != 30 {
		t.Errorf("small image resized to %d×%d", w, h)
	}
	if bytes.Contains(out, []byte("GPSLatitude")) || bytes.Contains(out, []byte("Exif")) {
		t.Error("metadata kept")
	}
}

// pngHeader is a PNG that declares w×h in its header and has no pixel data.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestPortraitRefuses(t *testing.T) {
	small := encodePNG(t, image.NewGray(image.Rect(0, 0, 10, 10)))
	for _, c := range []struct {
		name, declared string
		b              []byte
		want           string
	}{
		{"empty", "", nil, "chưa chọn"},
		{"gif", "", []byte("GIF89a\x01\x00\x01\x00"), "JPEG hoặc PNG"},
		{"text named jpeg", JPEG, []byte("<?php echo 1; ?>"), "JPEG hoặc PNG"},
		{"png declared jpeg", JPEG, small, "nội dung là image/png"},
		{"truncated png", PNG, small[:len(small)/2], "hỏng"},
		{"bomb", PNG, pngHeader(20000, 20000), "quá lớn"},
		{"oversize", "", append(append([]byte{}, small...), make([]byte, MaxBytes)...), "lớn quá 5 MB"},
	} {
		_, _, _, err := Portrait(c.b, c.declared)
		if canbo.ErrorField(err) != "photo" || !strings.Contains(canbo.ErrorMessage(err), c.want) || !strings.HasPrefix(canbo.ErrorMessage(err), "Ảnh") {
			t.Errorf("%s: %v, want a photo error with %q", c.name, err, c.want)
		}
	}
}

// BenchmarkPortrait measures an upload of a 12-megapixel phone photo (4032×3024 JPEG):
// header check, decode, box filter to 600 px, re-encode.
func BenchmarkPortrait(b *testing.B) {
	img := image.NewYCbCr(image.Rect(0, 0, 4032, 3024), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8((i%4032)/16 + (i/4032)/16)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, _, _, err := Portrait(buf.Bytes(), JPEG); err != nil {
			b.Fatal(err)
		}
	}
}
