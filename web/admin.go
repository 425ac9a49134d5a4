package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"canbo"
	"canbo/auth"
)

// userForm is the account form as typed: scope as unit ids or codes, one per line or comma.
type userForm struct {
	ID       int64
	Version  int64
	Username string
	Role     canbo.Role
	Scope    string
	Grants   []string
	Disabled bool
	Password string
}

func readUserForm(r *http.Request) userForm {
	r.ParseForm()
	f := userForm{Username: strings.TrimSpace(strings.ToLower(r.PostFormValue("username"))), Role: canbo.Role(r.PostFormValue("role")),
		Scope: r.PostFormValue("scope"), Grants: r.PostForm["grants"], Disabled: r.PostFormValue("disabled") == "on",
		Password: r.PostFormValue("password")}
	f.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	return f
}

// scopeIDs reads the scope field: "#12", "12" or official codes, separated by commas or lines.
func (s *Server) scopeIDs(r *http.Request, text string) ([]int64, error) {
	var ids []int64
	for _, ref := range strings.FieldsFunc(text, func(c rune) bool { return c == ',' || c == '\n' || c == '\r' || c == ' ' }) {
		if !strings.HasPrefix(ref, "#") {
			if _, err := strconv.ParseInt(ref, 10, 64); err == nil && len(ref) < 5 {
				ref = "#" + ref
			}
		}
		id, err := s.resolveAny(r, "scope", ref)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	users, err := s.Users.ListUsers(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	sessions, err := s.Users.ListSessions(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	tokens, err := s.Users.ListTokens(r.Context(), 0)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", page{Title: translate(lang(r), "nav.admin"), Section: "admin",
		Data: map[string]any{"Users": users, "Sessions": sessions, "Tokens": tokens, "Now": s.Now()}})
}

func (s *Server) userFormPage(w http.ResponseWriter, r *http.Request, status int, f userForm, err error) {
	data := map[string]any{"Form": f, "Roles": []canbo.Role{canbo.RoleViewer, canbo.RoleLeader, canbo.RoleOfficer, canbo.RoleAdmin},
		"Classes": canbo.GrantClasses}
	if err != nil {
		data["Error"] = canbo.LocalMessage(lang(r), err)
	}
	s.render(w, r, status, "user", page{Title: translate(lang(r), "nav.admin"), Section: "admin", Data: data})
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request) {
	s.userFormPage(w, r, http.StatusOK, userForm{Role: canbo.RoleViewer}, nil)
}

func (s *Server) userEdit(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	u, err := s.Users.FindUserByID(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	var scope []string
	for _, id := range u.Scope {
		scope = append(scope, "#"+strconv.FormatInt(id, 10))
	}
	s.userFormPage(w, r, http.StatusOK, userForm{ID: u.ID, Version: u.Version, Username: u.Username, Role: u.Role,
		Scope: strings.Join(scope, ", "), Grants: u.Grants, Disabled: u.Disabled}, nil)
}

// userSave creates or updates an account; a new password (reset) ends the user's sessions.
func (s *Server) userSave(w http.ResponseWriter, r *http.Request) {
	f := readUserForm(r)
	if id := r.PathValue("id"); id != "" {
		var err error
		if f.ID, err = idParam(id); err != nil {
			s.error(w, r, err)
			return
		}
	}
	fail := func(err error) {
		if code := canbo.ErrorCode(err); code == canbo.EINVALID || code == canbo.ECONFLICT {
			s.userFormPage(w, r, http.StatusUnprocessableEntity, f, err)
			return
		}
		s.error(w, r, err)
	}
	scope, err := s.scopeIDs(r, f.Scope)
	if err != nil {
		fail(err)
		return
	}
	u := &canbo.User{ID: f.ID, Version: f.Version, Username: f.Username, Role: f.Role, Scope: scope, Grants: f.Grants, Disabled: f.Disabled}
	var hash string
	if f.Password != "" {
		if err := auth.CheckNewPassword("password", f.Password, f.Username, f.Role); err != nil {
			fail(err)
			return
		}
		if hash, err = auth.HashPassword(f.Password); err != nil {
			s.error(w, r, err)
			return
		}
	}
	if f.ID == 0 {
		if hash == "" {
			fail(canbo.Invalid("password", "err.web.admin.password_required"))
			return
		}
		err = s.Users.CreateUser(r.Context(), u, hash)
	} else {
		err = s.Users.UpdateUser(r.Context(), u)
		if err == nil && hash != "" {
			err = s.Users.SetPassword(r.Context(), u.ID, hash)
		}
	}
	if err != nil {
		fail(err)
		return
	}
	s.Log.Info("user saved", "user", u.Username, "by", canbo.UserFromContext(r.Context()).Username)
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

func (s *Server) sessionRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.Users.RevokeSession(r.Context(), id); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

func hasGrant(grants []string, c string) bool { return slices.Contains(grants, c) }
