// Command cgosample has its own C code and no pure-Go fallback: the unconditional import "C"
// means CGO_ENABLED=0 cannot build it and a real C compiler for the target is always needed.
// The C part calls into libc (getpid, and gnu_get_libc_version on glibc) so the binary carries
// libc symbol references; with cgo the Go linker switches to external linking.
package main

/*
#include <unistd.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
static const char *libc_name(void) { return gnu_get_libc_version(); }
#else
static const char *libc_name(void) { return "non-glibc"; }
#endif
static int add(int a, int b) { return a + b; }
*/
import "C"

import (
	"fmt"
	"net"
	"os/user"
	"runtime"
)

func main() {
	fmt.Printf("cgosample %s/%s libc=%s add=%d pid>0=%v\n", runtime.GOOS, runtime.GOARCH,
		C.GoString(C.libc_name()), int(C.add(2, 3)), C.getpid() > 0)
	addrs, err := net.LookupHost("localhost")
	fmt.Printf("LookupHost(localhost) = %v err=%v\n", addrs, err)
	u, err := user.Current()
	fmt.Printf("user.Current ok=%v err=%v\n", u != nil && u.Username != "", err)
}
