package adminunits

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"canbo"
)

// Change is how an old unit went into a new one, read from the note column ("Ghi chú") of a
// conversion table. The notes are free text typed by many hands, so they are classified by
// meaning, not compared as strings.
type Change int

// The changes a note can describe.
const (
	// ChangeUnknown: the note is empty or not understood. ParseConversion never returns it: it
	// infers a change from context and reports a Problem instead.
	ChangeUnknown Change = iota
	// ChangeWhole: "Nhập toàn bộ…": the whole old unit goes into the new one.
	ChangeWhole
	// ChangePartial: "Nhập một phần…", "Phần còn lại sau khi tách…", "Đổi tên từ một phần…":
	// part of the old unit goes into the new one; the rest goes elsewhere.
	ChangePartial
	// ChangeUnchanged: "Giữ nguyên", "Đổi tên", "Đổi loại hình", or one commune turned into a
	// đặc khu by itself: the same unit continues, perhaps renamed or of another kind.
	ChangeUnchanged
	// ChangeDistrictToZone: "Sắp xếp toàn bộ huyện X thành đặc khu X": an island district that
	// had no communes becomes a special zone; the row has no old commune.
	ChangeDistrictToZone
)

// String returns the Vietnamese label of c, for messages.
func (c Change) String() string {
	switch c {
	case ChangeWhole:
		return "nhập toàn bộ"
	case ChangePartial:
		return "nhập một phần"
	case ChangeUnchanged:
		return "giữ nguyên"
	case ChangeDistrictToZone:
		return "huyện thành đặc khu"
	}
	return "không rõ"
}

// ConversionRow is one understood row of a conversion table: one old unit (or part of it) going
// into one new commune-level unit. Text is NFC with single spaces; codes are all digits and of
// full width (5 for communes, 3 for districts, 2 for provinces).
type ConversionRow struct {
	Line int // physical line of the file where the record starts (records may span lines)

	ProvinceName string // new province, without its code: "Thành phố Hà Nội"
	ProvinceCode string // "01"
	NewName      string // as written in the table; the official list may spell it differently
	NewCode      string

	// OldCode is empty for island districts that become special zones (ChangeDistrictToZone)
	// and for territory that is not an administrative unit (OldName then says what it is).
	OldName string
	OldCode string

	Note     string // the note as written (cleaned)
	Change   Change
	Inferred bool // Change was worked out from context because the note was empty or not understood

	OldDistrictName string // "Quận Ba Đình"
	OldDistrictCode string // "001"; may be empty if the file has no code (reported as a Problem)
	OldProvinceName string
	OldProvinceCode string
}

// Problem is something in the input that does not fit: a row that cannot be understood (and was
// left out), a value that was repaired, or a disagreement between lists. Messages are in
// Vietnamese because they are shown to the people who prepared the file.
type Problem struct {
	File     string // which file, when there are several; empty for a single user file
	Line     int    // physical line where the record starts; 0 when not about one line
	Column   string // column header as written in the file; empty when about the whole row
	Code     string // the unit code it is about, when there is one
	Message  string
	Resolved bool // true when the value was repaired or explained and the result can be used
}

// String formats p as `dòng 123, cột "Mã Xã cũ": "12a45" không phải mã 5 chữ số`.
func (p Problem) String() string {
	var where []string
	if p.File != "" {
		where = append(where, "tệp "+p.File)
	}
	if p.Line > 0 {
		where = append(where, fmt.Sprintf("dòng %d", p.Line))
	}
	if p.Column != "" {
		where = append(where, fmt.Sprintf("cột %q", p.Column))
	}
	if len(where) == 0 {
		return p.Message
	}
	return strings.Join(where, ", ") + ": " + p.Message
}

// The columns a conversion table must have, recognised by header text in any order.
const (
	colProvince = iota
	colNewName
	colNewCode
	colOldName
	colOldCode
	colNote
	colOldDistrict
	colOldProvince
	numColumns
)

// columnNames are the headers of the official table; columnKeys their folded forms without
// punctuation, which is how a user's header row is matched ("Mã xã mới", "MÃ XÃ MỚI" and
// "Ma xa moi" all match).
var (
	columnNames = [numColumns]string{"Tỉnh, thành phố", "Tên Xã mới", "Mã Xã mới", "Tên Xã cũ",
		"Mã Xã cũ", "Ghi chú", "Quận/huyện", "Tỉnh cũ"}
	columnKeys [numColumns]string
)

