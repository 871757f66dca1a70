// Package constraints has one file per go/build rule, for crossgo cgo --files.
package constraints
