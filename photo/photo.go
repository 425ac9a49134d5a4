// Package photo turns an uploaded portrait into the JPEG the personal record keeps: only JPEG
// and PNG are accepted, recognised by their bytes (never by a name or a declared type), bounded
// before decoding, scaled down to portrait size and re-encoded, which drops every piece of
// metadata the upload carried (EXIF GPS position, camera serial, comments).
package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"

	"canbo"
)

// Limits of an upload. MaxBytes is what a form may send; MaxDecoded bounds the memory the
// decoder will allocate (pixels × bytes per pixel of the file's colour model), checked from
// the header alone, so a small file declaring a huge image (a decompression bomb) is refused
// before any pixel is decoded.
const (
	MaxBytes   = 5 << 20
	MaxDecoded = 128 << 20
	// MaxSide is the longest side of the stored portrait: enough for a printed 4×6 cm photo at
	// 300 dpi (about 470×710 px) and small enough to serve on every profile view.
	MaxSide = 600
	quality = 88
)

// decoding bounds how many uploads are decoded at once, so that the memory MaxDecoded allows
// one upload is not multiplied by a burst of them.
var decoding = make(chan struct{}, 2)

// Formats recognised by their signature.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// Sniff returns JPEG or PNG when b starts with that format's signature, else "".
func Sniff(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	}
	return ""
}

// Portrait validates an upload and returns it as a JPEG no larger than MaxSide on either side,
// with its size. declared is the type the client claimed (a part's Content-Type); when it
// names JPEG or PNG it must agree with the bytes.
func Portrait(b []byte, declared string) (out []byte, w, h int, err error) {
	if len(b) == 0 {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.none")
	}
	if len(b) > MaxBytes {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.too_big", MaxBytes>>20)
	}
	format := Sniff(b)
	if format == "" {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.type")
	}
	if (declared == JPEG || declared == PNG) && declared != format {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.mismatch", declared, format)
	}
	decodeConfig, decode := jpeg.DecodeConfig, jpeg.Decode
	if format == PNG {
		decodeConfig, decode = png.DecodeConfig, png.Decode
	}
	cfg, err := decodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.broken", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || decodeBytes(b, format, cfg) > MaxDecoded {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.too_large", cfg.Width, cfg.Height)
	}
	decoding <- struct{}{}
	defer func() { <-decoding }()
	img, err := decode(bytes.NewReader(b))
	if err != nil {
		return nil, 0, 0, canbo.Invalid("photo", "err.photo.photo.broken", format)
	}
	w, h = fit(cfg.Width, cfg.Height, MaxSide)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, shrink(img, w, h), &jpeg.Options{Quality: quality}); err != nil {
		return nil, 0, 0, err
	}
	return buf.Bytes(), w, h, nil
}

// decodeBytes is what decoding b will allocate, from its header (see jpegDecodeBytes); a
// header it cannot read counts as too large.
func decodeBytes(b []byte, format string, cfg image.Config) int64 {
	if format == PNG {
		return pngDecodeBytes(b, cfg.Width, cfg.Height, cfg.ColorModel)
	}
	n, ok := jpegDecodeBytes(b)
	if !ok {
		return MaxDecoded + 1
	}
	return n
}

// bytesPerPixel is what the decoder allocates per pixel for a colour model (YCbCr counted at
// 4:4:4, its largest).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// fit scales w×h down (never up) so that neither side exceeds side.
func fit(w, h, side int) (int, int) {
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, h*side/w)
	}
	return max(1, w*side/h), side
}

// shrink box-filters src down to w×h over a white background (transparent PNG areas become
// white, as on paper). It reads one source row at a time through image/draw, which converts
// YCbCr and NRGBA rows fast, so the only large allocation is the decoded image itself.
func shrink(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	row := image.NewRGBA(image.Rect(0, 0, sw, 1))
	sum := make([]uint64, w*4)
	n := make([]uint64, w)
	flush := func(dy int) {
		out := dst.Pix[dy*dst.Stride:]
		for dx := range w {
			for c := range 4 {
				v := sum[dx*4+c] / n[dx]
				if c < 3 { // premultiplied colour over white
					v += 255 - sum[dx*4+3]/n[dx]
				}
				out[dx*4+c] = uint8(min(v, 255))
				sum[dx*4+c] = 0
			}
			out[dx*4+3] = 255
			n[dx] = 0
		}
	}
	cur := 0
	for y := range sh {
		if dy := y * h / sh; dy != cur {
			flush(cur)
			cur = dy
		}
		draw.Draw(row, row.Rect, src, image.Pt(b.Min.X, b.Min.Y+y), draw.Src)
		for x := range sw {
			dx, p := x*w/sw, row.Pix[x*4:x*4+4]
			sum[dx*4] += uint64(p[0])
			sum[dx*4+1] += uint64(p[1])
			sum[dx*4+2] += uint64(p[2])
			sum[dx*4+3] += uint64(p[3])
			n[dx]++
		}
	}
	flush(cur)
	return dst
}