func init() {
	for i, n := range columnNames {
		columnKeys[i] = headerKey(n)
	}
}

func headerKey(s string) string {
	f := fold(clean(s))
	var b strings.Builder
	for _, r := range f {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxHeaderSearch is how many records may precede the header row (titles, blank lines).
const maxHeaderSearch = 10

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseConversion reads a conversion table in CSV: the official one, or a user's file laid out
// the same way. It is lenient where a person would be (title rows above the header, columns in
// any order, province banner rows, codes in brackets after names, line breaks and doubled spaces
// inside cells, leading zeros dropped by a spreadsheet, typos in notes, empty notes) and strict
// where guessing would corrupt data: a row it cannot understand is left out and reported as a
// Problem with its line and column, never guessed. The error is non-nil only when the file
// cannot be read as such a table at all (not CSV, no recognisable header); it is then a
// *canbo.Error with code EINVALID, or an I/O error from r.
func ParseConversion(r io.Reader) ([]ConversionRow, []Problem, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true

	p := &convParser{provCodes: map[string]string{}, provNames: map[string]string{},
		provCells: map[string]provCell{}, notes: map[string]noteClass{}}
	if err := p.readHeader(cr); err != nil {
		return nil, nil, err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			p.problem(pe.StartLine, "", "", false, "dòng không đọc được theo định dạng CSV (%s); đã bỏ qua", csvReason(pe.Err))
			continue
		} else if err != nil {
			return nil, nil, fmt.Errorf("adminunits: reading conversion table: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p.record(rec, line)
	}
	if p.banner.pending {
		p.problem(p.banner.line, p.header[colProvince], "", true, "dòng tiêu đề tỉnh %q không có dòng dữ liệu nào theo sau", p.banner.text)
	}
	p.inferFromContext()
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
	return p.rows, p.problems, nil
}

func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `có dấu " ở giữa một ô không nằm trong ngoặc kép`
	case errors.Is(err, csv.ErrQuote):
		return `dấu " mở ngoặc kép không được đóng đúng chỗ`
	}
	return err.Error()
}

type convParser struct {
	idx    [numColumns]int
	header [numColumns]string // as written in the file

	rows     []ConversionRow
	problems []Problem

	banner struct {
		line    int
		text    string
		pending bool // no data row since the banner yet
	}
	last      ConversionRow     // the previous understood row, for empty province cells
	provCodes map[string]string // looseKey(province name) → code, to fill a missing code
	provNames map[string]string // code → province name, to catch one code under two names
	provCells map[string]provCell
	notes     map[string]noteClass // note text → its reading, since a few notes repeat thousands of times
	cleaned   cleanCache
}

// provCell is a province cell already read: most rows repeat the one above.
type provCell struct {
	name, code string
}

func (p *convParser) problem(line int, column, code string, resolved bool, format string, args ...any) {
	p.problems = append(p.problems, Problem{Line: line, Column: column, Code: code,
		Message: fmt.Sprintf(format, args...), Resolved: resolved})
}

func (p *convParser) readHeader(cr *csv.Reader) error {
	for n := 0; n < maxHeaderSearch; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			if n == 0 {
				return canbo.Invalid("file", "err.adminunits.conversion.empty")
			}
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			continue // a title row that is not valid CSV; the header may still follow
		} else if err != nil {
			return fmt.Errorf("adminunits: reading conversion table: %w", err)
		}
		line, _ := cr.FieldPos(0)
		var found [numColumns]int
		for i := range found {
			found[i] = -1
		}
		matches := 0
		for i, cell := range rec {
			k := headerKey(cell)
			for c, want := range columnKeys {
				if k != want {
					continue
				}
				if found[c] >= 0 {
					return canbo.Invalid("file", "err.adminunits.conversion.column_twice", line, columnNames[c])
				}
				found[c] = i
				p.header[c] = clean(cell)
				matches++
			}
		}
		if matches == 0 {
			continue
		}
		if matches < 3 { // a title row that happens to contain one header word
			continue
		}
		if matches < numColumns {
			var missing []string
			for c, i := range found {
				if i < 0 {
					missing = append(missing, fmt.Sprintf("%q", columnNames[c]))
				}
			}
			return canbo.Invalid("file", "err.adminunits.conversion.columns_missing", line, strings.Join(missing, ", "))
		}
		p.idx = found
		return nil
	}
	want := make([]string, numColumns)
	for i, n := range columnNames {
		want[i] = fmt.Sprintf("%q", n)
	}
	return canbo.Invalid("file", "err.adminunits.conversion.no_header",
		strings.Join(want, ", "), maxHeaderSearch)
}

