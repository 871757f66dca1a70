// Spellings from <mach/machine.h>, <mach-o/loader.h> and cctools' arch.c (the table lipo and
// NXGetArchInfoFromCpuType use for architecture names).
#include "formats/macho/macho_names.h"

#include <cstdio>

#include "formats/macho/macho_structs.h"
#include "crossgo/hex.h"

namespace crossgo::macho {

namespace {

// ARM (32-bit) subtypes, index = CPU_SUBTYPE_ARM_*; cctools arch.c names.
struct ArmSubtype {
  uint32_t value;
  const char* arch;
  const char* constant;
};
constexpr ArmSubtype kArmSubtypes[] = {
    {0, "arm", "CPU_SUBTYPE_ARM_ALL"},          {5, "armv4t", "CPU_SUBTYPE_ARM_V4T"},
    {6, "armv6", "CPU_SUBTYPE_ARM_V6"},         {7, "armv5", "CPU_SUBTYPE_ARM_V5TEJ"},
    {8, "xscale", "CPU_SUBTYPE_ARM_XSCALE"},    {9, "armv7", "CPU_SUBTYPE_ARM_V7"},
    {10, "armv7f", "CPU_SUBTYPE_ARM_V7F"},      {11, "armv7s", "CPU_SUBTYPE_ARM_V7S"},
    {12, "armv7k", "CPU_SUBTYPE_ARM_V7K"},      {13, "armv8", "CPU_SUBTYPE_ARM_V8"},
    {14, "armv6m", "CPU_SUBTYPE_ARM_V6M"},      {15, "armv7m", "CPU_SUBTYPE_ARM_V7M"},
    {16, "armv7em", "CPU_SUBTYPE_ARM_V7EM"},
};

const ArmSubtype* arm_subtype(uint32_t sub) {
  for (const auto& s : kArmSubtypes)
    if (s.value == sub) return &s;
  return nullptr;
}

}  // namespace

std::string arch_name(uint32_t cputype, uint32_t cpusubtype) {
  const uint32_t sub = cpusubtype & ~CPU_SUBTYPE_MASK;
  switch (cputype) {
    case CPU_TYPE_X86: return "i386";
    case CPU_TYPE_X86_64: return sub == CPU_SUBTYPE_X86_64_H ? "x86_64h" : "x86_64";
    case CPU_TYPE_ARM64: return sub == CPU_SUBTYPE_ARM64E ? "arm64e" : "arm64";
    case CPU_TYPE_ARM64_32: return "arm64_32";
    case CPU_TYPE_ARM:
      if (const ArmSubtype* s = arm_subtype(sub)) return s->arch;
      break;
    case CPU_TYPE_POWERPC: return "ppc";
    case CPU_TYPE_POWERPC64: return "ppc64";
    case CPU_TYPE_MC680x0: return "m68k";
    case CPU_TYPE_SPARC: return "sparc";
    default: break;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "cputype %u subtype %u", cputype, sub);
  return buf;
}

const char* cputype_name(uint32_t cputype) {
  switch (cputype) {
    case CPU_TYPE_X86: return "CPU_TYPE_X86";
    case CPU_TYPE_X86_64: return "CPU_TYPE_X86_64";
    case CPU_TYPE_ARM: return "CPU_TYPE_ARM";
    case CPU_TYPE_ARM64: return "CPU_TYPE_ARM64";
    case CPU_TYPE_ARM64_32: return "CPU_TYPE_ARM64_32";
    case CPU_TYPE_POWERPC: return "CPU_TYPE_POWERPC";
    case CPU_TYPE_POWERPC64: return "CPU_TYPE_POWERPC64";
    case CPU_TYPE_MC680x0: return "CPU_TYPE_MC680x0";
    case CPU_TYPE_SPARC: return "CPU_TYPE_SPARC";
    default: return nullptr;
  }
}

const char* cpusubtype_name(uint32_t cputype, uint32_t cpusubtype) {
  const uint32_t sub = cpusubtype & ~CPU_SUBTYPE_MASK;
  switch (cputype) {
    case CPU_TYPE_X86:
      return sub == 3 ? "CPU_SUBTYPE_I386_ALL" : nullptr;
    case CPU_TYPE_X86_64:
      if (sub == CPU_SUBTYPE_X86_64_ALL) return "CPU_SUBTYPE_X86_64_ALL";
      if (sub == CPU_SUBTYPE_X86_64_H) return "CPU_SUBTYPE_X86_64_H";
      return nullptr;
    case CPU_TYPE_ARM64:
      if (sub == CPU_SUBTYPE_ARM64_ALL) return "CPU_SUBTYPE_ARM64_ALL";
      if (sub == CPU_SUBTYPE_ARM64_V8) return "CPU_SUBTYPE_ARM64_V8";
      if (sub == CPU_SUBTYPE_ARM64E) return "CPU_SUBTYPE_ARM64E";
      return nullptr;
    case CPU_TYPE_ARM64_32:
      return sub == 1 ? "CPU_SUBTYPE_ARM64_32_V8" : nullptr;
    case CPU_TYPE_ARM:
      if (const ArmSubtype* s = arm_subtype(sub)) return s->constant;
      return nullptr;
    case CPU_TYPE_POWERPC:
    case CPU_TYPE_POWERPC64:
      return sub == 0 ? "CPU_SUBTYPE_POWERPC_ALL" : nullptr;
    default: return nullptr;
  }
}

std::string machine_string(uint32_t cputype, uint32_t cpusubtype) {
  const char* t = cputype_name(cputype);
  const char* s = cpusubtype_name(cputype, cpusubtype);
  char buf[96];
  if (s != nullptr) {
    std::snprintf(buf, sizeof buf, "%s (subtype %s)", t != nullptr ? t : hex(cputype).c_str(), s);
  } else {
    std::snprintf(buf, sizeof buf, "%s (subtype %u)", t != nullptr ? t : hex(cputype).c_str(),
                  cpusubtype & ~CPU_SUBTYPE_MASK);
  }
  return buf;
}

const char* filetype_name(uint32_t filetype) {
  static constexpr const char* kNames[] = {
      nullptr,     "MH_OBJECT",    "MH_EXECUTE",   "MH_FVMLIB", "MH_CORE",
      "MH_PRELOAD", "MH_DYLIB",    "MH_DYLINKER",  "MH_BUNDLE", "MH_DYLIB_STUB",
      "MH_DSYM",   "MH_KEXT_BUNDLE", "MH_FILESET"};
  return filetype < std::size(kNames) ? kNames[filetype] : nullptr;
}

std::vector<std::string> header_flag_names(uint32_t flags) {
  // Bit i of mach_header.flags, <mach-o/loader.h> order.
  static constexpr const char* kBits[32] = {
      "MH_NOUNDEFS", "MH_INCRLINK", "MH_DYLDLINK", "MH_BINDATLOAD", "MH_PREBOUND",
      "MH_SPLIT_SEGS", "MH_LAZY_INIT", "MH_TWOLEVEL", "MH_FORCE_FLAT", "MH_NOMULTIDEFS",
      "MH_NOFIXPREBINDING", "MH_PREBINDABLE", "MH_ALLMODSBOUND", "MH_SUBSECTIONS_VIA_SYMBOLS",
      "MH_CANONICAL", "MH_WEAK_DEFINES", "MH_BINDS_TO_WEAK", "MH_ALLOW_STACK_EXECUTION",
      "MH_ROOT_SAFE", "MH_SETUID_SAFE", "MH_NO_REEXPORTED_DYLIBS", "MH_PIE",
      "MH_DEAD_STRIPPABLE_DYLIB", "MH_HAS_TLV_DESCRIPTORS", "MH_NO_HEAP_EXECUTION",
      "MH_APP_EXTENSION_SAFE", "MH_NLIST_OUTOFSYNC_WITH_DYLDINFO", "MH_SIM_SUPPORT", nullptr,
      nullptr, nullptr, "MH_DYLIB_IN_CACHE"};
  std::vector<std::string> out;
  for (unsigned i = 0; i < 32; ++i) {
    const uint32_t bit = 1u << i;
    if ((flags & bit) == 0) continue;
    out.push_back(kBits[i] != nullptr ? kBits[i] : hex(bit));
  }
  return out;
}

const char* platform_name(uint32_t platform) {
  switch (platform) {
    case PLATFORM_MACOS: return "macos";
    case PLATFORM_IOS: return "ios";
    case PLATFORM_TVOS: return "tvos";
    case PLATFORM_WATCHOS: return "watchos";
    case PLATFORM_BRIDGEOS: return "bridgeos";
    case PLATFORM_MACCATALYST: return "macCatalyst";
    case PLATFORM_IOSSIMULATOR: return "iossimulator";
    case PLATFORM_TVOSSIMULATOR: return "tvossimulator";
    case PLATFORM_WATCHOSSIMULATOR: return "watchossimulator";
    case PLATFORM_DRIVERKIT: return "driverkit";
    case PLATFORM_VISIONOS: return "xros";
    case PLATFORM_VISIONOSSIMULATOR: return "xrsimulator";
    default: return nullptr;
  }
}

std::string version_string(uint32_t packed) {
  // snprintf rather than string concatenation: GCC 12 -O3 reports a false -Wrestrict on the latter.
  char buf[24];
  if ((packed & 0xff) != 0) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u", packed >> 16, (packed >> 8) & 0xff, packed & 0xff);
  } else {
    std::snprintf(buf, sizeof buf, "%u.%u", packed >> 16, (packed >> 8) & 0xff);
  }
  return buf;
}

}  // namespace crossgo::macho
