package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"canbo"
)

// People carried by restructuring (issue 12): the event form asks where the people of a unit a
// split or dissolution ends go, one row per person; the preview counts what moves where; the
// administrators' repair page carries what older records left in ended units; the data-cleaning
// page lists the people left without a unit.

// CarryStore is what the server needs about people and restructuring.
type CarryStore interface {
	canbo.CarryService
	canbo.UnplacedService
}

// formPlacements reads the event form's placement fields: place_<person> is "t<k>" (the k-th
// target), "end" (with reason_<person>) or a unit reference (official code or #id) for a
// dissolution. A split places everybody not named in the first target, the form's default.
func (s *Server) formPlacements(r *http.Request, f eventForm, in canbo.EventInput) ([]canbo.Placement, error) {
	if in.Kind != canbo.EventSplit && in.Kind != canbo.EventDissolve {
		return nil, nil
	}
	r.ParseForm()
	var out []canbo.Placement
	placed := map[int64]bool{}
	for key, vals := range r.PostForm {
		idText, ok := strings.CutPrefix(key, "place_")
		if !ok {
			continue
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		v := strings.TrimSpace(vals[0])
		if err != nil || v == "" {
			continue
		}
		p := canbo.Placement{PersonID: id}
		switch {
		case v == "end":
			p.End, p.Reason = true, r.PostFormValue("reason_"+idText)
		case strings.HasPrefix(v, "t"):
			if p.Target, err = strconv.Atoi(v[1:]); err != nil {
				return nil, canbo.FieldError("placements", "Lựa chọn %q không hợp lệ.", v)
			}
		default:
			if p.UnitID, err = s.resolve(r, "placements", v, f.Hierarchy, in.Date); err != nil {
				return nil, err
			}
		}
		placed[id] = true
		out = append(out, p)
	}
	if in.Kind == canbo.EventSplit {
		people, err := s.Carry.EndedPeople(r.Context(), in)
		if err != nil {
			return nil, err
		}
		for _, p := range people {
			if !placed[p.PersonID] {
				out = append(out, canbo.Placement{PersonID: p.PersonID, Target: 1})
			}
		}
	}
	return out, nil
}

// formQuotas reads the merge preview's quota fields: quota_<staff type> is the count the
// officer wants, quota_base_<staff type> the default the preview showed. Only a count that
// differs from its default is sent, so a default stays the store's (recomputed when the
// sources change after the preview).
func formQuotas(r *http.Request, in canbo.EventInput) ([]canbo.CarriedQuota, error) {
	if in.Kind != canbo.EventMerge {
		return nil, nil
	}
	var out []canbo.CarriedQuota
	for _, st := range canbo.QuotaStaffTypes {
		v := strings.TrimSpace(r.PostFormValue("quota_" + string(st)))
		if v == "" || v == strings.TrimSpace(r.PostFormValue("quota_base_"+string(st))) {
			continue
		}
		n, err := formInt("quotas", v)
		if err != nil {
			return nil, err
		}
		out = append(out, canbo.CarriedQuota{StaffType: st, Count: n})
	}
	return out, nil
}

// carryPreview adds to the preview's data the people the event would leave (for the placement
// table) and the moves it would make.
func (s *Server) carryPreview(r *http.Request, f eventForm, in canbo.EventInput, data map[string]any) {
	if in.Kind == canbo.EventSplit || in.Kind == canbo.EventDissolve {
		if people, err := s.Carry.EndedPeople(r.Context(), in); err == nil && len(people) > 0 {
			chosen := map[int64]string{}
			for _, p := range in.Placements {
				switch {
				case p.End:
					chosen[p.PersonID] = "end"
				case p.Target != 0:
					chosen[p.PersonID] = "t" + strconv.Itoa(p.Target)
				default:
					chosen[p.PersonID] = "#" + strconv.FormatInt(p.UnitID, 10)
				}
			}
			var targets []string
			for _, t := range in.Targets {
				if t.New != nil {
					targets = append(targets, t.New.Name)
				}
			}
			data["People"], data["Chosen"], data["Targets"] = people, chosen, targets
			data["Dissolve"] = in.Kind == canbo.EventDissolve
			data["Reasons"] = r.PostForm
		}
	}
	if moves, err := s.Carry.PreviewCarry(r.Context(), in); err == nil {
		data["Moves"] = moves
	}
	if in.Kind == canbo.EventMerge {
		if quotas, err := s.Carry.PreviewQuotas(r.Context(), in); err == nil && len(quotas) > 0 {
			data["Quotas"] = quotas
		}
	}
}

// repairPage lists what the repair would carry and what it cannot (administrators).
func (s *Server) repairPage(w http.ResponseWriter, r *http.Request) {
	carried, left, err := s.Carry.RepairCarry(r.Context(), true)
	if err != nil {
		s.error(w, r, err)
		return
	}
	flash := ""
	if n := r.URL.Query().Get("done"); n != "" {
		flash = translate(lang(r), "repair.done") + " " + n
	}
	s.render(w, r, http.StatusOK, "repair", page{Title: translate(lang(r), "repair"), Section: "admin", AsOf: s.today(), Flash: flash,
		Data: map[string]any{"Carried": carried, "Left": left}})
}

// repairRun carries the stranded rows and comes back to the page.
func (s *Server) repairRun(w http.ResponseWriter, r *http.Request) {
	carried, _, err := s.Carry.RepairCarry(r.Context(), false)
	if err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/repair?done="+strconv.Itoa(len(carried)), http.StatusSeeOther)
}

// unplacedPage is the data-cleaning tab "chưa được bố trí": people whose post or cell ended with
// its unit and who hold nothing since, and rows still open in ended units without a successor.
func (s *Server) unplacedPage(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	people, err := s.Carry.Unplaced(r.Context(), on)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unplaced", page{Title: translate(lang(r), "unplaced"), Section: "cleaning", AsOf: on,
		Data: map[string]any{"People": people}})
}

// today is the server's current day.
func (s *Server) today() time.Time {
	y, m, d := s.Now().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
