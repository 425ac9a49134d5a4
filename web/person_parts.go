package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"canbo"
	"canbo/locale"
	"canbo/photo"
	"canbo/vn"
)

// The parts of the profile beyond the personal fields: photo, place links, posts, party
// membership and timeline entries, each edited by a small form on the profile page (plain
// POSTs that redirect back, so they work without script) and by the JSON API.

// maxPhotoBody caps the body of a photo upload: the photo and a multipart envelope.
const maxPhotoBody = photo.MaxBytes + 64<<10

// isPhotoUpload tells limitBody which requests carry a photo.
func isPhotoUpload(r *http.Request) bool {
	return (r.Method == http.MethodPost || r.Method == http.MethodPut) && strings.HasSuffix(r.URL.Path, "/photo") &&
		(strings.HasPrefix(r.URL.Path, "/people/") || strings.HasPrefix(r.URL.Path, "/api/v1/people/"))
}

// showPerson renders the profile; formErr, if any, is shown beside the form named form.
func (s *Server) showPerson(w http.ResponseWriter, r *http.Request, status int, form string, formErr error) {
	p, err := s.readPerson(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	posts, entries, m, err := s.People.Timeline(r.Context(), p.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	places, err := s.People.Places(r.Context(), p.ID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	// The profile links the units it names without a day: the unit pages open them as of today.
	var named []int64
	for _, post := range posts {
		named = append(named, post.UnitID)
	}
	if m != nil {
		for _, c := range m.Cells {
			named = append(named, c.CellID)
		}
	}
	for _, l := range places {
		named = append(named, l.UnitID)
		for _, n := range l.Now {
			named = append(named, n.ID)
		}
	}
	y, mo, d := s.Now().Date()
	open, err := s.openUnits(r.Context(), time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), named...)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u := canbo.UserFromContext(r.Context())
	data := personView{Person: p, Open: open, Posts: posts, Entries: entries, Party: m, User: u,
		Saved: savedNotice(lang(r), r.URL.Query().Get("saved")), Places: places, Tables: entryTables(visibleKinds(u), entries),
		EndReasons: canbo.EndReasons, CanEdit: u != nil && u.Role.CanEdit() && s.People.MayEditPerson(r.Context(), p.ID), Today: isoDay(s.Now()),
		Form2C: form2CRows(p.Form2C, u), Statuses: canbo.PersonStatuses, OpenPrimary: openPrimary(posts)}
	standing, err := s.Lister.Standings(r.Context(), []int64{p.ID}, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	data.Status = standing[p.ID].Status
	if data.Secondments, err = s.Secondments.PersonSecondments(r.Context(), p.ID); err != nil {
		s.error(w, r, err)
		return
	}
	if data.CanEdit {
		data.Positions = s.postPositions(r.Context(), posts)
	}
	if _, at, err := s.People.Photo(r.Context(), p.ID); err == nil {
		data.PhotoVersion = strconv.FormatInt(at.Unix(), 10)
	}
	if formErr != nil {
		data.Form, data.Error, data.Field = form, canbo.LocalMessage(lang(r), formErr), canbo.ErrorField(formErr)
	}
	s.render(w, r, status, "person", page{Title: p.FullName, Section: "people", Data: data})
}

// personView is the profile page's data.
type personView struct {
	Person   *canbo.Person
	Open     map[int64]bool // units the profile may link (open today)
	Posts    []canbo.Post
	Entries  []canbo.Entry
	Party    *canbo.Membership
	User     *canbo.User
	Places   []canbo.PlaceLink
	Tables   []partTable
	Form2C   []form2CRow
	Status   string
	Statuses []string
	// EndReasons are the reasons a membership ends, for its form.
	EndReasons []string
	CanEdit    bool
	Today      string
	// Saved says what the form just saved was ("" for none), the same notice on every form.
	Saved        string
	PhotoVersion string
	// Form, Error and Field place a refused form's message beside that form and its field.
	Form, Error, Field string
	// OpenPrimary is the primary post still held, offered to end when a new primary one starts.
	OpenPrimary *canbo.Post
	// Secondments are the person's secondment records (issue 17), latest first.
	Secondments []*canbo.Secondment
	// Positions are the job positions each post still held may name (postPositions).
	Positions map[int64][]*canbo.Position
}

// savedNotice words the notice after a profile form saved: "Đã lưu …" naming what (the
// form's name from the redirect, "1" for the personal fields).
func savedNotice(lang, form string) string {
	switch {
	case form == "":
		return ""
	case strings.HasPrefix(form, "entry-"):
		return locale.Format(lang, "saved.entry", locale.Word("entry."+strings.TrimPrefix(form, "entry-")))
	case slices.Contains([]string{"posts", "party", "status", "photo", "merge"}, form):
		return translate(lang, "saved."+form)
	}
	return translate(lang, "saved.record")
}

// openPrimary is the primary post still held (the latest), nil when none.
func openPrimary(posts []canbo.Post) *canbo.Post {
	for i := range posts {
		if posts[i].Primary && posts[i].To == "" {
			return &posts[i]
		}
	}
	return nil
}

// byKind groups entries by kind, for the form's tables.
func byKind(entries []canbo.Entry) map[string][]canbo.Entry {
	m := map[string][]canbo.Entry{}
	for _, e := range entries {
		m[e.Kind] = append(m[e.Kind], e)
	}
	return m
}

// visibleKinds lists the entry kinds u may read and add.
func visibleKinds(u *canbo.User) []string {
	var out []string
	for _, k := range canbo.EntryKinds {
		if c := canbo.EntryClass(k); c == "" || u.Can(c) {
			out = append(out, k)
		}
	}
	return out
}

// partDone answers a profile form: back to the profile on success, the profile with the
// message beside the form on bad input, the error page otherwise.
func (s *Server) partDone(w http.ResponseWriter, r *http.Request, form string, err error) {
	switch canbo.ErrorCode(err) {
	case "":
		http.Redirect(w, r, "/people/"+r.PathValue("id")+"?saved="+url.QueryEscape(form)+"#"+form, http.StatusSeeOther)
	case canbo.EINVALID, canbo.ECONFLICT:
		s.showPerson(w, r, http.StatusUnprocessableEntity, form, err)
	default:
		s.error(w, r, err)
	}
}

// readUpload reads a photo of at most photo.MaxBytes from r (one byte more tells it is larger).
func readUpload(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, photo.MaxBytes+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || len(b) > photo.MaxBytes {
		return nil, canbo.Invalid("photo", "err.photo.photo.too_big", photo.MaxBytes>>20)
	}
	return b, err
}

// checkDeclared refuses an upload whose declared type disagrees with its bytes.
func checkDeclared(b []byte, declared string) error {
	if got := photo.Sniff(b); got != "" && (declared == photo.JPEG || declared == photo.PNG) && declared != got {
		return canbo.Invalid("photo", "err.photo.photo.mismatch", declared, got)
	}
	return nil
}

// photoUpload stores the "photo" file of a multipart form (UI).
func (s *Server) photoUpload(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.partDone(w, r, "photo", s.savePhotoPart(r, id))
}

func (s *Server) savePhotoPart(r *http.Request, id int64) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return canbo.Invalid("photo", "err.web.person_parts.photo_form")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return canbo.Invalid("photo", "err.photo.photo.none")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return canbo.Invalid("photo", "err.photo.photo.too_big", photo.MaxBytes>>20)
		} else if err != nil {
			return canbo.Invalid("photo", "err.web.person_parts.photo_bad_form")
		}
		if part.FormName() != "photo" {
			continue
		}
		b, err := readUpload(part)
		if err != nil {
			return err
		}
		if err := checkDeclared(b, part.Header.Get("Content-Type")); err != nil {
			return err
		}
		return s.People.SetPhoto(r.Context(), id, b)
	}
}

