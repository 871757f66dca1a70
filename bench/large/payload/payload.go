// Package payload holds the large generated blob that makes the benchmark's static binaries
// ~100 MB. payload.bin is not committed: bench/build-large.sh generates it (deterministically)
// next to a copy of this file under .cache/bench before building.
package payload

import _ "embed"

//go:embed payload.bin
var Data string

// Checksum touches every 4096th byte, so the linker keeps Data and the program has a use for it.
func Checksum() uint64 {
	var s uint64
	for i := 0; i < len(Data); i += 4096 {
		s = s*31 + uint64(Data[i])
	}
	return s
}
