// Package main is built with -buildmode=c-shared: it exports GoAdd to C callers. The empty main
// is required by c-shared/c-archive; import "C" makes cgo (and a C compiler) mandatory.
package main

import "C"

//export GoAdd
func GoAdd(a, b C.int) C.int { return a + b }

func main() {}
