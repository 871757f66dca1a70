package p

/*
#cgo CFLAGS: -DX=1
#cgo LDFLAGS: -lm
#include <math.h>
*/
import "C"

func Sqrt(x float64) float64 { return float64(C.sqrt(C.double(x))) }
