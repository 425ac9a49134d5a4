package web

import (
	"net/http"

	"canbo"
)

// messages holds the UI's words in Vietnamese (first) and English. A key missing in English
// falls back to Vietnamese; a key missing in both shows itself, which tests catch.
var messages = map[string]map[string]string{
	"vi": {
		"app":              "Phần mềm công tác tổ chức, cán bộ",
		"nav.org":          "Tổ chức bộ máy",
		"nav.people":       "Nhân sự",
		"nav.staffing":     "Biên chế, vị trí việc làm",
		"nav.planning":     "Quy hoạch, đại hội",
		"nav.programmes":   "Chương trình công tác",
		"nav.regulations":  "Văn bản, quy định",
		"nav.reports":      "Báo cáo, biểu mẫu",
		"nav.admin":        "Quản trị",
		"nav.soon":         "Sắp có",
		"asof":             "Xem theo ngày",
		"asof.apply":       "Xem",
		"asof.today":       "Hôm nay",
		"login":            "Đăng nhập",
		"totp":             "Xác thực hai lớp",
		"totp.enrol":       "Tài khoản quản trị cần xác thực hai lớp. Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…) rồi nhập mã 6 số.",
		"totp.manual":      "Hoặc nhập khóa",
		"totp.ask":         "Nhập mã 6 số trong ứng dụng xác thực.",
		"totp.code":        "Mã xác thực",
		"totp.verify":      "Xác nhận",
		"logout":           "Đăng xuất",
		"username":         "Tên đăng nhập",
		"password":         "Mật khẩu",
		"search":           "Tìm đơn vị",
		"search.hint":      "Gõ tên hoặc mã, không cần dấu",
		"h.party":          "Hệ thống Đảng",
		"h.state":          "Hệ thống chính quyền",
		"h.territory":      "Địa giới hành chính",
		"unit.code":        "Mã",
		"unit.kind":        "Loại",
		"unit.parent":      "Trực thuộc",
		"unit.valid":       "Hiệu lực",
		"unit.children":    "Đơn vị trực thuộc",
		"unit.link":        "Gắn với",
		"unit.history":     "Lịch sử sắp xếp",
		"unit.versions":    "Các thời kỳ",
		"unit.none":        "Không có đơn vị trực thuộc vào ngày này.",
		"unit.gone":        "Đơn vị không tồn tại vào ngày đang xem; trang hiển thị ngày gần nhất đơn vị còn tồn tại.",
		"unit.record":      "Ghi nhận thay đổi",
		"unit.since":       "từ trước khi có dữ liệu",
		"unit.now":         "nay",
		"ev.date":          "Ngày hiệu lực",
		"ev.doc":           "Văn bản",
		"ev.docnum":        "Số văn bản",
		"ev.docdate":       "Ngày ban hành",
		"ev.issuer":        "Cơ quan ban hành",
		"ev.note":          "Ghi chú",
		"ev.pred":          "Đơn vị trước",
		"ev.succ":          "Đơn vị sau",
		"ev.partial":       "một phần",
		"ev.ended":         "chấm dứt",
		"ev.preview":       "Xem trước",
		"ev.save":          "Ghi nhận",
		"ev.after":         "Cây tổ chức sau thay đổi",
		"ev.sources":       "Đơn vị bị sáp nhập / chia",
		"ev.sources.hint":  "Mỗi dòng một đơn vị: mã hoặc #số hiệu; thêm \"một phần\" nếu chỉ nhập một phần.",
		"ev.target":        "Đơn vị nhận (có sẵn)",
		"ev.target.hint":   "Mã hoặc #số hiệu; để trống nếu thành lập đơn vị mới.",
		"ev.targets":       "Các đơn vị mới",
		"ev.targets.hint":  "Mỗi dòng một đơn vị mới: Tên | mã (nếu có).",
		"ev.new":           "Đơn vị mới",
		"ev.newname":       "Tên đơn vị mới",
		"ev.newcode":       "Mã",
		"ev.kindsel":       "Loại đơn vị",
		"ev.parent":        "Đơn vị cấp trên",
		"ev.parent.hint":   "Mã hoặc #số hiệu của đơn vị cấp trên.",
		"ev.unit":          "Đơn vị",
		"ev.newname2":      "Tên mới",
		"ev.newcode2":      "Mã mới (để trống nếu không đổi)",
		"ev.saved":         "Đã ghi nhận thay đổi.",
		"admin.users":      "Tài khoản người dùng",
		"admin.newuser":    "Thêm tài khoản",
		"admin.role":       "Vai trò",
		"admin.scope":      "Phạm vi (đơn vị)",
		"admin.scope.hint": "Mã hoặc #số hiệu đơn vị, cách nhau bằng dấu phẩy; người dùng thấy toàn bộ đơn vị trực thuộc.",
		"admin.grants":     "Được xem thông tin nhạy cảm",
		"admin.status":     "Trạng thái",
		"admin.disabled":   "Đã khóa",
		"admin.disable":    "Khóa tài khoản (kết thúc mọi phiên làm việc)",
		"admin.resetpw":    "Đặt lại mật khẩu (để trống nếu không đổi)",
		"admin.sessions":   "Phiên làm việc",
		"admin.client":     "Địa chỉ",
		"admin.since":      "Bắt đầu",
		"admin.lastseen":   "Lần cuối",
		"admin.revoke":     "Kết thúc",
		"role.admin":       "Quản trị hệ thống",
		"role.officer":     "Cán bộ tổ chức (được sửa)",
		"role.leader":      "Lãnh đạo (xem, phê duyệt)",
		"role.viewer":      "Chỉ xem",
		"grant.identity":   "Số định danh, số BHXH",
		"grant.background": "Dân tộc, tôn giáo, thành phần, lịch sử chính trị",
		"grant.family":     "Quan hệ gia đình",
		"grant.discipline": "Kỷ luật",
		"grant.evaluation": "Đánh giá, xếp loại",
		"grant.health":     "Sức khỏe",
		"error":            "Có lỗi",
		"back":             "Quay lại",
		"english":          "English",
		"vietnamese":       "Tiếng Việt",
		"home.welcome":     "Chọn một hệ thống để xem cây tổ chức theo ngày.",
	},
	"en": {
		"app":              "Organization and cadre work",
		"nav.org":          "Organization",
		"nav.people":       "People",
		"nav.staffing":     "Staffing and positions",
		"nav.planning":     "Planning and congresses",
		"nav.programmes":   "Work programmes",
		"nav.regulations":  "Regulations",
		"nav.reports":      "Reports and forms",
		"nav.admin":        "Administration",
		"nav.soon":         "Coming",
		"asof":             "As of",
		"asof.apply":       "Show",
		"asof.today":       "Today",
		"login":            "Sign in",
		"totp":             "Two-factor authentication",
		"totp.enrol":       "Administrator accounts need a second factor. Scan the QR code with an authenticator app, then enter the 6-digit code.",
		"totp.manual":      "Or enter the key",
		"totp.ask":         "Enter the 6-digit code from your authenticator app.",
		"totp.code":        "Code",
		"totp.verify":      "Verify",
		"logout":           "Sign out",
		"username":         "Username",
		"password":         "Password",
		"search":           "Find a unit",
		"search.hint":      "Name or code, accents optional",
		"h.party":          "Party",
		"h.state":          "State",
		"h.territory":      "Territory",
		"unit.code":        "Code",
		"unit.kind":        "Kind",
		"unit.parent":      "Under",
		"unit.valid":       "Valid",
		"unit.children":    "Subordinate units",
		"unit.link":        "Linked to",
		"unit.history":     "Restructuring history",
		"unit.versions":    "Periods",
		"unit.none":        "No subordinate units on this date.",
		"unit.gone":        "The unit did not exist on the date shown; the page shows the nearest day it did.",
		"unit.record":      "Record a change",
		"unit.since":       "since before records",
		"unit.now":         "now",
		"ev.date":          "Effective date",
		"ev.doc":           "Document",
		"ev.docnum":        "Document number",
		"ev.docdate":       "Issued on",
		"ev.issuer":        "Issued by",
		"ev.note":          "Note",
		"ev.pred":          "Before",
		"ev.succ":          "After",
		"ev.partial":       "part",
		"ev.ended":         "ended",
		"ev.preview":       "Preview",
		"ev.save":          "Record",
		"ev.after":         "Tree after the change",
		"ev.sources":       "Units merged / split",
		"ev.sources.hint":  "One per line: code or #id; add \"part\" (một phần) for a partial merge.",
		"ev.target":        "Receiving unit (existing)",
		"ev.target.hint":   "Code or #id; leave empty to create a new unit.",
		"ev.targets":       "New units",
		"ev.targets.hint":  "One per line: Name | code (optional).",
		"ev.new":           "New unit",
		"ev.newname":       "Name of the new unit",
		"ev.newcode":       "Code",
		"ev.kindsel":       "Kind",
		"ev.parent":        "Parent unit",
		"ev.parent.hint":   "Code or #id of the parent.",
		"ev.unit":          "Unit",
		"ev.newname2":      "New name",
		"ev.newcode2":      "New code (empty: unchanged)",
		"ev.saved":         "Change recorded.",
		"admin.users":      "User accounts",
		"admin.newuser":    "New account",
		"admin.role":       "Role",
		"admin.scope":      "Scope (units)",
		"admin.scope.hint": "Codes or #ids of units, comma-separated; the user sees their whole subtrees.",
		"admin.grants":     "May see sensitive fields",
		"admin.status":     "Status",
		"admin.disabled":   "Disabled",
		"admin.disable":    "Disable the account (ends every session)",
		"admin.resetpw":    "Reset the password (empty: unchanged)",
		"admin.sessions":   "Sessions",
		"admin.client":     "Client",
		"admin.since":      "Since",
		"admin.lastseen":   "Last seen",
		"admin.revoke":     "Revoke",
		"role.admin":       "System administrator",
		"role.officer":     "Organization officer (edits)",
		"role.leader":      "Leader (reads, approves)",
		"role.viewer":      "Viewer",
		"grant.identity":   "Identity numbers",
		"grant.background": "Ethnicity, religion, background, political history",
		"grant.family":     "Family relations",
		"grant.discipline": "Discipline",
		"grant.evaluation": "Evaluations",
		"grant.health":     "Health",
		"error":            "Error",
		"back":             "Back",
		"english":          "English",
		"vietnamese":       "Tiếng Việt",
		"home.welcome":     "Choose a hierarchy to browse its tree as of a date.",
	},
}

