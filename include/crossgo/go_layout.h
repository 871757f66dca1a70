// Where Go's linker puts its metadata in each format: the one place that knows both Go and the
// formats, like the per-format exe adapters of Go's src/debug/buildinfo/buildinfo.go (elfExe,
// machoExe, peExe, xcoffExe, plan9objExe: ReadData(addr, size) and DataStart()). The Go metadata
// readers (buildinfo.cc, pclntab.cc, go_version.cc, build_id.cc, cgo_detect.cc) only ever see a
// GoLayout and the Image's neutral read_at_address; they never branch on the format.
//
// One adapter per format, in src/go/layout_<format>.cc, registered in layout.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/image.h"

namespace crossgo {

// A range of file bytes, with its address when it is loaded and a name for evidence and errors.
struct FileRegion {
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t addr = 0;  // 0 when not loaded / unknown
  std::string where;  // ".go.buildinfo", "__DATA,__go_buildinfo", "first writable PT_LOAD" …
  // What follows the region's last byte in memory is zeros (a wasm data segment: Go's wasm linker
  // drops runs of zero bytes between segments), so a string may end exactly at the region's end.
  bool zeros_follow = false;
};

struct GoLayout {
  // Where build info can be, best first (debug/buildinfo's DataStart: the dedicated section, else
  // the format's first writable data). Only the first region that exists is searched, as in Go.
  std::vector<FileRegion> buildinfo;
  // Sections the linker names for the pclntab (.gopclntab, __gopclntab, .data.rel.ro.gopclntab …);
  // a header there is trusted.
  std::vector<FileRegion> pclntab_sections;
  // Where to look when no named section has it (PE keeps runtime.pclntab inside .rdata; external
  // linking on ELF keeps it inside .data.rel.ro; section headers may be stripped). Searched with
  // header validation, bounded by limits::kMaxPclntabScan.
  std::vector<FileRegion> pclntab_search;
  // Read-only data that holds runtime.buildVersion's text, and the data that holds its string
  // header (runtime.buildVersion itself): how the version is reached without build info.
  std::vector<FileRegion> rodata;
  std::vector<FileRegion> data;  // empty: the rodata regions hold the data too (wasm segments)
  // The Go build ID: a value the format stores natively (the ELF note "Go"/4), else regions
  // searched for the "\xff Go build ID: \"…\"\n \xff" text (cmd/internal/buildid: the file's
  // first 32 KiB, the start of the text section).
  std::optional<std::string> build_id;
  std::vector<FileRegion> build_id_text;
  // The start of the text (code) the pclntab's entry offsets are relative to, when known.
  std::optional<uint64_t> text_start;
  // Bytes that say "a Go toolchain made this" without build info: e.g. the wasm custom section
  // "go:buildid" or the ELF ".note.go.buildid" section. Evidence strings.
  std::vector<std::string> go_markers;
  // Go's pointer size for the format when the header's word size is not it (wasm: 32-bit
  // addresses, but Go's ArchWasm has PtrSize 8, cmd/internal/sys/arch.go); 0 when bits/8 is right.
  int go_pointer_size = 0;
  // The Go version the linker wrote into a field of the format's own (the wasm producers section:
  // cmd/link/internal/wasm writeProducerSec, language "Go" with buildcfg.Version; Go 1.19 and 1.23
  // both write it),
  // with where it was read: the version of a module that has no build info, without a search.
  struct LinkerVersion {
    std::string version, source;
  };
  std::optional<LinkerVersion> linker_version;
};

// The layout for `image`'s format (an empty layout for formats Go does not write).
GoLayout go_layout(const Image& image);

// Per-format adapters (src/go/layout_<format>.cc).
GoLayout go_layout_elf(const Image& image);
GoLayout go_layout_macho(const Image& image);
GoLayout go_layout_pe(const Image& image);
GoLayout go_layout_xcoff(const Image& image);
GoLayout go_layout_plan9(const Image& image);
GoLayout go_layout_wasm(const Image& image);

// The Go runtime's own symbols that locate its tables, when the image has a symbol table
// (cmd/internal/objfile: runtime.pclntab … runtime.epclntab, runtime.text; Go before 1.3 named
// them pclntab/epclntab). One walk of the symbols finds all three.
struct GoRuntimeSymbols {
  std::optional<uint64_t> pclntab, epclntab, text;
};
GoRuntimeSymbols find_go_runtime_symbols(const Image& image);
// The pclntab range those symbols give, as a region ("runtime.pclntab symbol"); nullopt when the
// symbols are missing or the range is not backed by file data.
std::optional<FileRegion> pclntab_region_from_symbols(const Image& image, const GoRuntimeSymbols& syms);

// A section as a region ("" where → its name, or "segment,section" for Mach-O).
FileRegion region_of(const Section& s);

}  // namespace crossgo
