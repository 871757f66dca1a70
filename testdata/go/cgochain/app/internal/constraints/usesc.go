package constraints

// #include <stdlib.h>
import "C"

var cAbs = C.abs
