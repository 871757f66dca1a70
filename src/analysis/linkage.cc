// Linkage (static / static-pie / dynamic), the libc flavour and the version floors a dynamic
// binary imposes on its target (highest GLIBC_x.y, GLIBCXX_x.y.z, CXXABI_x.y it needs).
#include <charconv>
#include <string>

#include "analysis/analyzers.h"
#include "crossgo/elf.h"

namespace crossgo::analysis {

int compare_dotted_versions(std::string_view a, std::string_view b) {
  while (!a.empty() || !b.empty()) {
    unsigned long x = 0, y = 0;
    auto take = [](std::string_view& s, unsigned long& v) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      (void)ec;
      s.remove_prefix(static_cast<size_t>(p - s.data()));
      if (!s.empty() && s.front() == '.') s.remove_prefix(1);
      else if (!s.empty() && p == s.data()) s = {};  // not a number: stop comparing
    };
    take(a, x);
    take(b, y);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

namespace {

bool is_version_of(std::string_view v, std::string_view prefix) {
  return v.size() > prefix.size() && v.starts_with(prefix) &&
         v[prefix.size()] >= '0' && v[prefix.size()] <= '9';
}

std::optional<VersionFloor> floor_for(const Image& img, std::string_view prefix) {
  std::optional<VersionFloor> best;
  for (const auto& need : img.version_needs) {
    if (!is_version_of(need.version, prefix)) continue;
    std::string_view v = std::string_view(need.version).substr(prefix.size());
    if (!best || compare_dotted_versions(v, best->version) > 0) best = VersionFloor{std::string(v), need.symbol};
  }
  return best;
}

const char* dt_flag_name(uint64_t bit, bool flags_1) {
  if (!flags_1) {
    switch (bit) {
      case 0x1: return "ORIGIN"; case 0x2: return "SYMBOLIC"; case 0x4: return "TEXTREL";
      case 0x8: return "BIND_NOW"; case 0x10: return "STATIC_TLS"; default: return nullptr;
    }
  }
  switch (bit) {
    case 0x1: return "NOW"; case 0x2: return "GLOBAL"; case 0x4: return "GROUP";
    case 0x8: return "NODELETE"; case 0x10: return "LOADFLTR"; case 0x20: return "INITFIRST";
    case 0x40: return "NOOPEN"; case 0x80: return "ORIGIN"; case 0x100: return "DIRECT";
    case 0x400: return "INTERPOSE"; case 0x800: return "NODEFLIB"; case 0x1000: return "NODUMP";
    case 0x8000000: return "PIE"; default: return nullptr;
  }
}

}  // namespace

void analyze_linkage(const Image& img, ArtifactReport& r) {
  switch (img.elf_type) {
    case elf::ET_REL: r.kind = "relocatable"; return;
    case elf::ET_CORE: r.kind = "core"; return;
    case elf::ET_EXEC: r.kind = "executable"; break;
    case elf::ET_DYN:
      // A DYN object is a PIE executable when it asks for an interpreter or says so in DF_1_PIE;
      // otherwise it is a shared library (which may still have an entry point, like libc.so.6).
      r.kind = (img.interpreter || (img.dt_flags_1 & elf::DF_1_PIE)) ? "pie-executable" : "shared-library";
      break;
    default: r.kind = "unknown type " + std::to_string(img.elf_type); return;
  }
  if (img.interpreter) r.linkage = "dynamic";
  else if (*r.kind == "pie-executable") r.linkage = "static-pie";
  else if (*r.kind == "shared-library") r.linkage = "dynamic";
  else r.linkage = img.needed.empty() ? "static" : "dynamic";

  r.interpreter = img.interpreter;
  r.needed = img.needed;
  r.rpath = img.rpath;
  r.runpath = img.runpath;
  r.soname = img.soname;
  for (uint64_t bit = 1; bit != 0; bit <<= 1) {
    if (img.dt_flags & bit) {
      const char* n = dt_flag_name(bit, false);
      r.dt_flags.push_back(n ? std::string("DF_") + n : "DF_" + std::to_string(bit));
    }
  }
  for (uint64_t bit = 1; bit != 0; bit <<= 1) {
    if (img.dt_flags_1 & bit) {
      const char* n = dt_flag_name(bit, true);
      r.dt_flags.push_back(n ? std::string("DF_1_") + n : "DF_1_" + std::to_string(bit));
    }
  }
  r.min_glibc = floor_for(img, "GLIBC_");
  r.min_glibcxx = floor_for(img, "GLIBCXX_");
  r.min_cxxabi = floor_for(img, "CXXABI_");
}

}  // namespace crossgo::analysis
