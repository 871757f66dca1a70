//go:build cgo

package constraints

const withCgo = true