func (s *Server) photoDelete(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.partDone(w, r, "photo", s.People.DeletePhoto(r.Context(), id))
}

// photoGet serves the stored portrait to callers who can see the person, never cached by
// shared caches or kept on disk by the browser, and audited as a read of the record.
func (s *Server) photoGet(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	jpg, _, err := s.People.Photo(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.auditRead(r, "person.photo.read", id); err != nil {
		s.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(jpg)))
	w.Write(jpg)
}

// placeFields are the person fields a place picker may fill.
var placeFields = map[string]bool{"birth_place_unit_id": true, "home_town_unit_id": true}

// placeSearch lists the territory units whose name matches q on a day, for the place pickers of
// the profile form. Administrative units are public reference data (a ward officer records
// people born anywhere), so this one list reads them beyond the caller's scope — and it reads
// nothing but territory units.
func (s *Server) placeSearch(w http.ResponseWriter, r *http.Request) {
	on, err := asOfParam(r, s.Now())
	if err != nil {
		s.error(w, r, err)
		return
	}
	fill := r.URL.Query().Get("fill")
	if !placeFields[fill] {
		s.error(w, r, canbo.Invalid("fill", "err.web.person_parts.fill"))
		return
	}
	q, err := searchParam(r.URL.Query(), "q")
	if err != nil {
		s.error(w, r, err)
		return
	}
	var units []*canbo.Unit
	if len([]rune(q)) >= 2 {
		units, _, err = s.Org.FindUnits(canbo.SystemContext(r.Context()), canbo.UnitFilter{Hierarchy: canbo.Territory, AsOf: on, Q: q, Limit: 20})
		if err != nil {
			s.error(w, r, err)
			return
		}
	}
	s.renderFragment(w, http.StatusOK, "place-results", map[string]any{"Units": units, "Fill": fill, "Q": q, "Lang": lang(r)})
}

