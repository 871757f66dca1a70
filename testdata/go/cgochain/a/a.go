// Package a is the first step of the chain: pure Go.
package a

import "example.com/b"

// Root is b.Root.
func Root(x float64) float64 { return b.Root(x) }
