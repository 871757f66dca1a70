//go:build !cgo

package fallback

// Name says which implementation was built.
func Name() string { return "pure" }