// postAdd adds a post from the profile form; the unit is "#id" or a code.
func (s *Server) postAdd(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	f := r.PostFormValue
	p := canbo.Post{PersonID: id, Title: f("title"), From: f("from"), To: f("to"), Primary: f("concurrent") == "",
		Document: canbo.Document{Number: f("doc_number")}, EndPrimary: f("end_primary") != ""}
	if p.UnitID, err = s.requiredUnit(r, "post.unit_id", "unit_id", "unit", postHierarchies, s.dayOr(f("from"))); err == nil {
		p.PositionID, err = optionalID("post.position_id", f("position_id"))
	}
	if err == nil {
		err = s.People.AddPost(r.Context(), &p)
	}
	s.partDone(w, r, "posts", err)
}

// dayOr is the day typed in a form, or today when it is not a valid day (the store then names
// the field): a unit is looked up as of the day it is recorded for.
func (s *Server) dayOr(typed string) time.Time {
	if d, err := vn.ParseDay(typed); err == nil && !d.IsZero() {
		return d
	}
	return s.Now()
}

func (s *Server) postEnd(w http.ResponseWriter, r *http.Request) {
	id, post, err := personAndPost(r)
	if err == nil {
		err = s.People.EndPost(r.Context(), id, post, r.PostFormValue("to"))
	}
	s.partDone(w, r, "posts", err)
}

// postPosition makes a post name a job position of its unit (empty: none) from the profile.
func (s *Server) postPosition(w http.ResponseWriter, r *http.Request) {
	id, post, err := personAndPost(r)
	var position int64
	if err == nil {
		position, err = optionalID("post.position_id", r.PostFormValue("position_id"))
	}
	if err == nil {
		err = s.Staffing.AssignPosition(r.Context(), id, post, position)
	}
	s.partDone(w, r, "posts", err)
}

