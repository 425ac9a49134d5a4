package canbo

// Form2C holds the fields of the Mẫu 2C personal-history form (Hướng dẫn 05-HD/BTCTW;
// Thông tư 06/2023/TT-BNV for civil servants) that the record has no other place for. Dates are
// ISO and may be partial, like a birth date. Four groups are sensitive and follow the grant of
// their class: the social-insurance number (identity), height, weight and blood type (health),
// the personal political history and the policy-family status (background), the spouse's
// family (family). Redact empties them for callers without the grant.
type Form2C struct {
	RecruitedOn        string `json:"recruited_on,omitempty"`        // ngày được tuyển dụng
	RecruitingAgency   string `json:"recruiting_agency,omitempty"`   // cơ quan tuyển dụng
	OccupationBefore   string `json:"occupation_before,omitempty"`   // nghề nghiệp khi được tuyển dụng
	PermanentResidence string `json:"permanent_residence,omitempty"` // nơi đăng ký thường trú
	Allowances         string `json:"allowances,omitempty"`          // phụ cấp chức vụ, phụ cấp khác
	YouthUnionOn       string `json:"youth_union_on,omitempty"`      // ngày vào Đoàn TNCS Hồ Chí Minh
	MassOrg            string `json:"mass_org,omitempty"`            // tổ chức chính trị - xã hội tham gia
	MassOrgOn          string `json:"mass_org_on,omitempty"`         // ngày tham gia
	EnlistedOn         string `json:"enlisted_on,omitempty"`         // ngày nhập ngũ
	DischargedOn       string `json:"discharged_on,omitempty"`       // ngày xuất ngũ
	MilitaryRank       string `json:"military_rank,omitempty"`       // quân hàm cao nhất
	Titles             string `json:"titles,omitempty"`              // danh hiệu được phong tặng cao nhất
	Strengths          string `json:"strengths,omitempty"`           // sở trường công tác
	AgencyAssessment   string `json:"agency_assessment,omitempty"`   // nhận xét, đánh giá của cơ quan

	SocialInsurance  string `json:"social_insurance,omitempty"`  // số sổ BHXH — GrantIdentity
	Height           string `json:"height,omitempty"`            // chiều cao (cm) — GrantHealth
	Weight           string `json:"weight,omitempty"`            // cân nặng (kg) — GrantHealth
	BloodType        string `json:"blood_type,omitempty"`        // nhóm máu — GrantHealth
	PoliticalHistory string `json:"political_history,omitempty"` // đặc điểm lịch sử bản thân — GrantBackground
	PolicyFamily     string `json:"policy_family,omitempty"`     // thương binh, con gia đình chính sách — GrantBackground
	SpouseFamily     string `json:"spouse_family,omitempty"`     // quan hệ gia đình bên vợ (chồng) — GrantFamily
}

// redact empties the sensitive groups u may not see.
func (f *Form2C) redact(u *User) {
	if !u.Can(GrantIdentity) {
		f.SocialInsurance = ""
	}
	if !u.Can(GrantHealth) {
		f.Height, f.Weight, f.BloodType = "", "", ""
	}
	if !u.Can(GrantBackground) {
		f.PoliticalHistory, f.PolicyFamily = "", ""
	}
	if !u.Can(GrantFamily) {
		f.SpouseFamily = ""
	}
}
