// +build linux,amd64 darwin
// +build !cgo

package p

type T struct {
	Name, Kind string
	io.Reader
	p *U `json:"p"`
}

type (
	G[E any] []E
	I interface{ M(int) V }
)

const (
	A = iota
	B
)

func (t *T) M() R { v := T{Name: `raw`, Kind: K}; switch t { case Zero, One: }; return v }
