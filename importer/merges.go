package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strings"

	"canbo"
)

// mergedRanges returns each sheet's merged ranges ("A4:A5") by name. excelize's GetMergeCells
// would load the whole worksheet into memory as a tree of structs — hundreds of megabytes for
// 100,000 rows, more than the rows themselves — so the sheet's XML is streamed instead and only
// its mergeCells element, which follows the rows, is kept.
func mergedRanges(data []byte, lim Limits) (map[string][]string, error) {
	broken := canbo.Invalid("file", "err.importer.read.broken")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, broken
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(files["xl/workbook.xml"], &wb); err != nil {
		return nil, broken
	}
	if err := decodePart(files["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		return nil, broken
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string][]string{}
	for _, s := range wb.Sheets {
		f := files[target[s.RID]]
		if f == nil {
			continue // a chart sheet or a missing part: excelize reports what it cannot read
		}
		ms, err := sheetMerges(f, lim)
		if err != nil {
			return nil, broken
		}
		out[s.Name] = ms
	}
	return out, nil
}

func decodePart(f *zip.File, v any) error {
	if f == nil {
		return io.ErrUnexpectedEOF
	}
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return xml.NewDecoder(io.LimitReader(r, 16<<20)).Decode(v)
}

var mergeStart = regexp.MustCompile(`<(?:\w+:)?mergeCells\b`)

var mergeRef = regexp.MustCompile(`<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"`)

// sheetMerges scans a worksheet part for its mergeCell elements, holding only a window of the
// text at a time (the unzipped size is bounded like excelize's).
func sheetMerges(f *zip.File, lim Limits) ([]string, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	br := bufio.NewReaderSize(io.LimitReader(r, lim.Unzip), 1<<16)
	var tail []byte
	var refs []string
	found := false
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		chunk := append(tail, buf[:n]...)
		if !found {
			// The element's name after '<' or a namespace prefix: text in cells is escaped.
			if i := mergeStart.FindIndex(chunk); i != nil {
				found = true
				chunk = chunk[i[0]:]
			}
		}
		if found {
			// The merges and the few elements after them are short; a file that goes on is broken.
			if len(chunk) > 32<<20 {
				return nil, io.ErrShortBuffer
			}
			tail = append([]byte(nil), chunk...)
		} else {
			tail = append(tail[:0], chunk[max(0, len(chunk)-32):]...)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if found {
		for _, m := range mergeRef.FindAllSubmatch(tail, -1) {
			refs = append(refs, string(m[1]))
		}
	}
	return refs, nil
}
