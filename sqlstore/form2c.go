package sqlstore

import (
	"context"

	"canbo"
)

// keepHidden2C sets the sensitive Mẫu 2C fields ctx may not see to their stored values, so that
// a form saved by someone who was shown them empty does not erase them.
func keepHidden2C(ctx context.Context, f *canbo.Form2C, stored canbo.Form2C) {
	if !canSee(ctx, canbo.GrantIdentity) {
		f.SocialInsurance = stored.SocialInsurance
	}
	if !canSee(ctx, canbo.GrantHealth) {
		f.Height, f.Weight, f.BloodType = stored.Height, stored.Weight, stored.BloodType
	}
	if !canSee(ctx, canbo.GrantBackground) {
		f.PoliticalHistory, f.PolicyFamily = stored.PoliticalHistory, stored.PolicyFamily
	}
	if !canSee(ctx, canbo.GrantFamily) {
		f.SpouseFamily = stored.SpouseFamily
	}
}
