package vocab

// Ethnicities are the 54 ethnic groups of Viet Nam with their codes, in the order and
// spelling of the list of the General Statistics Office (Quyết định 121-TCTK/PPCĐ ngày
// 02/3/1979; Danh mục các dân tộc Việt Nam), which later forms and the population census use.
var Ethnicities = register(newList("ethnicity", "Quyết định 121-TCTK/PPCĐ ngày 02/3/1979 của Tổng cục Thống kê", []Item{
	{"01", "Kinh", []string{"Việt"}}, {"02", "Tày", nil}, {"03", "Thái", nil}, {"04", "Hoa", []string{"Hán"}},
	{"05", "Khơ-me", []string{"Khmer", "Khơ Me", "Khome"}}, {"06", "Mường", nil}, {"07", "Nùng", nil},
	{"08", "HMông", []string{"Mông", "H'Mông", "Hmong", "Mèo"}}, {"09", "Dao", nil}, {"10", "Gia-rai", []string{"Gia Rai", "Jrai"}},
	{"11", "Ngái", nil}, {"12", "Ê-đê", []string{"Ê Đê", "Ede"}}, {"13", "Ba-na", []string{"Ba Na", "Bahnar"}},
	{"14", "Xơ-đăng", []string{"Xơ Đăng"}}, {"15", "Sán Chay", []string{"Cao Lan - Sán Chỉ"}}, {"16", "Cơ-ho", []string{"Cơ Ho", "K'Ho"}},
	{"17", "Chăm", []string{"Chàm"}}, {"18", "Sán Dìu", nil}, {"19", "Hrê", nil}, {"20", "Mnông", []string{"M'Nông"}},
	{"21", "Ra-glai", []string{"Raglai", "Ra Glai"}}, {"22", "Xtiêng", []string{"X'Tiêng", "Stiêng"}},
	{"23", "Bru-Vân Kiều", []string{"Bru Vân Kiều", "Vân Kiều"}}, {"24", "Thổ", nil}, {"25", "Giáy", nil},
	{"26", "Cơ-tu", []string{"Cơ Tu"}}, {"27", "Gié-Triêng", []string{"Gié Triêng"}}, {"28", "Mạ", nil},
	{"29", "Khơ-mú", []string{"Khơ Mú", "Khmu"}}, {"30", "Co", nil}, {"31", "Tà-ôi", []string{"Tà Ôi", "Pa Cô"}},
	{"32", "Chơ-ro", []string{"Chơ Ro"}}, {"33", "Kháng", nil}, {"34", "Xinh-mun", []string{"Xinh Mun"}},
	{"35", "Hà Nhì", nil}, {"36", "Chu-ru", []string{"Chu Ru"}}, {"37", "Lào", nil}, {"38", "La Chí", nil},
	{"39", "La Ha", nil}, {"40", "Phù Lá", nil}, {"41", "La Hủ", nil}, {"42", "Lự", nil}, {"43", "Lô Lô", nil},
	{"44", "Chứt", nil}, {"45", "Mảng", nil}, {"46", "Pà Thẻn", nil}, {"47", "Cờ Lao", []string{"Co Lao"}},
	{"48", "Cống", nil}, {"49", "Bố Y", nil}, {"50", "Si La", nil}, {"51", "Pu Péo", nil}, {"52", "Brâu", nil},
	{"53", "Ơ Đu", nil}, {"54", "Rơ-măm", []string{"Rơ Măm"}},
}))

// Religions are the religions recognised by the state (Ban Tôn giáo Chính phủ), and "none",
// the answer of most records.
var Religions = register(newList("religion", "Danh mục tôn giáo được Nhà nước công nhận (Ban Tôn giáo Chính phủ)", []Item{
	{"khong", "Không", []string{"Không có", "Không theo tôn giáo nào", "Không tôn giáo"}},
	{"phat_giao", "Phật giáo", []string{"Đạo Phật"}}, {"cong_giao", "Công giáo", []string{"Thiên Chúa giáo", "Thiên Chúa", "Đạo Thiên Chúa"}},
	{"tin_lanh", "Tin lành", []string{"Đạo Tin lành"}}, {"cao_dai", "Cao Đài", []string{"Đạo Cao Đài"}},
	{"hoa_hao", "Phật giáo Hòa Hảo", []string{"Hòa Hảo"}}, {"hoi_giao", "Hồi giáo", []string{"Islam"}},
	{"bahai", "Tôn giáo Baha'i", []string{"Baha'i"}}, {"tinh_do_cu_si", "Tịnh độ Cư sĩ Phật hội Việt Nam", nil},
	{"co_doc_phuc_lam", "Cơ đốc Phục lâm", nil}, {"tu_an_hieu_nghia", "Phật giáo Tứ Ân Hiếu Nghĩa", nil},
	{"minh_su_dao", "Minh Sư đạo", nil}, {"minh_ly_dao", "Minh Lý đạo - Tam Tông Miếu", nil},
	{"phat_duong_nam_tong", "Giáo hội Phật đường Nam Tông Minh Sư đạo", nil}, {"buu_son_ky_huong", "Bửu Sơn Kỳ Hương", nil},
	{"bala_mon", "Bà-la-môn", []string{"Bà La Môn"}}, {"mormon", "Giáo hội các Thánh hữu ngày sau của Chúa Giê-su Ky-tô", []string{"Mormon"}},
	{"hieu_nghia_ta_lon", "Phật giáo Hiếu Nghĩa Tà Lơn", nil},
}))

