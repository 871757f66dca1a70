package undefined

// Twice adds x to itself.
func Twice(x int) int {
	return fastAdd(x, x)
}
