package importer

import (
	"strings"

	"canbo"
	"canbo/locale"
)

// party reads a row's party-membership columns into out.Party: nothing when they are all
// empty; otherwise the admission day (a whole day: the record and the admission-age rule need
// it) and the cell, which is matched among the units like a post's unit, are required. The
// store checks the rest as AdmitMember does (the cell is a party unit in the caller's scope,
// the age at admission, the probation before the full-membership day).
func (p *parser) party(r int, out *canbo.ImportRow) {
	filled := ""
	for _, f := range []Field{PartyAdmitted, PartyFull, PartyCell, PartyCard, PartyDecision} {
		if v, cell, ok := p.cell(r, f); ok && v != "" && !isErrorValue(v) && filled == "" {
			filled = cell
		}
	}
	if filled == "" {
		return
	}
	m := &canbo.Membership{}
	day := func(f Field, key string, required bool) string {
		v, cell, ok := p.cell(r, f)
		if !ok || v == "" || isErrorValue(v) {
			if required && !isErrorValue(v) {
				if cell == "" {
					cell = filled
				}
				p.bad(r, cell, key, "", "err.importer.row.party_missing", locale.Word("import.field."+string(f)))
			}
			return ""
		}
		out.Cells[key], out.Values[key] = cell, v
		d, err := ParseDate(v, p.opt.Now)
		if err != nil || len(d) != 10 {
			p.bad(r, cell, key, v, "err.importer.row.party_day", v)
			return ""
		}
		return d
	}
	m.AdmittedOn = day(PartyAdmitted, "party.admitted_on", true)
	m.FullOn = day(PartyFull, "party.full_on", false)
	v, cell, ok := p.cell(r, PartyCell)
	switch {
	case !ok || v == "":
		if !ok {
			cell = filled
		}
		p.bad(r, cell, "party.cell_id", "", "err.importer.row.party_missing", locale.Word("import.field."+string(PartyCell)))
	case isErrorValue(v):
	default:
		out.Cells["party.cell_id"], out.Values["party.cell_id"] = cell, v
		var id int64
		if p.opt.Units != nil {
			var suggest []string
			if id, suggest = p.opt.Units.Find(v); id == 0 {
				p.bad(r, cell, "party.cell_id", v, "err.importer.row.unit_unknown", v, strings.Join(suggest, "; "))
			}
		}
		m.Cells = []canbo.CellPeriod{{CellID: id}}
	}
	if v, cell, ok := p.cell(r, PartyCard); ok && v != "" && !isErrorValue(v) {
		out.Cells["party.card_number"], out.Values["party.card_number"] = cell, v
		m.CardNumber = v
	}
	if v, cell, ok := p.cell(r, PartyDecision); ok && v != "" && !isErrorValue(v) {
		out.Cells["party.decision.number"], out.Values["party.decision.number"] = cell, v
		m.Decision.Number = v
	}
	out.Party = m
}
