// Plan 9 a.out details: the header's fields as the file states them, the magic decoded, and the
// load addresses the reader derived. Keys in docs/formats/plan9.md.
#include <cstdio>
#include <string>

#include "output/details.h"

namespace crossgo::output {
namespace {

std::string hex(uint64_t v, int width = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%0*llx", width, static_cast<unsigned long long>(v));
  return buf;
}

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

nlohmann::ordered_json plan9_details_json(const Plan9Details& d) {
  nlohmann::ordered_json j;
  j["magic"] = hex(d.magic, 4);
  j["magic_name"] = magic_name(d.magic);
  j["has_header_expansion"] = d.has_header_expansion;
  j["text_size"] = d.text_size;
  j["data_size"] = d.data_size;
  j["bss_size"] = d.bss_size;
  j["syms_size"] = d.syms_size;
  j["sp_size"] = d.sp_size;
  j["pc_size"] = d.pc_size;
  j["entry_field"] = hex(d.entry_field);
  j["text_addr"] = hex(d.text_addr);
  j["data_addr"] = hex(d.data_addr);
  return j;
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
