package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"canbo"
	"canbo/audit"
)

// regulationColumns are the export's columns: word keys of web/locale and widths in characters.
var regulationColumns = []struct {
	key   string
	width float64
}{{"reg.xlsx.no", 6}, {"reg.number", 20}, {"reg.kind", 12}, {"reg.name", 50}, {"reg.issuer.name", 32}, {"reg.signed", 12},
	{"reg.effective", 14}, {"reg.expires", 14}, {"reg.status", 24}, {"reg.implements", 36}, {"reg.replaces", 24},
	{"reg.amends", 24}, {"reg.replacedby", 24}, {"reg.amendedby", 24}, {"reg.review", 14}}

// regulationsExport answers GET /regulations/export.xlsx: the registry list with the page's
// filters (in force on a day, search words), every document of it, with its status on the day
// and its links, as a workbook for the annual review of the registry. Audited like every export.
func (s *Server) regulationsExport(w http.ResponseWriter, r *http.Request) {
	f, err := s.regulationFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	f.Offset, f.Limit, f.Full = 0, 0, true // the store's cap: a registry holds hundreds of documents
	list, total, err := s.Regulations.Regulations(r.Context(), f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if total > len(list) {
		s.error(w, r, canbo.Invalid("q", "err.web.regulations_xlsx.too_many", total, len(list)))
		return
	}
	if err := s.Audit.Audit(r.Context(), &audit.Event{Action: "export", Entity: "regulations", EntityID: r.URL.RawQuery,
		After: audit.Redact(map[string]string{"rows": strconv.Itoa(len(list))})}); err != nil {
		s.error(w, r, err)
		return
	}
	on := f.AsOf
	if !f.InForceOn.IsZero() {
		on = f.InForceOn
	}
	lng := lang(r)
	var filters []string
	if !f.InForceOn.IsZero() {
		filters = append(filters, translate(lng, "reg.inforce.on")+": "+fmtDay(f.InForceOn))
	}
	if f.Q != "" {
		filters = append(filters, translate(lng, "reg.search")+": "+f.Q)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="so-van-ban-`+isoDay(on)+`.xlsx"`)
	meta := xlsxList{Title: translate(lng, "reg.xlsx"), AsOf: on, Filters: filters, By: canbo.UserFromContext(r.Context()).Username,
		At: s.Now(), Lang: lng}
	if err := writeRegulationsXLSX(w, meta, list); err != nil {
		s.Log.Error("regulations export", "err", err)
	}
}

// writeRegulationsXLSX writes the documents, one a row: days are Excel dates, the status is
// worded in the reader's language, links are the other documents' numbers.
func writeRegulationsXLSX(w io.Writer, l xlsxList, list []*canbo.Regulation) error {
	for _, c := range regulationColumns {
		l.Columns = append(l.Columns, xlsxColumn{Name: translate(l.Lang, c.key), Width: c.width, Wrap: c.key == "reg.name" || c.key == "reg.implements"})
	}
	numbers := func(ls []canbo.RegLink) string {
		out := make([]string, len(ls))
		for i, x := range ls {
			out[i] = x.Number
		}
		return strings.Join(out, "; ")
	}
	rows := make([][]any, 0, len(list))
	for i, reg := range list {
		var central []string
		for _, c := range reg.Implements {
			s := c.Number
			if c.Issuer != "" {
				s += " (" + c.Issuer + ")"
			}
			if !c.Date.IsZero() {
				s += " " + fmtDay(c.Date)
			}
			central = append(central, s)
		}
		rows = append(rows, []any{i + 1, reg.Number, translate(l.Lang, "reg.kind."+string(reg.Kind)), reg.Title, reg.IssuerName,
			reg.SignedOn, reg.EffectiveFrom, reg.ExpiresOn, translate(l.Lang, "reg.status."+string(reg.Status)),
			strings.Join(central, "; "), numbers(reg.ReplacesDocs), numbers(reg.AmendsDocs), numbers(reg.ReplacedBy),
			numbers(reg.AmendedBy), reg.NextReview})
	}
	return writeXLSXList(w, l, rows)
}
