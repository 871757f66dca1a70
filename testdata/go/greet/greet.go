// Package greet is a tiny local dependency of the sample command (see sample/go.mod).
package greet

// Hello returns a greeting for who.
func Hello(who string) string { return "hello from " + who }
