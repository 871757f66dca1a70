// Where Go's linker puts its metadata in a Plan 9 a.out (plan9/386, plan9/amd64, plan9/arm).
//  - Build info: debug/buildinfo's plan9objExe.DataStart is the "data" section (go:buildinfo is
//    its first symbol on 1.23; the magic is at data's first byte on 1.19 and 1.23 alike).
//  - pclntab: Plan 9 has no separate read-only segment: cmd/link/internal/ld/data.go (dodata)
//    puts rodata, including runtime.pclntab … runtime.epclntab, in the text segment, right after
//    the code. cmd/internal/objfile/plan9obj.go (pcln) finds it through those two symbols; without
//    a symbol table, text then data are searched.
//  - Build ID: the go:buildid text is the first thing in text (symbol go:buildid ==
//    runtime.text), inside the first 32 KiB cmd/internal/buildid reads.
#include <algorithm>

#include "crossgo/go_layout.h"
#include "crossgo/limits.h"

namespace crossgo {
GoLayout go_layout_plan9(const Image& image) {
  GoLayout layout;
  const Section* text = image.find_section("text");
  const Section* data = image.find_section("data");
  if (data != nullptr && data->has_file_data) {
    layout.buildinfo.push_back(region_of(*data));
    layout.data.push_back(region_of(*data));
  }
  const GoRuntimeSymbols syms = find_go_runtime_symbols(image);
  if (auto r = pclntab_region_from_symbols(image, syms)) layout.pclntab_sections.push_back(*r);
  if (text != nullptr && text->has_file_data) {
    layout.pclntab_search.push_back(region_of(*text));
    layout.rodata.push_back(region_of(*text));
    FileRegion start = region_of(*text);
    start.size = std::min<uint64_t>(start.size, limits::kGoBuildIdScan);
    start.where = "text start";
    layout.build_id_text.push_back(start);
  }
  if (data != nullptr && data->has_file_data) layout.pclntab_search.push_back(region_of(*data));
  // runtime.text, where the pclntab's function offsets start: the text segment plus the
  // alignment of the first function (amd64 aligns functions to 32 bytes, cmd/link/internal/amd64
  // l.go funcAlign, so text at 0x200028 starts its code at 0x200040). Only the symbol says it
  // for certain; Go >= 1.18 pclntab headers carry it too.
  if (syms.text) layout.text_start = *syms.text;
  return layout;
}

}  // namespace crossgo
