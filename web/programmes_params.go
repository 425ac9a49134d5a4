package web

import (
	"net/http"
	"strconv"
	"strings"

	"canbo"
)

// programmeRequest is the body of POST /api/v1/programmes and the fields of the page's form.
type programmeRequest struct {
	OwnerUnitID int64  `json:"owner_unit_id"`
	Year        int    `json:"year"`
	Title       string `json:"title"`
	Theme       string `json:"theme"`
}

func (q programmeRequest) programme() *canbo.Programme {
	return &canbo.Programme{OwnerUnitID: q.OwnerUnitID, Year: q.Year, Title: q.Title, Theme: q.Theme}
}

// itemRequest is the body of POST /api/v1/programmes/{id}/items and the item form.
type itemRequest struct {
	Title             string         `json:"title"`
	Kind              canbo.ItemKind `json:"kind"`
	Arising           bool           `json:"arising"`
	Due               string         `json:"due"`
	CreatedOn         string         `json:"created_on"`
	HeadPersonID      int64          `json:"head_person_id"`
	PresidingUnitID   int64          `json:"presiding_unit_id"`
	CoordinatingUnits []int64        `json:"coordinating_unit_ids"`
	Product           string         `json:"product"`
	ParentItemID      int64          `json:"parent_item_id"`
}

func (q itemRequest) item(programmeID int64) *canbo.ProgrammeItem {
	return &canbo.ProgrammeItem{ProgrammeID: programmeID, Title: q.Title, Kind: q.Kind, Arising: q.Arising, Due: q.Due,
		Created: q.CreatedOn, HeadPersonID: q.HeadPersonID, PresidingUnitID: q.PresidingUnitID,
		CoordinatingUnits: q.CoordinatingUnits, Product: q.Product, ParentItemID: q.ParentItemID}
}

// statusRequest is the body of POST /api/v1/programme-items/{id}/status and the status form.
type statusRequest struct {
	Status canbo.ItemStatus `json:"status"`
	On     string           `json:"on"`
	NewDue string           `json:"new_due"`
	Note   string           `json:"note"`
}

func (q statusRequest) change(itemID int64) *canbo.ItemStatusChange {
	return &canbo.ItemStatusChange{ItemID: itemID, Status: q.Status, On: q.On, NewDue: q.NewDue, Note: q.Note}
}

// noteRequest is a progress note.
type noteRequest struct {
	On   string `json:"on"`
	Text string `json:"text"`
}

// formID reads an optional positive id of a form field; a malformed one names the field.
func formID(r *http.Request, field string) (int64, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, canbo.Invalid(field, "err.web.programmes_params.id", field, v)
	}
	return id, nil
}

// programmeForm reads the programme form of the list page.
func programmeForm(r *http.Request) (programmeRequest, error) {
	q := programmeRequest{Title: r.PostFormValue("title"), Theme: r.PostFormValue("theme")}
	var err error
	if q.OwnerUnitID, err = formID(r, "owner_unit_id"); err != nil {
		return q, err
	}
	if y := strings.TrimSpace(r.PostFormValue("year")); y != "" {
		if q.Year, err = strconv.Atoi(y); err != nil {
			return q, canbo.Invalid("year", "err.web.programmes_params.year", y)
		}
	}
	return q, nil
}

// itemForm reads the item form of the programme page.
func itemForm(r *http.Request) (itemRequest, error) {
	q := itemRequest{Title: r.PostFormValue("title"), Kind: canbo.ItemKind(r.PostFormValue("kind")),
		Arising: r.PostFormValue("arising") == "1", Due: r.PostFormValue("due"), CreatedOn: r.PostFormValue("created_on"),
		Product: r.PostFormValue("product")}
	var err error
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"head_person_id", &q.HeadPersonID}, {"presiding_unit_id", &q.PresidingUnitID}, {"parent_item_id", &q.ParentItemID}} {
		if *f.dst, err = formID(r, f.name); err != nil {
			return q, err
		}
	}
	for _, v := range strings.FieldsFunc(r.PostFormValue("coordinating_unit_ids"), func(c rune) bool { return c == ',' || c == ' ' }) {
		id, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
		if err != nil || id <= 0 {
			return q, canbo.Invalid("coordinating_unit_ids", "err.web.programmes_params.coordinating", v)
		}
		q.CoordinatingUnits = append(q.CoordinatingUnits, id)
	}
	return q, nil
}

// statusForm reads the status form of the item page.
func statusForm(r *http.Request) statusRequest {
	return statusRequest{Status: canbo.ItemStatus(r.PostFormValue("status")), On: r.PostFormValue("on"),
		NewDue: r.PostFormValue("new_due"), Note: r.PostFormValue("note")}
}

// yearParam reads an optional year filter.
func yearParam(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("year"))
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1 {
		return 0, canbo.Invalid("year", "err.web.programmes_params.year", v)
	}
	return y, nil
}

// isEvidenceUpload reports whether a request uploads an evidence file, which may be larger
// than other bodies.
func isEvidenceUpload(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/files") &&
		(strings.HasPrefix(r.URL.Path, "/programme-items/") || strings.HasPrefix(r.URL.Path, "/api/v1/programme-items/"))
}

// maxEvidenceBody caps an evidence upload: the file and a multipart envelope.
const maxEvidenceBody = canbo.MaxEvidenceBytes + 64<<10
