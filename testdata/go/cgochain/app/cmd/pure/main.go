// No cgo anywhere: crossgo cgo exits 0.
package main

import "fmt"

func main() { fmt.Println("pure") }
