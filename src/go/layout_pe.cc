// Where Go's linker puts its metadata in a PE image (cmd/link/internal/ld/pe.go), and how Go's
// own tools find it:
//   - build info: debug/buildinfo peExe.DataStart (Go 1.19 and 1.23 alike): the first section
//     with VirtualAddress != 0, SizeOfRawData != 0 and Characteristics, ignoring the
//     IMAGE_SCN_ALIGN_32BYTES bits, exactly CNT_INITIALIZED_DATA|MEM_READ|MEM_WRITE (".data");
//   - pclntab: PE has no .gopclntab section; the table is inside .rdata between the COFF symbols
//     runtime.pclntab and runtime.epclntab (cmd/internal/objfile/pe.go loadPETable; "pclntab" and
//     "epclntab" before Go 1.4). Without a symbol table (-ldflags=-s) .rdata is searched;
//   - build ID: the "\xff Go build ID: " text the linker places first in .text, inside the
//     first 32 KiB of the file (cmd/internal/buildid readRaw reads that much);
//   - text start: runtime.text, else .text's address (objfile pe.go pcln: imageBase +
//     .text VirtualAddress). Measured on Go 1.19.8 and 1.23.5 windows/386, amd64, arm64 and a
//     mingw-w64 cgo build, where runtime.text is 0x540 past the start of .text.
#include <algorithm>
#include <string>
#include <string_view>

#include "crossgo/byte_source.h"
#include "crossgo/go_layout.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

// Section Flags (PE Format specification), as debug/buildinfo spells the test.
constexpr uint64_t kScnCntInitializedData = 0x00000040;
constexpr uint64_t kScnMemRead = 0x40000000;
constexpr uint64_t kScnMemWrite = 0x80000000;
constexpr uint64_t kScnAlign32Bytes = 0x00600000;

const Section* first_data_section(const Image& image) {
  for (const Section& s : image.sections) {
    const bool mapped = s.addr != image.image_base;  // VirtualAddress != 0
    if (mapped && s.has_file_data && s.size != 0 &&
        (s.flags & ~kScnAlign32Bytes) == (kScnCntInitializedData | kScnMemRead | kScnMemWrite))
      return &s;
  }
  return nullptr;
}

}  // namespace

GoLayout go_layout_pe(const Image& image) {
  GoLayout out;
  const Section* data = first_data_section(image);
  if (data != nullptr) {
    FileRegion r = region_of(*data);
    r.where = data->name + " (first writable data section)";
    out.buildinfo.push_back(r);
    out.data.push_back(region_of(*data));
  }

  const GoRuntimeSymbols syms = find_go_runtime_symbols(image);
  if (auto r = pclntab_region_from_symbols(image, syms)) out.pclntab_sections.push_back(*r);
  if (const Section* rdata = image.find_section(".rdata"); rdata != nullptr && rdata->has_file_data) {
    out.pclntab_search.push_back(region_of(*rdata));
    out.rodata.push_back(region_of(*rdata));
  }

  if (image.source != nullptr) {
    out.build_id_text.push_back(
        {0, std::min<uint64_t>(image.source->size(), limits::kGoBuildIdScan), 0, "first 32 KiB of the file"});
  }
  if (const Section* text = image.find_section(".text"); text != nullptr) {
    if (text->has_file_data) {
      FileRegion r = region_of(*text);
      r.size = std::min<uint64_t>(r.size, limits::kGoBuildIdScan);
      r.where = ".text (start)";
      out.build_id_text.push_back(r);
    }
    out.text_start = text->addr;
  }
  if (syms.text) out.text_start = *syms.text;
  return out;
}

}  // namespace crossgo
