package web

// layoutMessages are the words of the page frame that help on small screens and with
// assistive technology (the skip link, the label of a required field, the people filters'
// labels), kept apart from messages as i18n_cleaning.go explains; init merges them.
var layoutMessages = map[string]map[string]string{
	"vi": {
		"skip":           "Bỏ qua phần đầu trang, đến nội dung chính",
		"required":       "bắt buộc",
		"required.hint":  "Ô có dấu * là bắt buộc.",
		"nav.menu":       "Các phân hệ",
		"people.filters": "Bộ lọc",
		"table.scroll":   "Bảng rộng: kéo ngang để xem hết các cột",
	},
	"en": {
		"skip":           "Skip the header, go to the main content",
		"required":       "required",
		"required.hint":  "Fields marked * are required.",
		"nav.menu":       "Modules",
		"people.filters": "Filters",
		"table.scroll":   "Wide table: scroll sideways to see every column",
	},
}

func init() {
	for lang, m := range layoutMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
