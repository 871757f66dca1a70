package main

import (
	"fmt"

	"example.com/app/internal/fallback"
)

func main() { fmt.Println(fallback.Name()) }
