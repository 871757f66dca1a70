// Command sample is the Go program crossgo's fixtures and demo are built from. Like the lab's
// app it reaches cgo only through the standard library (net's resolver, os/user's lookups), so a
// CGO_ENABLED=1 build links runtime/cgo without any C code of its own, while CGO_ENABLED=0 gives a
// pure-Go binary. The greet dependency is a local module (replace directive) so that the build info
// carries a "dep" line with a "=>" replacement, without needing a module proxy.
package main

import (
	"fmt"
	"net"
	"os/user"
	"runtime"

	"example.com/greet"
)

func main() {
	fmt.Println(greet.Hello(runtime.GOOS + "/" + runtime.GOARCH))
	addrs, err := net.LookupHost("localhost")
	fmt.Printf("LookupHost(localhost) = %v err=%v\n", addrs, err)
	u, err := user.Current()
	fmt.Printf("user.Current ok=%v err=%v\n", u != nil && u.Username != "", err)
}
