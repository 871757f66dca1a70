//go:build foo && !bar

package constraints
