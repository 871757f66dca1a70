//go:build unix

package constraints

const isUnix = true
