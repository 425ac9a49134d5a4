package web

// features10Messages are the words of the unit picker, record corrections, the standard lists
// and the Mẫu 2C fields added for issue 10 (items 11, 12, 15, 17), kept apart from messages so
// that work done in parallel does not edit the same lines; init merges them, and TestMessages
// checks them like the others.
var features10Messages = map[string]map[string]string{
	"vi": {
		"picker.hint":      "Gõ tên hoặc mã đơn vị",
		"picker.none":      "Không có đơn vị nào khớp trong phạm vi của bạn.",
		"picker.add_scope": "Thêm đơn vị vào phạm vi",
		"picker.find":      "Tìm đơn vị theo tên hoặc mã",
		"unit.people":      "Người thuộc đơn vị (giữ chức vụ hoặc sinh hoạt đảng)",
		"unit.members":     "Đảng viên sinh hoạt",
		"unit.people.all":  "Xem tất cả",
	},
	"en": {
		"picker.hint":      "Type a unit's name or code",
		"picker.none":      "No unit in your scope matches.",
		"picker.add_scope": "Add a unit to the scope",
		"picker.find":      "Find a unit by name or code",
		"unit.people":      "People of the unit (posts or party cells)",
		"unit.members":     "Party members",
		"unit.people.all":  "See all",
	},
}

func init() {
	for lang, m := range features10Messages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
