package web

// dailyfix2Messages are the words of the second round of first-hour fixes (issue 10 items 13,
// 14, 16): person status, exact counts, handled reminders. Kept in their own file so that
// features added in parallel do not edit the same lines; init merges them, TestMessages checks.
var dailyfix2Messages = map[string]map[string]string{
	"vi": {
		"person.status":          "Tình trạng",
		"status.working":         "Đang công tác",
		"status.retired":         "Nghỉ hưu",
		"status.transferred":     "Chuyển công tác",
		"status.deceased":        "Từ trần",
		"status.since":           "từ ngày",
		"status.set":             "Ghi nhận tình trạng",
		"col.status":             "Tình trạng",
		"people.count_exact":     "Đếm chính xác",
		"act.person.status":      "Ghi nhận tình trạng",
		"act.reminder.handled":   "Đánh dấu đã xử lý nhắc việc",
		"act.reminder.unhandled": "Bỏ đánh dấu đã xử lý",
		"remind.handled":         "Đã xử lý",
		"remind.mark_handled":    "Đánh dấu đã xử lý",
		"remind.unmark":          "Bỏ đánh dấu",
		"remind.show_handled":    "Hiện cả việc đã xử lý",
		"remind.hide_handled":    "Ẩn việc đã xử lý",
		"saved.notice":           "Đã lưu.",
	},
	"en": {
		"person.status":          "Status",
		"status.working":         "In service",
		"status.retired":         "Retired",
		"status.transferred":     "Transferred out",
		"status.deceased":        "Deceased",
		"status.since":           "since",
		"status.set":             "Record status",
		"col.status":             "Status",
		"people.count_exact":     "Count exactly",
		"act.person.status":      "Status recorded",
		"act.reminder.handled":   "Reminder marked handled",
		"act.reminder.unhandled": "Reminder unmarked",
		"remind.handled":         "Handled",
		"remind.mark_handled":    "Mark handled",
		"remind.unmark":          "Unmark",
		"remind.show_handled":    "Show handled items too",
		"remind.hide_handled":    "Hide handled items",
		"saved.notice":           "Saved.",
	},
}

func init() {
	for lang, m := range dailyfix2Messages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