func translate(lang, key string) string {
	if m, ok := messages[lang]; ok {
		if s, ok := m[key]; ok {
			return s
		}
	}
	if s, ok := messages["vi"][key]; ok {
		return s
	}
	return key
}

// lang is the UI language from the "lang" cookie; Vietnamese unless English was chosen.
func lang(r *http.Request) string {
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "vi"
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := "vi"
	if r.PostFormValue("lang") == "en" {
		l = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.TLS})
	back := r.PostFormValue("back")
	if back == "" || back[0] != '/' || (len(back) > 1 && (back[1] == '/' || back[1] == '\\')) {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

var eventKindNames = map[canbo.EventKind][2]string{
	canbo.EventCreate:     {"Thành lập", "Create"},
	canbo.EventRename:     {"Đổi tên, đổi mã", "Rename"},
	canbo.EventChangeKind: {"Đổi loại hình", "Change kind"},
	canbo.EventMove:       {"Điều chuyển trực thuộc", "Move"},
	canbo.EventMerge:      {"Sáp nhập, hợp nhất", "Merge"},
	canbo.EventSplit:      {"Chia tách", "Split"},
	canbo.EventDissolve:   {"Giải thể", "Dissolve"},
}

func eventKindName(lang string, k canbo.EventKind) string {
	n, ok := eventKindNames[k]
	if !ok {
		return string(k)
	}
	if lang == "en" {
		return n[1]
	}
	return n[0]
}

func hierarchyName(lang string, h canbo.Hierarchy) string { return translate(lang, "h."+string(h)) }
