// A pure-Go (CGO_ENABLED=0), statically linked linux/amd64 program: a large embedded payload plus
// a realistic amount of code (HTTP, TLS, JSON, compression), so the binary has a large pclntab and
// symbol table as well as a large .rodata.
package main

import (
	"compress/gzip"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"text/template"

	"crossgo.bench/large/payload"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "serve" {
		srv := &http.Server{Addr: "127.0.0.1:0", TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
		_ = srv.ListenAndServe()
	}
	zw := gzip.NewWriter(os.Stdout)
	_ = json.NewEncoder(zw).Encode(map[string]uint64{"checksum": payload.Checksum()})
	_ = zw.Close()
	t := template.Must(template.New("n").Parse("{{.}} bytes\n"))
	_ = t.Execute(os.Stderr, fmt.Sprint(len(payload.Data)))
}
