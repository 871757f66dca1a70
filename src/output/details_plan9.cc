// Plan 9 a.out details: the header's fields as the file states them, the magic decoded, and the
// load addresses the reader derived. Keys in docs/formats/plan9.md.
#include <cstdio>
#include <string>

#include "output/details.h"
#include "crossgo/hex.h"

namespace crossgo::output {
namespace {

// <a.out.h>: I_MAGIC _MAGIC(0, 11), S_MAGIC _MAGIC(HDR_MAGIC, 26), E_MAGIC _MAGIC(0, 20).
const char* magic_name(uint32_t magic) {
  switch (magic) {
    case 0x01eb: return "I_MAGIC";
    case 0x8a97: return "S_MAGIC";
    case 0x0647: return "E_MAGIC";
    default: return "unknown";
  }
}

}  // namespace

void plan9_details_json(JsonWriter& w, const Plan9Details& d) {
  w.begin_object();
  w.field("magic", hex(d.magic, 4));
  w.field("magic_name", magic_name(d.magic));
  w.field("has_header_expansion", d.has_header_expansion);
  w.field("text_size", d.text_size);
  w.field("data_size", d.data_size);
  w.field("bss_size", d.bss_size);
  w.field("syms_size", d.syms_size);
  w.field("sp_size", d.sp_size);
  w.field("pc_size", d.pc_size);
  w.field("entry_field", hex(d.entry_field));
  w.field("text_addr", hex(d.text_addr));
  w.field("data_addr", hex(d.data_addr));
  w.end_object();
}

DetailLines plan9_details_text(const Plan9Details& d) {
  DetailLines out;
  out.emplace_back("Plan 9 magic", hex(d.magic, 4) + " (" + magic_name(d.magic) +
                                       (d.has_header_expansion ? ", expanded header" : "") + ")");
  out.emplace_back("Plan 9 sizes", "text " + std::to_string(d.text_size) + ", data " + std::to_string(d.data_size) +
                                       ", bss " + std::to_string(d.bss_size) + ", syms " +
                                       std::to_string(d.syms_size) + ", spsz " + std::to_string(d.sp_size) +
                                       ", pcsz " + std::to_string(d.pc_size));
  out.emplace_back("Plan 9 text/data at", hex(d.text_addr) + " / " + hex(d.data_addr));
  return out;
}

}  // namespace crossgo::output
