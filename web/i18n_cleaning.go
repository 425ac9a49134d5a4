package web

// cleaningMessages are the words of the data-cleaning report, kept apart from messages so that
// features added in parallel do not edit the same lines; init merges them, and TestMessages
// checks them like the others.
var cleaningMessages = map[string]map[string]string{
	"vi": {
		"cleaning":                "Rà soát dữ liệu",
		"nav.cleaning":            "Rà soát dữ liệu",
		"cleaning.intro":          "Những hồ sơ có thể bị trùng hoặc nhập sai trong phạm vi được giao. Hãy mở từng hồ sơ để đối chiếu trước khi sửa.",
		"cleaning.unit":           "Đơn vị",
		"cleaning.scope":          "Toàn bộ phạm vi được giao",
		"cleaning.show":           "Xem",
		"cleaning.kind.duplicate": "Hồ sơ trùng",
		"cleaning.kind.name":      "Tên gõ thiếu dấu",
		"cleaning.kind.identity":  "Số định danh không khớp",
		"cleaning.score":          "Mức độ",
		"cleaning.reason":         "Lý do",
		"cleaning.record":         "Hồ sơ",
		"cleaning.other":          "Hồ sơ trùng",
		"cleaning.suggestion":     "Gợi ý",
		"cleaning.none":           "Không phát hiện vấn đề nào.",
		"cleaning.export":         "Xuất CSV (được ghi nhật ký)",
		"cleaning.prev":           "Trang trước",
		"cleaning.next":           "Trang sau",
		"cleaning.of":             "trên",
	},
	"en": {
		"cleaning":                "Data cleaning",
		"nav.cleaning":            "Data cleaning",
		"cleaning.intro":          "Records of your scope that may be duplicated or mistyped. Open each record to compare before correcting.",
		"cleaning.unit":           "Unit",
		"cleaning.scope":          "Your whole scope",
		"cleaning.show":           "Show",
		"cleaning.kind.duplicate": "Duplicates",
		"cleaning.kind.name":      "Names without marks",
		"cleaning.kind.identity":  "Inconsistent identity numbers",
		"cleaning.score":          "Strength",
		"cleaning.reason":         "Reason",
		"cleaning.record":         "Record",
		"cleaning.other":          "Duplicate record",
		"cleaning.suggestion":     "Suggestion",
		"cleaning.none":           "Nothing found.",
		"cleaning.export":         "Export CSV (audited)",
		"cleaning.prev":           "Previous page",
		"cleaning.next":           "Next page",
		"cleaning.of":             "of",
	},
}

func init() {
	for lang, m := range cleaningMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
