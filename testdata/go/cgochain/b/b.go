// Package b is the second step of the chain: pure Go.
package b

import "example.com/c"

// Root is c.Sqrt.
func Root(x float64) float64 { return c.Sqrt(x) }