// record handles one CSV record that starts on line.
func (p *convParser) record(rec []string, line int) {
	var f [numColumns]string
	nonEmpty := 0
	for c := range f {
		i := p.idx[c]
		if i >= len(rec) {
			continue
		}
		raw := rec[i]
		if !utf8.ValidString(raw) {
			p.problem(line, p.header[c], "", false, "ô có ký tự không phải UTF-8 (tệp lưu bằng bảng mã khác?); đã bỏ qua dòng")
			return
		}
		if c == colProvince || c == colNote || c == colOldDistrict || c == colOldProvince {
			f[c] = p.cleaned.get(raw) // these repeat on thousands of rows
		} else {
			f[c] = clean(raw)
		}
		if f[c] != "" {
			nonEmpty++
		}
	}
	if nonEmpty == 0 {
		return // a blank row
	}
	if nonEmpty == 1 && f[colProvince] != "" {
		// A province banner ("THÀNH PHỐ HÀ NỘI"); the rows below carry their own province.
		if p.banner.pending {
			p.problem(p.banner.line, p.header[colProvince], "", true, "dòng tiêu đề tỉnh %q không có dòng dữ liệu nào theo sau", p.banner.text)
		}
		p.banner.line, p.banner.text, p.banner.pending = line, f[colProvince], true
		return
	}

	row := ConversionRow{Line: line}
	if !p.province(&row, f[colProvince]) {
		return
	}
	ok := true
	row.NewCode, ok = p.code(line, colNewCode, f[colNewCode], 5, true)
	if !ok {
		return
	}
	row.NewName = f[colNewName]
	if row.NewName == "" {
		p.problem(line, p.header[colNewName], row.NewCode, false, "thiếu tên đơn vị mới; đã bỏ qua dòng")
		return
	}
	row.OldCode, ok = p.code(line, colOldCode, f[colOldCode], 5, false)
	if !ok {
		return
	}
	row.OldName = f[colOldName]
	row.Note = f[colNote]
	row.Change = p.classify(line, row.Note)

	row.OldDistrictName, row.OldDistrictCode = p.named(line, colOldDistrict, f[colOldDistrict], 3)
	row.OldProvinceName, row.OldProvinceCode = p.named(line, colOldProvince, f[colOldProvince], 2)

	if row.OldCode == "" && row.Change != ChangeDistrictToZone {
		switch {
		case row.OldName == "":
			p.problem(line, p.header[colOldName], row.NewCode, false, "thiếu cả tên và mã đơn vị cũ; đã bỏ qua dòng")
			return
		case startsWithKind(row.OldName, communeKinds):
			p.problem(line, p.header[colOldCode], "", false, "%q thiếu mã đơn vị cũ", row.OldName)
		default:
			p.problem(line, p.header[colOldName], "", true, "%q không phải đơn vị hành chính cấp xã: ghi nhận là phần lãnh thổ không có mã, nhập vào %q", row.OldName, row.NewName)
		}
	}
	if row.Change == ChangeDistrictToZone && row.OldDistrictCode == "" {
		p.problem(line, p.header[colOldDistrict], row.NewCode, false, "ghi chú nói cả huyện thành đặc khu nhưng không có mã huyện")
	}
	p.rows = append(p.rows, row)
	p.last = row
}

func startsWithKind(name string, kinds []string) bool {
	_, _, ok := splitKind(name, kinds)
	return ok
}

