package web

import (
	"slices"
	"strings"
	"time"

	"canbo"
)

// dailyMessages are the words added by the first-hour fixes (issue 10): labels for the codes the
// audit page and the timeline used to show raw, kept apart from messages so that features added
// in parallel do not edit the same lines; init merges them, and TestMessages checks them.
var dailyMessages = map[string]map[string]string{
	"vi": {
		"ef.grade_class":            "Nhóm ngạch",
		"ef.grade_class.university": "Cao đẳng trở lên",
		"ef.grade_class.lower":      "Trung cấp trở xuống",
		"ef.extra_months":           "Số tháng kéo dài",
		"act.auth.denied":           "Bị từ chối quyền",
		"act.auth.cross_origin":     "Yêu cầu từ trang khác",
		"act.auth.invalid_token":    "Mã truy cập sai",
		"act.export":                "Xuất dữ liệu",
		"act.import":                "Nhập dữ liệu",
		"act.login.failed":          "Đăng nhập sai",
		"act.login.throttled":       "Đăng nhập bị tạm khóa",
		"act.login.totp_failed":     "Mã xác thực sai",
		"act.person.create":         "Thêm hồ sơ",
		"act.person.read":           "Xem hồ sơ",
		"act.person.update":         "Sửa hồ sơ",
		"act.person.entry":          "Thêm mục lý lịch",
		"act.person.post":           "Thêm chức vụ",
		"act.person.post.end":       "Kết thúc chức vụ",
		"act.person.party.admit":    "Kết nạp Đảng",
		"act.person.party.end":      "Kết thúc sinh hoạt Đảng",
		"act.person.party.transfer": "Chuyển sinh hoạt Đảng",
		"act.person.party.update":   "Sửa thông tin đảng viên",
		"act.person.photo.read":     "Xem ảnh",
		"act.person.photo.set":      "Đổi ảnh",
		"act.person.photo.delete":   "Xóa ảnh",
		"act.rule.version":          "Phiên bản quy định",
		"act.session.revoke":        "Thu hồi phiên",
		"act.unit.event":            "Sự kiện đơn vị",
		"act.unit.link":             "Liên kết đơn vị",
		"act.user.create":           "Tạo tài khoản",
		"act.user.update":           "Sửa tài khoản",
		"act.user.password":         "Đổi mật khẩu",
		"act.user.totp":             "Xác thực hai bước",
		"ent.unit":                  "Đơn vị",
		"ent.person":                "Hồ sơ",
		"ent.user":                  "Tài khoản",
		"ent.rule":                  "Quy định",
		"ent.session":               "Phiên",
		"ent.request":               "Yêu cầu",
		"ent.import":                "Nhập dữ liệu",
		"ent.audit":                 "Nhật ký",
		"ent.people":                "Danh sách cán bộ",
		"ent.reminders":             "Nhắc việc",
		"ent.cleaning":              "Rà soát dữ liệu",
		"ent.identity":              "Số định danh",
		"ent.all":                   "Tất cả",
		"audit.tz":                  "giờ Việt Nam",
		"reminders.overdue":         "Quá hạn, chưa xử lý trên hồ sơ",
		"reminders.why":             "Căn cứ",
		"confirm.post_end":          "Kết thúc chức vụ này vào ngày đã nhập? Việc này không hoàn tác được.",
		"confirm.party_end":         "Kết thúc sinh hoạt Đảng của người này? Việc này không hoàn tác được.",
		"confirm.photo_delete":      "Xóa ảnh của hồ sơ? Ảnh đã xóa không khôi phục được.",
	},
	"en": {
		"ef.grade_class":            "Grade class",
		"ef.grade_class.university": "College or higher",
		"ef.grade_class.lower":      "Secondary or lower",
		"ef.extra_months":           "Months extended",
		"act.auth.denied":           "Access denied",
		"act.auth.cross_origin":     "Cross-site request",
		"act.auth.invalid_token":    "Invalid token",
		"act.export":                "Export",
		"act.import":                "Import",
		"act.login.failed":          "Failed login",
		"act.login.throttled":       "Login throttled",
		"act.login.totp_failed":     "Wrong code",
		"act.person.create":         "Record created",
		"act.person.read":           "Record read",
		"act.person.update":         "Record updated",
		"act.person.entry":          "Entry added",
		"act.person.post":           "Post added",
		"act.person.post.end":       "Post ended",
		"act.person.party.admit":    "Party admission",
		"act.person.party.end":      "Membership ended",
		"act.person.party.transfer": "Membership transfer",
		"act.person.party.update":   "Membership updated",
		"act.person.photo.read":     "Photo read",
		"act.person.photo.set":      "Photo changed",
		"act.person.photo.delete":   "Photo deleted",
		"act.rule.version":          "Rule version",
		"act.session.revoke":        "Session revoked",
		"act.unit.event":            "Unit event",
		"act.unit.link":             "Unit link",
		"act.user.create":           "Account created",
		"act.user.update":           "Account updated",
		"act.user.password":         "Password changed",
		"act.user.totp":             "Two-step verification",
		"ent.unit":                  "Unit",
		"ent.person":                "Record",
		"ent.user":                  "Account",
		"ent.rule":                  "Rule",
		"ent.session":               "Session",
		"ent.request":               "Request",
		"ent.import":                "Import",
		"ent.audit":                 "Audit log",
		"ent.people":                "People list",
		"ent.reminders":             "Reminders",
		"ent.cleaning":              "Data cleaning",
		"ent.identity":              "Identity number",
		"ent.all":                   "All",
		"audit.tz":                  "Vietnam time",
		"reminders.overdue":         "Overdue, not yet on the record",
		"reminders.why":             "Basis",
		"confirm.post_end":          "End this post on the day entered? This cannot be undone.",
		"confirm.party_end":         "End this person's party membership? This cannot be undone.",
		"confirm.photo_delete":      "Delete the record's photo? A deleted photo cannot be restored.",
	},
}

