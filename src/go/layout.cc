#include "crossgo/go_layout.h"

namespace crossgo {

FileRegion region_of(const Section& s) {
  FileRegion r;
  r.offset = s.offset;
  r.size = s.has_file_data ? s.size : 0;
  r.addr = s.addr;
  r.where = s.segment.empty() ? s.name : s.segment + "," + s.name;
  return r;
}

GoRuntimeSymbols find_go_runtime_symbols(const Image& image) {
  GoRuntimeSymbols out;
  if (!image.visit_symbols) return out;
  std::optional<uint64_t> old_start, old_end;
  image.visit_symbols([&](const SymbolRef& s) {
    if (!s.defined) return false;
    if (s.name == "runtime.pclntab") out.pclntab = s.value;
    else if (s.name == "runtime.epclntab") out.epclntab = s.value;
    else if (s.name == "runtime.text") out.text = s.value;
    else if (s.name == "pclntab") old_start = s.value;
    else if (s.name == "epclntab") old_end = s.value;
    return out.pclntab && out.epclntab && out.text;
  });
  if (!out.pclntab || !out.epclntab) {
    out.pclntab = old_start;
    out.epclntab = old_end;
  }
  return out;
}

std::optional<FileRegion> pclntab_region_from_symbols(const Image& image, const GoRuntimeSymbols& syms) {
  if (!syms.pclntab || !syms.epclntab || *syms.epclntab <= *syms.pclntab) return std::nullopt;
  const uint64_t len = *syms.epclntab - *syms.pclntab;
  const auto off = image.file_offset_of(*syms.pclntab, len);
  if (!off) return std::nullopt;
  return FileRegion{*off, len, *syms.pclntab, "runtime.pclntab symbol"};
}

GoLayout go_layout(const Image& image) {
  switch (image.format) {
    case Format::elf: return go_layout_elf(image);
    case Format::macho: return go_layout_macho(image);
    case Format::pe: return go_layout_pe(image);
    case Format::xcoff: return go_layout_xcoff(image);
    case Format::plan9: return go_layout_plan9(image);
    case Format::wasm: return go_layout_wasm(image);
    default: return {};
  }
}

}  // namespace crossgo
