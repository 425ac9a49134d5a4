package canbo

// Sex is a person's sex as recorded on official forms.
type Sex string

// The two values official forms know.
const (
	Male   Sex = "male"
	Female Sex = "female"
)
