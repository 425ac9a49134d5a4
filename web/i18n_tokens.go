package web

// tokenMessages are the words of the API token pages, merged into messages by init like
// cleaningMessages.
var tokenMessages = map[string]map[string]string{
	"vi": {
		"tokens":         "Mã truy cập API",
		"tokens.intro":   "Mã truy cập cho phép một chương trình dùng API thay bạn, với đúng quyền của bạn. Đổi mật khẩu sẽ thu hồi mọi mã.",
		"tokens.once":    "Mã mới chỉ hiện một lần; hãy sao chép và cất giữ nó ngay:",
		"tokens.name":    "Tên gợi nhớ",
		"tokens.days":    "Thời hạn (ngày)",
		"tokens.create":  "Tạo mã truy cập",
		"tokens.expires": "Hết hạn",
		"tokens.never":   "Không hết hạn",
		"tokens.expired": "đã hết hạn",
		"tokens.none":    "Chưa có mã truy cập nào.",
		"tokens.all":     "Mã truy cập API của mọi người dùng",
	},
	"en": {
		"tokens":         "API tokens",
		"tokens.intro":   "A token lets a program use the API on your behalf, with your rights. Changing your password revokes every token.",
		"tokens.once":    "The new token is shown only once; copy it and keep it safe now:",
		"tokens.name":    "Label",
		"tokens.days":    "Valid for (days)",
		"tokens.create":  "Create token",
		"tokens.expires": "Expires",
		"tokens.never":   "Never",
		"tokens.expired": "expired",
		"tokens.none":    "No API tokens yet.",
		"tokens.all":     "Every user's API tokens",
	},
}

func init() {
	for lang, m := range tokenMessages {
		for k, v := range m {
			messages[lang][k] = v
		}
	}
}
