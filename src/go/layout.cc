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
