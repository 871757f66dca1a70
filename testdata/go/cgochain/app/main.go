package main

import (
	"fmt"

	"example.com/a"
)

func main() { fmt.Println(a.Root(16)) }
