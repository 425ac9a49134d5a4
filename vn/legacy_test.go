package vn_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"canbo/vn"
)

// paragraph is real Vietnamese text followed by every letter with every tone, lower and upper
// case, for the round-trip tests.
var paragraph = `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ông Nguyễn Phước Lộc, sinh ngày 02/09/1965 tại xã Ỷ La, tỉnh Tuyên Quang, được Ban Thường vụ Thành ủy điều động về công tác tại Ủy ban nhân dân phường Bến Thành. Đồng chí Trần Thị Ánh, Phó Trưởng ban Tổ chức, chịu trách nhiệm hướng dẫn quy trình bổ nhiệm lại; kết quả đánh giá, xếp loại chất lượng năm trước: hoàn thành xuất sắc nhiệm vụ. Những người ưu tú, gương mẫu, có đủ tiêu chuẩn sẽ được xem xét khen thưởng.
Ỳ ạch, ngẫm nghĩ, ửng hồng, mưa rơi, bữa cơm, giặt giũ, ngoằn ngoèo, khuỷu tay, quỹ đất, thủy lợi, Ấn Độ, bồng ẵm, Ở đâu, Ừ, Ữ, Ợ, Ỡ.
` + allLetters()

// allLetters lists the 12 Vietnamese vowels with the 6 tones, and đ, in both cases.
func allLetters() string {
	var b strings.Builder
	for _, row := range vowelRows {
		b.WriteString(row + " " + strings.ToUpper(row) + "\n")
	}
	b.WriteString("đ Đ\n")
	return b.String()
}

// vowelRows: each vowel with tones none, huyền, hỏi, ngã, sắc, nặng.
var vowelRows = []string{
	"a à ả ã á ạ", "ă ằ ẳ ẵ ắ ặ", "â ầ ẩ ẫ ấ ậ", "e è ẻ ẽ é ẹ", "ê ề ể ễ ế ệ", "i ì ỉ ĩ í ị",
	"o ò ỏ õ ó ọ", "ô ồ ổ ỗ ố ộ", "ơ ờ ở ỡ ớ ợ", "u ù ủ ũ ú ụ", "ư ừ ử ữ ứ ự", "y ỳ ỷ ỹ ý ỵ",
}

// tcvn3Bytes gives, in the same order as vowelRows, the TCVN 5712 bytes of each letter: lower
// case (TCVN3/ABC proper) and the capitals of the full VN1 table. Written out independently of the
// package's byte-to-letter table so that each checks the other.
var tcvn3Bytes = [][2][6]byte{
	{{'a', 0xB5, 0xB6, 0xB7, 0xB8, 0xB9}, {'A', 0x80, 0x81, 0x82, 0x83, 0x84}},
	{{0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6}, {0xA1, 0xAF, 0xBA, 0xBF, 0xC0, 0x85}},
	{{0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB}, {0xA2, 0xC1, 0xC2, 0xC3, 0xC4, 0x86}},
	{{'e', 0xCC, 0xCE, 0xCF, 0xD0, 0xD1}, {'E', 0x87, 0x88, 0x89, 0x8A, 0x8B}},
	{{0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6}, {0xA3, 0xC5, 0xCD, 0xD9, 0xDA, 0x8C}},
	{{'i', 0xD7, 0xD8, 0xDC, 0xDD, 0xDE}, {'I', 0x8D, 0x8E, 0x8F, 0x90, 0x91}},
	{{'o', 0xDF, 0xE1, 0xE2, 0xE3, 0xE4}, {'O', 0x92, 0x93, 0x94, 0x95, 0x96}},
	{{0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9}, {0xA4, 0xDB, 0xE0, 0xF0, 0xFF, 0x97}},
	{{0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE}, {0xA5, 0x98, 0x99, 0x9A, 0x9B, 0x9C}},
	{{'u', 0xEF, 0xF1, 0xF2, 0xF3, 0xF4}, {'U', 0x9D, 0x9E, 0x9F, 0x01, 0x02}},
	{{0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9}, {0xA6, 0x04, 0x05, 0x06, 0x11, 0x12}},
	{{'y', 0xFA, 0xFB, 0xFC, 0xFD, 0xFE}, {'Y', 0x13, 0x14, 0x15, 0x16, 0x17}},
}

func tcvn3Table() map[rune]byte {
	m := map[rune]byte{'đ': 0xAE, 'Đ': 0xA7}
	for i, row := range vowelRows {
		for j, f := range strings.Fields(row) {
			lower, _ := utf8.DecodeRuneInString(f)
			m[lower] = tcvn3Bytes[i][0][j]
			m[unicode.ToUpper(lower)] = tcvn3Bytes[i][1][j]
		}
	}
	return m
}

