// Standard-library packages with cgo variants: net's resolver and os/user's lookup.
package main

import (
	"fmt"
	"net"
	"os/user"
)

func main() {
	_, err := net.LookupHost("localhost")
	u, uerr := user.Current()
	fmt.Println(err == nil, uerr == nil && u != nil)
}
