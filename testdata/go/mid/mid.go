// Package mid is pure Go; it only passes its dependency's cgo use on to whoever imports it.
package mid

import "example.com/cdep/native"

// Quadruple multiplies x by four, through package native.
func Quadruple(x int) int { return native.Twice(native.Twice(x)) }