// province fills the new province of row from the cell, or from context when the cell is empty.
func (p *convParser) province(row *ConversionRow, cell string) bool {
	col := p.header[colProvince]
	if cell == "" {
		// Decide from context: the banner above, if it names a known province, else the row above.
		switch {
		case p.banner.pending:
			name, code, _ := splitCode(p.banner.text)
			if code == "" {
				code = p.provCodes[looseKey(name, provinceKinds)]
			}
			if c, _, ok := padCode(code, 2); ok {
				if known, ok := p.provNames[c]; ok {
					name = known
				}
				row.ProvinceName, row.ProvinceCode = name, c
				p.problem(row.Line, col, c, true, "thiếu tỉnh, thành phố; lấy theo dòng tiêu đề tỉnh %q", p.banner.text)
				break
			}
			p.problem(row.Line, col, "", false, "thiếu tỉnh, thành phố và dòng tiêu đề tỉnh %q không cho biết mã tỉnh; đã bỏ qua dòng", p.banner.text)
			return false
		case p.last.ProvinceCode != "":
			row.ProvinceName, row.ProvinceCode = p.last.ProvinceName, p.last.ProvinceCode
			p.problem(row.Line, col, row.ProvinceCode, true, "thiếu tỉnh, thành phố; lấy theo dòng trên: %q", row.ProvinceName)
		default:
			p.problem(row.Line, col, "", false, "thiếu tỉnh, thành phố và không suy ra được từ dòng trên; đã bỏ qua dòng")
			return false
		}
	} else if pc, ok := p.provCells[cell]; ok {
		row.ProvinceName, row.ProvinceCode = pc.name, pc.code
	} else {
		name, code, bad := splitCode(cell)
		if bad != "" {
			p.problem(row.Line, col, "", false, "%q trong ngoặc không phải mã tỉnh; đã bỏ qua dòng", bad)
			return false
		}
		if code == "" {
			code = p.provCodes[looseKey(name, provinceKinds)]
			if code == "" {
				p.problem(row.Line, col, "", false, "%q thiếu mã tỉnh trong ngoặc, ví dụ \"(01)\"; đã bỏ qua dòng", cell)
				return false
			}
			p.problem(row.Line, col, code, true, "%q thiếu mã tỉnh; lấy mã %q theo các dòng khác", cell, code)
		}
		c, padded, ok := padCode(code, 2)
		if !ok {
			p.problem(row.Line, col, "", false, "%q không phải mã tỉnh 2 chữ số; đã bỏ qua dòng", code)
			return false
		}
		if padded {
			p.problem(row.Line, col, c, true, "mã tỉnh %q thiếu số 0 đứng đầu; hiểu là %q", code, c)
		}
		row.ProvinceName, row.ProvinceCode = name, c
		key := looseKey(name, provinceKinds)
		if prev, ok := p.provNames[c]; ok && looseKey(prev, provinceKinds) != key {
			p.problem(row.Line, col, c, false, "mã tỉnh %q đã dùng cho %q ở dòng trên, nay ghi cho %q", c, prev, name)
		} else if !ok {
			p.provNames[c] = name
		}
		if _, ok := p.provCodes[key]; !ok {
			p.provCodes[key] = c
		}
		if !padded && code != "" && c == code {
			p.provCells[cell] = provCell{name, c}
		}
	}
	if p.banner.pending {
		p.banner.pending = false
		bname, _, _ := splitCode(p.banner.text)
		if looseKey(bname, provinceKinds) != looseKey(row.ProvinceName, provinceKinds) {
			p.problem(p.banner.line, col, "", true, "dòng tiêu đề tỉnh %q không khớp với các dòng bên dưới (%q); dùng tỉnh ghi trên từng dòng",
				p.banner.text, row.ProvinceName)
		}
	}
	return true
}

// code validates a unit code cell of the given width.
func (p *convParser) code(line, col int, cell string, width int, required bool) (string, bool) {
	if cell == "" {
		if required {
			p.problem(line, p.header[col], "", false, "thiếu mã; đã bỏ qua dòng")
			return "", false
		}
		return "", true
	}
	c, padded, ok := padCode(cell, width)
	if !ok {
		p.problem(line, p.header[col], "", false, "%q không phải mã %d chữ số; đã bỏ qua dòng", cell, width)
		return "", false
	}
	if padded {
		p.problem(line, p.header[col], c, true, "mã %q thiếu số 0 đứng đầu; hiểu là %q", cell, c)
	}
	return c, true
}