// postPositions lists, per post still held, the job positions it may name (its unit's, covering
// its days), for the profile's position choosers; a post whose unit is out of the caller's
// scope gets none.
func (s *Server) postPositions(ctx context.Context, posts []canbo.Post) map[int64][]*canbo.Position {
	out := map[int64][]*canbo.Position{}
	for _, p := range posts {
		if p.To != "" {
			continue
		}
		from, err := vn.ParseDay(p.From)
		if err != nil {
			continue
		}
		if choices, err := s.Staffing.Positions(ctx, p.UnitID, from, canbo.Forever); err == nil {
			out[p.ID] = choices
		}
	}
	return out
}

// postPositionChoice answers the new-post form once a unit is chosen (htmx): the unit's job
// positions a post from the day typed may name, as a select, or nothing when it has none.
// Positions are optional — a unit without a staffing plan, or a party post, names none — so the
// title stays free text beside it; choosing a position fills an empty title with its name.
func (s *Server) postPositionChoice(w http.ResponseWriter, r *http.Request) {
	var choices []*canbo.Position
	if unit, err := optionalID("unit_id", r.URL.Query().Get("unit_id")); err == nil && unit != 0 {
		// A unit out of scope, or a bad day, offers no choice: the save then names the field.
		choices, _ = s.Staffing.Positions(r.Context(), unit, s.dayOr(r.URL.Query().Get("from")), canbo.Forever)
	}
	s.renderFragment(w, http.StatusOK, "post-position-choice", map[string]any{"Positions": choices, "Lang": lang(r)})
}

func personAndPost(r *http.Request) (int64, int64, error) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		return 0, 0, err
	}
	post, err := idParam(r.PathValue("post"))
	return id, post, err
}

// entryAdd adds a timeline entry from the profile form; detail fields are named details.KEY.
func (s *Server) entryAdd(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	e, err := entryForm(r, id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.partDone(w, r, "entry-"+e.Kind, s.People.AddEntry(r.Context(), e))
}

// entryForm reads an entry's form (adding or correcting): only the detail fields of the kind's
// table are read, so the form cannot invent others.
func entryForm(r *http.Request, id int64) (*canbo.Entry, error) {
	if err := r.ParseForm(); err != nil {
		return nil, canbo.Errork(canbo.EINVALID, "err.web.person_parts.form")
	}
	e := canbo.Entry{PersonID: id, Kind: r.PostForm.Get("kind"), From: r.PostForm.Get("from"), To: r.PostForm.Get("to"),
		Title: r.PostForm.Get("title"), Details: map[string]string{}, Document: canbo.Document{Number: r.PostForm.Get("doc_number")}}
	spec, _ := canbo.EntrySpecOf(e.Kind)
	for _, f := range spec.Columns() {
		if f.Detail && strings.TrimSpace(r.PostForm.Get(f.Name())) != "" {
			e.Details[f.Key] = r.PostForm.Get(f.Name())
		}
	}
	return &e, nil
}

// admit records the admission of a person on file from the profile's form.
func (s *Server) admit(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	m := (&partyRequest{AdmittedOn: r.PostFormValue("admitted_on"), FullOn: r.PostFormValue("full_on"),
		CardNumber: r.PostFormValue("card_number"), Decision: decisionForm(r)}).membership()
	m.PersonID = id
	if m.Cells[0].CellID, err = s.requiredUnit(r, "party.cell_id", "cell_id", "cell", cellHierarchies, s.dayOr(m.AdmittedOn)); err == nil {
		err = s.People.AdmitMember(r.Context(), m)
	}
	s.partDone(w, r, "party", err)
}

func (s *Server) transferAdd(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	t := canbo.Transfer{On: r.PostFormValue("on"), Temporary: r.PostFormValue("temporary") != "", Until: r.PostFormValue("until"), Decision: decisionForm(r)}
	if t.CellID, err = s.requiredUnit(r, "cell_id", "cell_id", "cell", cellHierarchies, s.dayOr(t.On)); err == nil {
		err = s.People.TransferMembership(r.Context(), id, &t)
	}
	s.partDone(w, r, "party", err)
}

func (s *Server) membershipSave(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	full, card := r.PostFormValue("full_on"), r.PostFormValue("card_number")
	s.partDone(w, r, "party", s.People.UpdateMembership(r.Context(), id, &canbo.MembershipPatch{FullOn: &full, CardNumber: &card}))
}

func (s *Server) membershipEnd(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	err = s.People.EndMembership(r.Context(), id, r.PostFormValue("on"), r.PostFormValue("reason"))
	if err == nil {
		// The member may have been visible only through the cell just left.
		if _, ferr := s.People.FindPerson(r.Context(), id); ferr != nil {
			http.Redirect(w, r, "/people?saved=1", http.StatusSeeOther)
			return
		}
	}
	s.partDone(w, r, "party", err)
}

// personStatus records the person's status from a day on.
func (s *Server) personStatus(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.partDone(w, r, "status", s.People.SetStatus(r.Context(), id, r.PostFormValue("status"), r.PostFormValue("since")))
}

// membershipAnswer answers a membership change with the membership as it now is, or 204 when
// the caller no longer sees the person (after the end of a membership seen only through a cell).
func (s *Server) membershipAnswer(w http.ResponseWriter, r *http.Request, id int64, status int) {
	m, err := s.People.Membership(r.Context(), id)
	if err != nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, status, m)
}

