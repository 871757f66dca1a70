// Hardening facts as checksec defines them: PIE, RELRO, NX stack, symbols, debug info, build-id.
#include <cstdio>
#include <string>

#include "analysis/analyzers.h"
#include "crossgo/elf.h"
#include "crossgo/limits.h"

namespace crossgo::analysis {

void analyze_hardening(const Image& img, ArtifactReport& r) {
  HardeningReport& h = r.hardening;
  h.pie = r.kind == "pie-executable";
  bool relro = false;
  for (const auto& seg : img.segments) {
    if (seg.type == elf::PT_GNU_RELRO) relro = true;
    if (seg.type == elf::PT_GNU_STACK) h.nx_stack = (seg.flags & elf::PF_X) == 0;
  }
  const bool now = img.dt_bind_now || (img.dt_flags & elf::DF_BIND_NOW) || (img.dt_flags_1 & elf::DF_1_NOW);
  h.relro = !relro ? "none" : (now ? "full" : "partial");
  h.stripped = !img.has_symtab;
  // DWARF means debug info proper: .debug_frame alone is unwind data and .debug_gdb_scripts is
  // not DWARF at all (the same rule as file(1)'s "with debug_info").
  for (const auto& s : img.sections) {
    if (s.name == ".debug_info" || s.name == ".zdebug_info") {
      h.dwarf = true;
      break;
    }
  }
  for (const auto& n : img.notes) {
    // NT_GNU_BUILD_ID: 16 (md5/uuid) or 20 (sha1) bytes in practice; a hostile size is not a build-id.
    if (n.owner == "GNU" && n.type == 3 && !n.desc.empty() && n.desc.size() <= limits::kMaxBuildIdBytes) {
      std::string hex;
      hex.reserve(n.desc.size() * 2);
      for (uint8_t b : n.desc) {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", b);
        hex += buf;
      }
      h.gnu_build_id = hex;
      break;
    }
  }
}

}  // namespace crossgo::analysis