// named splits "Quận Ba Đình (001)" and validates the code; problems here do not drop the row,
// because the old district and province are for checking and can be found from the old code.
func (p *convParser) named(line, col int, cell string, width int) (name, code string) {
	if cell == "" {
		return "", ""
	}
	name, code, bad := splitCode(cell)
	if bad != "" {
		p.problem(line, p.header[col], "", false, "%q trong ngoặc không phải mã %d chữ số", bad, width)
		return name, ""
	}
	if code == "" {
		return name, ""
	}
	c, padded, ok := padCode(code, width)
	if !ok {
		p.problem(line, p.header[col], "", false, "%q không phải mã %d chữ số", code, width)
		return name, ""
	}
	if padded {
		p.problem(line, p.header[col], c, true, "mã %q thiếu số 0 đứng đầu; hiểu là %q", code, c)
	}
	return name, c
}

// notePhrases are the correctly spelt openings of the notes; a note that folds to one of them
// but is spelt otherwise ("Nhâp một phần") is understood and its spelling reported.
var notePhrases = []string{"Nhập toàn bộ", "Nhập một phần", "Giữ nguyên", "Đổi tên", "Đổi loại hình",
	"Sắp xếp toàn bộ", "Phần còn lại"}

// classify reads a note. Folding first makes the typos of the real table ("Nhâp một phần diện
// tích", "Nhập một  phần", trailing line breaks) read like the intended words.
func (p *convParser) classify(line int, note string) Change {
	if c, ok := p.notes[note]; ok {
		if c.typo != "" {
			p.problem(line, p.header[colNote], "", true, "%s", c.typo)
		}
		return c.change
	}
	c, typo := classifyNote(note)
	if typo != "" {
		p.problem(line, p.header[colNote], "", true, "%s", typo)
	}
	p.notes[note] = noteClass{c, typo}
	return c
}

type noteClass struct {
	change Change
	typo   string // message about a misspelling, if any
}

func classifyNote(note string) (Change, string) {
	f := fold(note)
	var c Change
	switch {
	case f == "":
		return ChangeUnknown, ""
	case strings.HasPrefix(f, "sap xep toan bo huyen"):
		c = ChangeDistrictToZone
	case strings.HasPrefix(f, "sap xep toan bo"):
		c = ChangeWhole // one commune alone becoming a đặc khu is turned into ChangeUnchanged from context
	case strings.Contains(f, "mot phan") || strings.HasPrefix(f, "phan con lai"):
		c = ChangePartial
	case strings.HasPrefix(f, "nhap toan bo"):
		c = ChangeWhole
	case strings.HasPrefix(f, "giu nguyen"), strings.HasPrefix(f, "doi ten"), strings.HasPrefix(f, "doi loai hinh"):
		c = ChangeUnchanged
	default:
		return ChangeUnknown, ""
	}
	lower := strings.ToLower(note)
	for _, ph := range notePhrases {
		if strings.HasPrefix(f, fold(ph)) && !strings.HasPrefix(lower, strings.ToLower(ph)) {
			return c, fmt.Sprintf("ghi chú %q viết sai chính tả; hiểu là %q (%s)", note, ph, c)
		}
	}
	return c, ""
}

// inferFromContext decides the change of rows whose note was empty or not understood, and tells
// a commune that becomes a đặc khu by itself (Thổ Châu) from one merged with others.
func (p *convParser) inferFromContext() {
	perOld := map[string]int{}
	perNew := map[string]int{}
	for _, r := range p.rows {
		if r.OldCode != "" {
			perOld[r.OldCode]++
		}
		perNew[r.NewCode]++
	}
	for i := range p.rows {
		r := &p.rows[i]
		alone := r.OldCode != "" && perOld[r.OldCode] == 1 && perNew[r.NewCode] == 1
		if r.Change == ChangeWhole && strings.HasPrefix(fold(r.Note), "sap xep toan bo") && alone {
			r.Change = ChangeUnchanged
			continue
		}
		if r.Change != ChangeUnknown {
			continue
		}
		switch {
		case r.OldCode != "" && perOld[r.OldCode] > 1:
			r.Change = ChangePartial
		case alone && r.OldCode == r.NewCode:
			r.Change = ChangeUnchanged
		default:
			r.Change = ChangeWhole
		}
		r.Inferred = true
		if r.Note == "" {
			p.problem(r.Line, p.header[colNote], r.OldCode, true, "ghi chú trống; theo ngữ cảnh hiểu là %q", r.Change)
		} else {
			p.problem(r.Line, p.header[colNote], r.OldCode, false, "không hiểu ghi chú %q; tạm hiểu là %q theo ngữ cảnh", r.Note, r.Change)
		}
	}
}
