// Package native calls C unconditionally: any program that reaches it, however indirectly,
// needs cgo and a C compiler for its target (traps-lab.md §11).
package native

// static int twice(int x) { return 2 * x; }
import "C"

// Twice doubles x in C.
func Twice(x int) int { return int(C.twice(C.int(x))) }
