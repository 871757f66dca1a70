package main

import (
	"fmt"

	"example.com/app/internal/cfiles"
)

func main() { fmt.Println(cfiles.Three()) }
