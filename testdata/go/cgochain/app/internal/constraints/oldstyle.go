// +build linux,amd64 darwin

package constraints

const oldStyle = true