// GeneralEducation are the levels of general education as Mẫu 2C writes them (grade reached
// over the years of the system: 12/12 today, 10/10 in the former northern system).
var GeneralEducation = register(newList("edu_general", "Mẫu 2C-BNV/2008, mục 17", []Item{
	{"12/12", "12/12", []string{"Tốt nghiệp THPT", "Trung học phổ thông"}}, {"11/12", "11/12", nil}, {"10/12", "10/12", nil},
	{"9/12", "9/12", []string{"Trung học cơ sở", "Tốt nghiệp THCS"}}, {"10/10", "10/10", nil}, {"9/10", "9/10", nil},
	{"8/10", "8/10", nil}, {"7/10", "7/10", nil},
}))

// ProfessionalEducation are the levels of the highest professional qualification (trình độ
// chuyên môn cao nhất), as the civil-service records group them (Luật Giáo dục 2019, Luật Giáo
// dục nghề nghiệp 2014).
var ProfessionalEducation = register(newList("edu_professional", "Luật Giáo dục 2019; Luật Giáo dục nghề nghiệp 2014", []Item{
	{"tskh", "Tiến sĩ khoa học", nil}, {"ts", "Tiến sĩ", []string{"TS"}}, {"ths", "Thạc sĩ", []string{"ThS"}},
	{"dh", "Đại học", []string{"Cử nhân", "Kỹ sư", "Bác sĩ", "Dược sĩ"}}, {"cd", "Cao đẳng", nil},
	{"tc", "Trung cấp", []string{"Trung cấp chuyên nghiệp"}}, {"sc", "Sơ cấp", nil}, {"chua_dao_tao", "Chưa qua đào tạo", nil},
}))

// PoliticalTheory are the levels of political theory (Quy định 57-QĐ/TW ngày 08/02/2017 and
// Hướng dẫn 03-HD/BTCTW on equivalences).
var PoliticalTheory = register(newList("political_theory", "Quy định 57-QĐ/TW ngày 08/02/2017 của Bộ Chính trị", []Item{
	{"cu_nhan", "Cử nhân", []string{"Cử nhân chính trị"}}, {"cao_cap", "Cao cấp", []string{"Cao cấp lý luận chính trị"}},
	{"trung_cap", "Trung cấp", []string{"Trung cấp lý luận chính trị"}}, {"so_cap", "Sơ cấp", []string{"Sơ cấp lý luận chính trị"}},
}))

// StateManagement are the state-management training programmes by rank (Nghị định
// 101/2017/NĐ-CP; Thông tư 01/2018/TT-BNV).
var StateManagement = register(newList("state_management", "Nghị định 101/2017/NĐ-CP; Thông tư 01/2018/TT-BNV", []Item{
	{"cvcc", "Chuyên viên cao cấp", []string{"CVCC"}}, {"cvc", "Chuyên viên chính", []string{"CVC"}},
	{"cv", "Chuyên viên", []string{"CV"}}, {"can_su", "Cán sự", nil},
}))

// Evaluations are the ratings of the annual quality evaluation (Nghị định 90/2020/NĐ-CP,
// Nghị định 48/2023/NĐ-CP), best first.
var Evaluations = register(newList("evaluation", "Nghị định 90/2020/NĐ-CP; Nghị định 48/2023/NĐ-CP", []Item{
	{"excellent", "Hoàn thành xuất sắc nhiệm vụ", []string{"HTXSNV"}}, {"good", "Hoàn thành tốt nhiệm vụ", []string{"HTTNV"}},
	{"done", "Hoàn thành nhiệm vụ", []string{"HTNV"}}, {"not_done", "Không hoàn thành nhiệm vụ", []string{"KHTNV"}},
}))
