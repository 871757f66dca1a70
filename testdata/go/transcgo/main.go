// Command transcgo has no C code of its own: cgo reaches it two modules down
// (transcgo -> example.com/mid -> example.com/cdep/native), the case the seed article names.
package main

import (
	"fmt"

	"example.com/mid"
)

func main() { fmt.Println(mid.Quadruple(3)) }
