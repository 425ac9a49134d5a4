package web

// carryMessages are the words of people carried by restructuring, the repair and the
// "chưa được bố trí" tab (issue 12), merged into messages in init like cleaningMessages.
var carryMessages = map[string]map[string]string{
	"vi": {
		"carry.moves":       "Người chuyển theo sự kiện",
		"carry.posts":       "chức vụ",
		"carry.members":     "đảng viên",
		"carry.ended":       "kết thúc chức vụ",
		"carry.place":       "Bố trí người của đơn vị chấm dứt",
		"carry.person":      "Họ và tên",
		"carry.from":        "Đơn vị",
		"carry.to":          "Chuyển đến",
		"carry.reason":      "Lý do (nếu kết thúc)",
		"carry.end":         "Kết thúc chức vụ",
		"carry.unit.hint":   "mã đơn vị, #số, hoặc end",
		"carry.by.merge":    "chuyển theo sáp nhập",
		"carry.by.split":    "chuyển theo chia tách",
		"carry.by.dissolve": "chuyển theo giải thể",
		"repair":            "Sửa dữ liệu sau sắp xếp tổ chức",
		"repair.intro":      "Chức vụ và sinh hoạt đảng còn mở tại đơn vị đã chấm dứt: chuyển theo đơn vị kế thừa đã ghi nhận (đơn vị nhận sáp nhập; đơn vị lớn nhất khi chia tách).",
		"repair.carry":      "Sẽ chuyển",
		"repair.left":       "Không có đơn vị kế thừa",
		"repair.ended_on":   "Ngày chấm dứt",
		"repair.run":        "Chuyển tất cả (được ghi nhật ký)",
		"repair.none":       "Không có.",
		"repair.done":       "Đã chuyển:",
		"unplaced":          "Chưa được bố trí",
		"unplaced.intro":    "Những người có chức vụ hoặc sinh hoạt đảng kết thúc cùng đơn vị bị chấm dứt mà chưa được bố trí nơi khác.",
	},
	"en": {
		"carry.moves":       "People moved by the event",
		"carry.posts":       "posts",
		"carry.members":     "party members",
		"carry.ended":       "posts ended",
		"carry.place":       "Placing the people of the ended unit",
		"carry.person":      "Name",
		"carry.from":        "Unit",
		"carry.to":          "Moves to",
		"carry.reason":      "Reason (if ended)",
		"carry.end":         "End the post",
		"carry.unit.hint":   "unit code, #id, or end",
		"carry.by.merge":    "moved by merger",
		"carry.by.split":    "moved by split",
		"carry.by.dissolve": "moved by dissolution",
		"repair":            "Repair after restructuring",
		"repair.intro":      "Posts and party cells still open in units that have ended: carried to the recorded successor (a merger's target; a split's largest target).",
		"repair.carry":      "Will be carried",
		"repair.left":       "No successor",
		"repair.ended_on":   "Ended on",
		"repair.run":        "Carry them all (audited)",
		"repair.none":       "None.",
		"repair.done":       "Carried:",
		"unplaced":          "Not yet placed",
		"unplaced.intro":    "People whose post or party cell ended with its unit and who have not been placed elsewhere.",
	},
}

func init() {
	for lang, m := range carryMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
