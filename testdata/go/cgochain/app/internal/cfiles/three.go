// Package cfiles has a C file next to its cgo file.
package cfiles

// int three(void);
import "C"

// Three is the C file's three().
func Three() int { return int(C.three()) }
