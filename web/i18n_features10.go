package web

// features10Messages are the words of the unit picker, record corrections, the standard lists
// and the Mẫu 2C fields added for issue 10 (items 11, 12, 15, 17), kept apart from messages so
// that work done in parallel does not edit the same lines; init merges them, and TestMessages
// checks them like the others.
var features10Messages = map[string]map[string]string{
	"vi": {
		"f2c":                     "Các mục khác của Mẫu 2C",
		"f2c.recruited_on":        "Ngày được tuyển dụng",
		"f2c.recruiting_agency":   "Cơ quan tuyển dụng",
		"f2c.occupation_before":   "Nghề nghiệp khi được tuyển dụng",
		"f2c.permanent_residence": "Nơi đăng ký thường trú",
		"f2c.allowances":          "Các phụ cấp",
		"f2c.youth_union_on":      "Ngày vào Đoàn TNCS Hồ Chí Minh",
		"f2c.mass_org":            "Tổ chức chính trị - xã hội tham gia",
		"f2c.mass_org_on":         "Ngày tham gia tổ chức",
		"f2c.enlisted_on":         "Ngày nhập ngũ",
		"f2c.discharged_on":       "Ngày xuất ngũ",
		"f2c.military_rank":       "Quân hàm cao nhất",
		"f2c.titles":              "Danh hiệu được phong tặng cao nhất",
		"f2c.strengths":           "Sở trường công tác",
		"f2c.social_insurance":    "Số sổ bảo hiểm xã hội",
		"f2c.height":              "Chiều cao (cm)",
		"f2c.weight":              "Cân nặng (kg)",
		"f2c.blood_type":          "Nhóm máu",
		"f2c.policy_family":       "Là thương binh, con gia đình chính sách",
		"f2c.political_history":   "Đặc điểm lịch sử bản thân",
		"f2c.spouse_family":       "Quan hệ gia đình bên vợ (chồng)",
		"f2c.agency_assessment":   "Nhận xét, đánh giá của cơ quan, đơn vị",
		"remove":                  "Xóa",
		"remove.reason":           "Lý do xóa",
		"remove.save":             "Xóa (ghi nhật ký)",
		"picker.hint":             "Gõ tên hoặc mã đơn vị",
		"picker.none":             "Không có đơn vị nào khớp trong phạm vi của bạn.",
		"picker.add_scope":        "Thêm đơn vị vào phạm vi",
		"picker.find":             "Tìm đơn vị theo tên hoặc mã",
		"unit.people":             "Người thuộc đơn vị (giữ chức vụ hoặc sinh hoạt đảng)",
		"unit.members":            "Đảng viên sinh hoạt",
		"unit.people.all":         "Xem tất cả",
	},
	"en": {
		"f2c":                     "Other items of Form 2C",
		"f2c.recruited_on":        "Recruited on",
		"f2c.recruiting_agency":   "Recruiting agency",
		"f2c.occupation_before":   "Occupation when recruited",
		"f2c.permanent_residence": "Permanent residence",
		"f2c.allowances":          "Allowances",
		"f2c.youth_union_on":      "Joined the Youth Union on",
		"f2c.mass_org":            "Mass organisation",
		"f2c.mass_org_on":         "Joined it on",
		"f2c.enlisted_on":         "Enlisted on",
		"f2c.discharged_on":       "Discharged on",
		"f2c.military_rank":       "Highest military rank",
		"f2c.titles":              "Highest honorary title",
		"f2c.strengths":           "Strengths",
		"f2c.social_insurance":    "Social insurance number",
		"f2c.height":              "Height (cm)",
		"f2c.weight":              "Weight (kg)",
		"f2c.blood_type":          "Blood type",
		"f2c.policy_family":       "War invalid, policy family",
		"f2c.political_history":   "Personal political history",
		"f2c.spouse_family":       "The spouse's family",
		"f2c.agency_assessment":   "The agency's assessment",
		"remove":                  "Remove",
		"remove.reason":           "Reason",
		"remove.save":             "Remove (audited)",
		"picker.hint":             "Type a unit's name or code",
		"picker.none":             "No unit in your scope matches.",
		"picker.add_scope":        "Add a unit to the scope",
		"picker.find":             "Find a unit by name or code",
		"unit.people":             "People of the unit (posts or party cells)",
		"unit.members":            "Party members",
		"unit.people.all":         "See all",
	},
}

func init() {
	for lang, m := range features10Messages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
