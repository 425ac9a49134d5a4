package photo

import (
	"encoding/binary"
	"image/color"
)

// jpegDecodeBytes returns what image/jpeg allocates to decode the JPEG b, read from its frame
// header: the planes of the decoded image, padded to whole MCUs as the decoder pads them, and
// for a progressive JPEG also the coefficients it keeps for every block of every component
// until the last scan (64 int32, 256 bytes per 8×8 block: 4 bytes per pixel and component,
// which made an 11,585² grey progressive JPEG cost about 5 bytes a pixel where 1 was counted).
// ok is false when no frame header is found.
func jpegDecodeBytes(b []byte) (n int64, ok bool) {
	i := 2 // after SOI
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 0, false
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			i += 2
			continue
		}
		size := int(binary.BigEndian.Uint16(b[i+2:]))
		if size < 2 || i+2+size > len(b) {
			return 0, false
		}
		seg := b[i+4 : i+2+size]
		switch marker {
		case 0xC0, 0xC1, 0xC2: // baseline, extended sequential, progressive (what image/jpeg reads)
			return frameBytes(seg, marker == 0xC2)
		case 0xDA, 0xD9: // scan or end before any frame
			return 0, false
		}
		i += 2 + size
	}
	return 0, false
}

func frameBytes(seg []byte, progressive bool) (int64, bool) {
	if len(seg) < 6 {
		return 0, false
	}
	h, w, nc := int64(binary.BigEndian.Uint16(seg[1:])), int64(binary.BigEndian.Uint16(seg[3:])), int(seg[5])
	if len(seg) < 6+3*nc || nc == 0 || w == 0 || h == 0 {
		return 0, false
	}
	var hmax, vmax int64 = 1, 1
	for c := range nc {
		s := seg[6+3*c+1]
		hmax, vmax = max(hmax, int64(s>>4)), max(vmax, int64(s&15))
	}
	mxx, myy := (w+8*hmax-1)/(8*hmax), (h+8*vmax-1)/(8*vmax) // MCUs across and down
	var total int64
	for c := range nc {
		s := seg[6+3*c+1]
		hi, vi := max(int64(s>>4), 1), max(int64(s&15), 1)
		blocks := mxx * hi * myy * vi
		total += blocks * 64 // one byte per sample of the decoded plane
		if progressive {
			total += blocks * 256
		}
	}
	if nc == 4 {
		total += w * h * 4 // CMYK is converted to a full image beside the planes
	}
	return total, true
}

// pngDecodeBytes is what image/png allocates: the image, and for an interlaced file each pass's
// rows again before they are merged (counted as a second image).
func pngDecodeBytes(b []byte, w, h int, m color.Model) int64 {
	n := int64(w) * int64(h) * bytesPerPixel(m)
	if len(b) > 28 && b[28] == 1 { // IHDR interlace method: Adam7
		n *= 2
	}
	return n
}