func init() {
	for lang, m := range dailyMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}

// codeLabel names a code shown to users (an audit action, an entity) in their language, the
// code itself when no label exists (an action added later stays readable).
func codeLabel(lang, prefix, code string) string {
	if code == "" {
		return translate(lang, prefix+"all")
	}
	if s := translate(lang, prefix+code); s != prefix+code {
		return s
	}
	return code
}

// vietnam is Vietnam's time zone (UTC+7, no daylight saving): audit times are shown as the
// officers lived them, not in UTC.
var vietnam = time.FixedZone("ICT", 7*60*60)

// localTime writes an instant in Vietnamese time, dd/mm/yyyy hh:mm:ss.
func localTime(t time.Time) string { return t.In(vietnam).Format("02/01/2006 15:04:05") }

// detailValue writes a timeline detail as a reader expects it: a grade class or an evaluation
// level by its name rather than its code, a coefficient with a decimal comma (2,34).
func detailValue(lang, key, value string) string {
	switch key {
	case "grade_class":
		if s := translate(lang, "ef.grade_class."+value); s != "ef.grade_class."+value {
			return s
		}
	case "level":
		if i := slices.Index(canbo.EvaluationCodes, value); i >= 0 {
			return canbo.EvaluationLevels[i]
		}
	case "coefficient":
		return strings.Replace(value, ".", ",", 1)
	}
	return value
}

// educationLine is a list's education column: the professional, political-theory and
// state-management levels known, joined by " · " — with no separator before a missing first
// level (page and Excel alike).
func educationLine(e canbo.Education) string {
	var parts []string
	for _, x := range []string{e.Professional, e.PoliticalTheory, e.StateManagement} {
		if x = strings.TrimSpace(x); x != "" {
			parts = append(parts, x)
		}
	}
	return strings.Join(parts, " · ")
}
