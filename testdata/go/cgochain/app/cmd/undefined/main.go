package main

import (
	"fmt"

	"example.com/app/internal/undefined"
)

func main() { fmt.Println(undefined.Twice(2)) }
