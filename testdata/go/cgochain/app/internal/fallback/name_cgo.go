//go:build cgo

// Package fallback has a cgo and a pure-Go implementation of the same function.
package fallback

// #include <stdlib.h>
import "C"

// Name says which implementation was built.
func Name() string { return "cgo" + string(rune('0'+int(C.abs(0)))) }
