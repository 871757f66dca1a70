// Where Go's linker puts its metadata in an XCOFF (aix/ppc64) executable.
//  - Build info: debug/buildinfo's xcoffExe.DataStart is the STYP_DATA section (SectionByType);
//    cmd/link/internal/ld/data.go puts go:buildinfo first in it (Go >= 1.18; verified on 1.19 and
//    1.23 binaries: the magic is at .data's first byte).
//  - pclntab: XCOFF has no rodata section; cmd/link/internal/ld/xcoff.go puts the read-only
//    segment (runtime.rodata … runtime.epclntab) in .text (symbols runtime.pclntab and
//    runtime.epclntab, both in section 1 on 1.19 and 1.23). cmd/internal/objfile/xcoff.go
//    (pcln) finds it through those two symbols; without them, .text then .data are searched.
//  - Build ID: cmd/internal/buildid reads the first 32 KiB of the file; the linker writes the
//    go:buildid text at the start of .text (symbol go:buildid == runtime.text).
#include <algorithm>
#include <string_view>

#include "crossgo/go_layout.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr uint32_t kStypText = 0x0020, kStypData = 0x0040;  // XCOFF s_flags

const Section* first_of_type(const Image& image, uint32_t styp) {
  for (const auto& s : image.sections)
    if ((s.type & styp) != 0 && s.has_file_data) return &s;
  return nullptr;
}

}  // namespace

GoLayout go_layout_xcoff(const Image& image) {
  GoLayout layout;
  const Section* text = first_of_type(image, kStypText);
  const Section* data = first_of_type(image, kStypData);
  if (data != nullptr) {
    layout.buildinfo.push_back(region_of(*data));
    layout.data.push_back(region_of(*data));
  }
  const GoRuntimeSymbols syms = find_go_runtime_symbols(image);
  if (auto r = pclntab_region_from_symbols(image, syms)) layout.pclntab_sections.push_back(*r);
  if (text != nullptr) {
    layout.pclntab_search.push_back(region_of(*text));
    layout.rodata.push_back(region_of(*text));
    FileRegion start = region_of(*text);
    start.size = std::min<uint64_t>(start.size, limits::kGoBuildIdScan);
    start.where = text->name + " start";
    layout.build_id_text.push_back(start);
    layout.text_start = text->addr;
  }
  if (data != nullptr) layout.pclntab_search.push_back(region_of(*data));
  if (syms.text) layout.text_start = *syms.text;
  return layout;
}

}  // namespace crossgo
