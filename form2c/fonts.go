package form2c

// Fonts returns the embedded Liberation Serif, regular and bold, for the other printed
// documents (the congress ballot) that must show Vietnamese on a server without fonts.
func Fonts() (regular, bold []byte) { return serifRegular, serifBold }
