package cfiles

// Four is pure Go.
func Four() int { return 4 }
