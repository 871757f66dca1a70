// Package c calls the C library: the only cgo in the chain.
package c

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// Sqrt is C's sqrt.
func Sqrt(x float64) float64 { return float64(C.sqrt(C.double(x))) }
