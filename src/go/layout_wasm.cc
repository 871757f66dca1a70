// Where Go's wasm linker (cmd/link/internal/wasm/asm.go) puts its metadata in a WebAssembly module.
//
// Build info: none. asmb() writes exactly the linker sections runtime.rodata, typelink, itablink,
// symtab, pclntab, noptrdata and data into the data section; the .go.buildinfo section that
// (*Link).buildinfo (cmd/link/internal/ld/data.go) creates is not among them, so the
// "\xff Go buildinf:" blob never reaches the file, and debug/buildinfo has no wasm reader
// (`go version -m` answers "unrecognized file format" for Go 1.19 and 1.23 modules alike).
// runtime.buildVersion and runtime.modinfo are ordinary strings in the data segments, though.
//
// Data: writeDataSec emits one data segment per run of non-zero bytes (zero runs of 8 bytes or
// more are left out, at most 100000 segments), each an active segment at its linear-memory
// address (i32.const), which is the address Go's own pointers hold. The reader made each one an
// Image segment with vaddr = that address. The segments carry no names, so rodata, the pclntab
// and data cannot be told apart: every region list below is all of them, in memory order.
// Pointers are 8 bytes (cmd/internal/sys ArchWasm: PtrSize 8), although linear memory is 32-bit.
//
// Build ID: writeBuildID puts the build ID text ("\xff Go build ID: \"…\"\n \xff", what
// cmd/internal/buildid reads) into the first section of the module, a custom section named
// "go:buildid" (Go 1.23; "go.buildid" in Go 1.19, before the linker's go.* symbols became go:*).
// writeProducerSec adds the tool-conventions "producers" section: language "Go" with the Go version.
#include <string>

#include "crossgo/go_layout.h"

namespace crossgo {
namespace {

bool is_build_id_section(const std::string& name) { return name == "go:buildid" || name == "go.buildid"; }

}  // namespace

GoLayout go_layout_wasm(const Image& image) {
  GoLayout layout;
  if (!image.wasm) return layout;
  const WasmDetails& w = *image.wasm;

  for (const auto& cs : w.customs) {
    if (is_build_id_section(cs.name)) {
      layout.go_markers.push_back("wasm custom section \"" + cs.name + "\" (cmd/link/internal/wasm writeBuildID)");
      layout.build_id_text.push_back(FileRegion{cs.payload_offset, cs.payload_size, 0, "custom section " + cs.name});
    }
  }
  for (const auto& p : w.producers) {
    if (p.field == "language" && p.name == "Go") {
      layout.go_markers.push_back("wasm producers section: language Go " + p.version +
                                  " (cmd/link/internal/wasm writeProducerSec)");
      if (p.version.starts_with("go") && !layout.linker_version)
        layout.linker_version = GoLayout::LinkerVersion{p.version, "wasm producers section"};
    }
  }

  // runtime.buildVersion's text is in rodata and its string header in data: both inside the same
  // unnamed segments (Go's linker splits the data at every run of zeros, so a module has tens of
  // thousands: the names stay short enough to need no allocation). The pclntab is not searched:
  // its header sits in a segment of its own with its tables spread over the following ones, so no
  // one segment can validate it (cgo is then unknown for wasm, which has no cgo anyway).
  layout.go_pointer_size = 8;  // ArchWasm.PtrSize (cmd/internal/sys/arch.go)
  layout.rodata.reserve(image.segments.size());
  for (size_t i = 0; i < image.segments.size(); ++i) {
    const Segment& s = image.segments[i];
    layout.rodata.push_back(FileRegion{s.offset, s.filesz, s.vaddr, "data " + std::to_string(i), true});
  }
  // layout.data stays empty: the same regions hold both (go_layout.h).
  return layout;
}

}  // namespace crossgo
