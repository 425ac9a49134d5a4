package web

// layoutMessages are the words of the page frame (the skip link) and of the title rows of
// exported lists, kept apart from messages as i18n_cleaning.go explains; init merges them.
var layoutMessages = map[string]map[string]string{
	"vi": {
		"skip":          "Bỏ qua phần đầu trang, đến nội dung chính",
		"xlsx.people":   "Danh sách nhân sự",
		"xlsx.filters":  "Bộ lọc",
		"xlsx.nofilter": "không có (toàn bộ phạm vi được giao)",
		"xlsx.exported": "Xuất lúc",
		"xlsx.by":       "bởi tài khoản",
		"xlsx.rows":     "dòng",
	},
	"en": {
		"skip":          "Skip the header, go to the main content",
		"xlsx.people":   "People list",
		"xlsx.filters":  "Filters",
		"xlsx.nofilter": "none (your whole scope)",
		"xlsx.exported": "Exported at",
		"xlsx.by":       "by account",
		"xlsx.rows":     "rows",
	},
}

func init() {
	for lang, m := range layoutMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