// encodeTCVN3 writes s in TCVN3 as it reads back through a Latin-1 decoder. With capitalsFont,
// capital letters that TCVN3 proper lacks are written with the lower-case code, as the .VnTimeH
// fonts have them.
func encodeTCVN3(t *testing.T, s string, capitalsFont bool) string {
	t.Helper()
	table := tcvn3Table()
	var b strings.Builder
	for _, r := range s {
		if capitalsFont && r > 0x7F && unicode.IsUpper(r) {
			r = unicode.ToLower(r)
		}
		switch c, ok := table[r]; {
		case ok:
			b.WriteRune(rune(c)) // Latin-1: byte value = code point
		case r < 0x80:
			b.WriteRune(r)
		default:
			t.Fatalf("encodeTCVN3: no code for %q", r)
		}
	}
	return b.String()
}

// encodeVNI writes s in VNI-Windows, built from the decomposition of each letter.
func encodeVNI(t *testing.T, s string, lowerModifiers bool) string {
	t.Helper()
	toneMod := map[rune]rune{'\u0300': 'ø', '\u0301': 'ù', '\u0309': 'û', '\u0303': 'õ', '\u0323': 'ï'}
	circMod := map[rune]rune{0: 'â', '\u0300': 'à', '\u0301': 'á', '\u0309': 'å', '\u0303': 'ã', '\u0323': 'ä'}
	breveMod := map[rune]rune{0: 'ê', '\u0300': 'è', '\u0301': 'é', '\u0309': 'ú', '\u0303': 'ü', '\u0323': 'ë'}
	iLetter := map[rune]rune{'\u0300': 'ì', '\u0301': 'í', '\u0309': 'æ', '\u0303': 'ó', '\u0323': 'ò'}
	var b strings.Builder
	for _, r := range s {
		upper := unicode.IsUpper(r)
		cased := func(c rune) rune {
			if upper && !(lowerModifiers && b.Len() > 0 && strings.ContainsRune("øùûõïâàáåãäêèéúüë", c)) {
				return unicode.ToUpper(c)
			}
			return c
		}
		if r == 'đ' || r == 'Đ' {
			b.WriteRune(cased('ñ'))
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		base := unicode.ToLower(d[0])
		var mark, tone rune
		for _, m := range d[1:] {
			switch m {
			case '\u0302', '\u0306', '\u031B':
				mark = m
			default:
				tone = m
			}
		}
		switch {
		case len(d) == 1:
			b.WriteRune(r)
		case base == 'i' && mark == 0:
			b.WriteRune(cased(iLetter[tone]))
		case base == 'y' && tone == '\u0323':
			b.WriteRune(cased('î'))
		case mark == '\u031B': // horn: ơ is ô, ư is ö, then the tone
			b.WriteRune(cased(map[rune]rune{'o': 'ô', 'u': 'ö'}[base]))
			if tone != 0 {
				b.WriteRune(cased(toneMod[tone]))
			}
		case mark == '\u0302':
			b.WriteRune(d[0])
			b.WriteRune(cased(circMod[tone]))
		case mark == '\u0306':
			b.WriteRune(d[0])
			b.WriteRune(cased(breveMod[tone]))
		case mark == 0 && tone != 0:
			b.WriteRune(d[0])
			b.WriteRune(cased(toneMod[tone]))
		default:
			t.Fatalf("encodeVNI: no code for %q", r)
		}
	}
	return b.String()
}

func TestLegacyParagraphHasEveryLetter(t *testing.T) {
	letters := map[rune]bool{}
	for _, r := range paragraph {
		letters[r] = true
	}
	for r := range tcvn3Table() {
		if !letters[r] {
			t.Errorf("paragraph lacks %q", r)
		}
	}
	nonASCII := 0
	for r := range tcvn3Table() {
		if r > 0x7F {
			nonASCII++
		}
	}
	// 12 vowels × 6 tones − 6 plain ASCII vowels + đ = 67 letters, in two cases.
	if got, want := nonASCII, 134; got != want {
		t.Errorf("non-ASCII letters in the TCVN3 table = %d, want %d", got, want)
	}
}

func TestFromTCVN3RoundTrip(t *testing.T) {
	enc := encodeTCVN3(t, paragraph, false)
	if got := vn.FromTCVN3(enc); got != paragraph {
		t.Errorf("FromTCVN3(encode(paragraph)) differs:\n got: %q\nwant: %q", got, paragraph)
	}
	// Headings typed in a .VnTimeH capitals font.
	for _, heading := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"ỦY BAN NHÂN DÂN XÃ ĐỨC HÒA",
		"QUYẾT ĐỊNH VỀ VIỆC BỔ NHIỆM LẠI CÁN BỘ",
		"NGUYỄN PHƯỚC LỘC",
		"ĐẢNG ỦY PHƯỜNG BẾN THÀNH", // "®¶NG" is recognised by its other capitals
	} {
		enc := encodeTCVN3(t, heading, true)
		if got := vn.FromTCVN3(enc); got != heading {
			t.Errorf("FromTCVN3(%q) = %q, want %q", enc, got, heading)
		}
	}
}

