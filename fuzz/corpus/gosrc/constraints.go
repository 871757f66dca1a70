//go:build linux && (amd64 || arm64) && !cgo

package p

import (
	"fmt"
	str "strings"
	. "math"
	_ "embed"
)

var x, y = fmt.Sprint(str.ToUpper("a")), Pi