// unitRef reads a unit number typed in a form ("123" or "#123"); empty is 0 (no link), and
// anything else -1, which the store refuses as a unit that does not exist.
func unitRef(s string) int64 {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

// entryFormField is a column of a Mẫu 2C table and a box of its form. A field with Options is a
// choice from a published list: the form offers the names and sends the code.
type entryFormField struct {
	canbo.EntryField
	Options []option
}

// option is a choice of a select: the value sent and the name shown.
type option struct{ Value, Label string }

// fieldOptions are the choices a form offers for a field of a kind with a published list. The
// evaluation's rating is sent as its code; the validator stores the code in the level detail and
// the name in the title, which the table shows.
func fieldOptions(kind string, f canbo.EntryField) []option {
	if kind != canbo.EntryEvaluation || f.Key != "title" {
		return nil
	}
	out := make([]option, len(canbo.EvaluationCodes))
	for i, c := range canbo.EvaluationCodes {
		out[i] = option{c, canbo.EvaluationLevels[i]}
	}
	return out
}

// partTable is one timeline table of the profile with its add form.
type partTable struct {
	Kind   string
	Fields []entryFormField // the kind's columns (canbo.EntrySpec.Columns)
	Rows   [][]string
	IDs    []int64    // the entry of each row, for its correction forms
	Values [][]string // each row's values as its edit form shows them
}

// entryTables lays out the entries of the kinds u may see as the form's tables.
func entryTables(kinds []string, entries []canbo.Entry) []partTable {
	by := byKind(entries)
	out := make([]partTable, 0, len(kinds))
	for _, k := range kinds {
		spec, _ := canbo.EntrySpecOf(k)
		t := partTable{Kind: k}
		for _, f := range spec.Columns() {
			t.Fields = append(t.Fields, entryFormField{f, fieldOptions(k, f)})
		}
		for _, e := range by[k] {
			row := make([]string, len(t.Fields))
			for i, f := range t.Fields {
				row[i] = entryCell(e, f.EntryField)
			}
			vals := make([]string, len(t.Fields))
			for i, f := range t.Fields {
				vals[i] = entryCell(e, f.EntryField)
				if f.Detail {
					vals[i] = e.Details[f.Key]
				}
			}
			t.Rows = append(t.Rows, row)
			t.IDs = append(t.IDs, e.ID)
			t.Values = append(t.Values, vals)
		}
		out = append(out, t)
	}
	return out
}

func entryCell(e canbo.Entry, f canbo.EntryField) string {
	if f.Detail {
		return detailValue("vi", f.Key, e.Details[f.Key])
	}
	switch f.Key {
	case "from":
		return vnDate(e.From)
	case "to":
		return vnDate(e.To)
	case "title":
		return e.Title
	case "doc_number":
		return e.Document.Number
	}
	return ""
}