func TestFromTCVN3(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NguyÔn V¨n A", "Nguyễn Văn A"},
		{"B¸t X¸t", "Bát Xát"},
		{"B¶o Th¾ng", "Bảo Thắng"},
		{"M\u00adêng Kh\u00ad¬ng", "Mường Khương"},
		{"Mêng Kh¬ng", "Mờng Khơng"}, // the soft hyphen (ư) was lost on the way: not repairable
		{"NGUYÔN V¨N A", "NGUYỄN VĂN A"},
		{"Lª", "Lê"},       // could have been LÊ in a capitals font: the bytes do not say
		{"Lª Hµ", "Lê Hà"}, // title case, not a capitals line
		{"A µ ¸", "A à á"}, // single letters: no second capital shows a capitals font
		{"®øC", "ĐỨC"},
		{"UBND X· AN PHó", "UBND XÃ AN PHÚ"},
		{"¤ng NGUYÔN V¨n A", "Ông NGUYỄN Văn A"},
		{"a\u00b0", "à"},              // combining grave accent at 0xB0
		{"“Tr\u00adêng”", "“Trường”"}, // Windows-1252 curly quotes are kept
		{"plain ASCII text", "plain ASCII text"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := vn.FromTCVN3(tt.in); got != tt.want {
			t.Errorf("FromTCVN3(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFromVNIRoundTrip(t *testing.T) {
	for _, lowerMods := range []bool{false, true} {
		enc := encodeVNI(t, paragraph, lowerMods)
		if got := vn.FromVNI(enc); got != paragraph {
			t.Errorf("FromVNI(encode(paragraph, lower modifiers %v)) differs:\n got: %q\nwant: %q", lowerMods, got, paragraph)
		}
	}
}

func TestFromVNI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguyeãn Vaên A", "Nguyễn Văn A"},
		{"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"},
		{"Tröôøng", "Trường"},
		{"ñöôïc", "được"},
		{"NGUYEÃN", "NGUYỄN"},
		{"NGUYEãN", "NGUYỄN"}, // modifier case does not matter
		{"Nguyeãn Phöôùc Loäc", "Nguyễn Phước Lộc"},
		{"uâ", "uâ"}, // u takes no circumflex: left as it is
		{"plain ASCII text", "plain ASCII text"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := vn.FromVNI(tt.in); got != tt.want {
			t.Errorf("FromVNI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectLegacy(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tcvn3 name", "NguyÔn V¨n A", "tcvn3"},
		{"tcvn3 short", "Lª V¨n T¸m", "tcvn3"},
		{"vni name", "Nguyeãn Vaên A", "vni"},
		{"vni sentence", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni"},
		{"unicode", "Nguyễn Văn A", ""},
		{"unicode latin-1 only", "Hoàng Anh", ""},
		{"unicode o with grave and acute", "Toán, Hoàng, Khoá, ngoãn", ""},
		{"unicode capitals latin-1 only", "HOÀNG TOÁN", ""},
		{"ascii", "Hello world", ""},
		{"french", "Café au lait, crème brûlée", ""},
		{"guillemets", "«Bonjour»", ""},
		{"symbols", "Price 5¢ ©2020", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := vn.DetectLegacy(tt.in); got != tt.want {
				t.Errorf("DetectLegacy(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	// Whole documents in each encoding.
	if got := vn.DetectLegacy(encodeTCVN3(t, paragraph, false)); got != "tcvn3" {
		t.Errorf("DetectLegacy(TCVN3 paragraph) = %q, want tcvn3", got)
	}
	if got := vn.DetectLegacy(encodeVNI(t, paragraph, false)); got != "vni" {
		t.Errorf("DetectLegacy(VNI paragraph) = %q, want vni", got)
	}
	if got := vn.DetectLegacy(paragraph); got != "" {
		t.Errorf("DetectLegacy(Unicode paragraph) = %q, want \"\"", got)
	}
}

func isASCIIPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

func FuzzFromTCVN3(f *testing.F) {
	f.Add("NguyÔn V¨n A")
	f.Add("NGUYÔN\nV¨N")
	f.Add("a\u00b0\u00b1")
	f.Add("\x01\x02\xff")
	f.Fuzz(func(t *testing.T, s string) {
		got := vn.FromTCVN3(s)
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("FromTCVN3(%q) = %q, not valid NFC UTF-8", s, got)
		}
		if isASCIIPrintable(s) && got != s {
			t.Fatalf("FromTCVN3(%q) = %q, changed plain ASCII", s, got)
		}
		_ = vn.DetectLegacy(s)
	})
}

func FuzzFromVNI(f *testing.F) {
	f.Add("Nguyeãn Vaên A")
	f.Add("ôøöù")
	f.Add("aâø\xff")
	f.Fuzz(func(t *testing.T, s string) {
		got := vn.FromVNI(s)
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("FromVNI(%q) = %q, not valid NFC UTF-8", s, got)
		}
		if isASCIIPrintable(s) && got != s {
			t.Fatalf("FromVNI(%q) = %q, changed plain ASCII", s, got)
		}
	})
}
