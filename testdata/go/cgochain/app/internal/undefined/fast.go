// Package undefined defines fastAdd only in its cgo file: without cgo, Twice does not compile.
package undefined

// #include <stdlib.h>
// static int add(int a, int b) { return a + b; }
import "C"

func fastAdd(a, b int) int { return int(C.add(C.int(a), C.int(b))) }
