// What a Mach-O file's own load commands say: the platform (LC_BUILD_VERSION, LC_VERSION_MIN_*)
// and libSystem decide darwin vs ios, dyld (LC_LOAD_DYLINKER) makes it dynamic, libSystem is the C
// library, minos/sdk are the version floors. Go's linker writes LC_BUILD_VERSION with platform
// macos or ios (cmd/link/internal/ld/macho.go machoPlatform), and links every darwin binary
// against libSystem since Go 1.11 (no raw syscalls on macOS).
#include <string>

#include "analysis/format_analyzer.h"
#include "formats/macho/macho_names.h"
#include "formats/macho/macho_structs.h"

namespace crossgo::analysis {
namespace {

constexpr std::string_view kLibSystem = "libSystem.B.dylib";

bool imports_libsystem(const Image& img, std::string* which = nullptr) {
  for (const auto& l : img.libraries) {
    const std::string_view n = l.name;
    if (n.size() >= kLibSystem.size() && n.substr(n.size() - kLibSystem.size()) == kLibSystem &&
        (n.size() == kLibSystem.size() || n[n.size() - kLibSystem.size() - 1] == '/')) {
      if (which != nullptr) *which = l.name;
      return true;
    }
  }
  return false;
}

std::string platform_label(uint32_t platform) {
  const char* n = macho::platform_name(platform);
  return n != nullptr ? n : "platform " + std::to_string(platform);
}

// The floor names of facts.h for each platform.
std::string floor_name(uint32_t platform) {
  switch (platform) {
    case macho::PLATFORM_MACOS: return "macos";
    case macho::PLATFORM_IOS: return "ios";
    case macho::PLATFORM_IOSSIMULATOR: return "ios-simulator";
    case macho::PLATFORM_MACCATALYST: return "maccatalyst";
    case macho::PLATFORM_TVOS: return "tvos";
    case macho::PLATFORM_TVOSSIMULATOR: return "tvos-simulator";
    case macho::PLATFORM_WATCHOS: return "watchos";
    case macho::PLATFORM_WATCHOSSIMULATOR: return "watchos-simulator";
    default: return platform_label(platform);
  }
}

class MachOAnalyzer final : public FormatAnalyzer {
 public:
  void arch_flags(const Image& img, TargetFacts& t) const override {
    if (!img.macho) return;
    const uint32_t sub = img.macho->cpusubtype;
    if (img.macho->cputype == macho::CPU_TYPE_ARM64 && (sub & ~macho::CPU_SUBTYPE_MASK) == macho::CPU_SUBTYPE_ARM64E) {
      t.arch_flags["arm64e"] = "yes";
      if ((sub & macho::CPU_SUBTYPE_PTRAUTH_ABI) != 0)
        t.arch_flags["ptrauth_abi_version"] = std::to_string((sub >> 24) & 0xf);
    }
    if (img.macho->cputype == macho::CPU_TYPE_X86_64 && (sub & ~macho::CPU_SUBTYPE_MASK) == macho::CPU_SUBTYPE_X86_64_H)
      t.arch_flags["x86_64h"] = "yes";
  }

  std::vector<OsVote> os_votes(const Image& img) const override {
    std::vector<OsVote> v;
    if (img.macho) {
      for (const auto& b : img.macho->build_versions) {
        const std::string ev = b.source + " platform " + platform_label(b.platform);
        switch (b.platform) {
          case macho::PLATFORM_MACOS: v.push_back({{"darwin"}, ev}); break;
          case macho::PLATFORM_IOS: v.push_back({{"ios"}, ev}); break;
          case macho::PLATFORM_IOSSIMULATOR: v.push_back({{"ios"}, ev + " (iOS simulator)"}); break;
          // An iOS app built to run on macOS: either GOOS could have produced the code.
          case macho::PLATFORM_MACCATALYST: v.push_back({{"ios", "darwin"}, ev + " (iOS app on macOS)"}); break;
          default: break;  // tvOS, watchOS, visionOS, DriverKit: no Go port
        }
      }
    }
    if (std::string lib; imports_libsystem(img, &lib)) v.push_back({{"darwin", "ios"}, "imports " + lib});
    return v;
  }

  LinkageFacts linkage(const Image& img) const override {
    LinkageFacts l;
    if (img.interpreter) {
      l.linkage = Linkage::dynamic;
      l.evidence = "LC_LOAD_DYLINKER " + *img.interpreter;
    } else if (img.kind == ObjectKind::shared_library || img.kind == ObjectKind::bundle) {
      l.linkage = Linkage::dynamic;
      l.evidence = "loaded by dyld (" + std::string(object_kind_name(img.kind)) + ")";
    } else if (img.kind == ObjectKind::executable) {
      l.linkage = Linkage::static_exe;
      l.evidence = "no LC_LOAD_DYLINKER";
    }
    l.pie = img.kind == ObjectKind::executable && img.position_independent;
    return l;
  }

  LibcFacts libc(const Image& img, const LinkageFacts& link, const OsFacts&, const GoFacts*) const override {
    LibcFacts c;
    if (std::string lib; imports_libsystem(img, &lib)) {
      c.flavour = LibcFlavour::libsystem;
      c.evidence.push_back("imports " + lib);
    } else if (link.linkage == Linkage::static_exe) {
      c.flavour = LibcFlavour::none;
      c.evidence.push_back("no LC_LOAD_DYLINKER and no libSystem import");
    }
    return c;
  }

  HardeningFacts hardening(const Image& img, const LinkageFacts& link) const override {
    HardeningFacts h;
    if (img.kind == ObjectKind::executable) {
      h.pie = link.pie;
      // The stack is not executable unless the header asks for it (MH_ALLOW_STACK_EXECUTION).
      if (img.macho) h.nx_stack = (img.macho->flags & macho::MH_ALLOW_STACK_EXECUTION) == 0;
    }
    if (img.macho) h.code_signature = img.macho->has_code_signature;
    h.stripped = !img.has_symtab;
    h.dwarf = img.has_debug_info;
    return h;
  }

  std::vector<Floor> floors(const Image& img) const override {
    std::vector<Floor> f;
    if (!img.macho) return f;
    for (const auto& b : img.macho->build_versions) {
      const std::string name = floor_name(b.platform);
      f.push_back({name, b.minos, b.source + " minos " + b.minos});
      if (!b.sdk.empty()) f.push_back({name + "-sdk", b.sdk, b.source + " sdk " + b.sdk});
    }
    return f;
  }

  std::vector<Finding> checks(const Image& img, const TargetFacts&, const OsFacts& os,
                              const GoFacts* go) const override {
    std::vector<Finding> w;
    if (!img.macho) return w;
    const bool loadable = img.kind == ObjectKind::executable || img.kind == ObjectKind::shared_library ||
                          img.kind == ObjectKind::bundle;
    if (img.arch == CpuArch::arm64 && img.bits == 64 && loadable && os.goos == std::string("darwin") &&
        !img.macho->has_code_signature) {
      w.push_back(Finding{
          .code = Code::CG830,
          .message = std::string("arm64 macOS ") + object_kind_name(img.kind) +
                     " without LC_CODE_SIGNATURE: macOS on Apple silicon kills unsigned arm64 code at load "
                     "(\"Killed: 9\"); sign it, ad hoc is enough: codesign -s - FILE",
          .fix = "codesign -s - FILE",
      });
    }
    const std::string* goos = go != nullptr && go->buildinfo ? go->buildinfo->setting("GOOS") : nullptr;
    if (goos != nullptr) {
      for (const auto& b : img.macho->build_versions) {
        const bool mac = b.platform == macho::PLATFORM_MACOS;
        const bool ios = b.platform == macho::PLATFORM_IOS || b.platform == macho::PLATFORM_IOSSIMULATOR;
        if ((*goos == "ios" && mac) || (*goos == "darwin" && ios)) {
          w.push_back(Finding{
              .code = Code::CG831,
              .location = {.variable = "GOOS"},
              .message = b.source + " platform " + platform_label(b.platform) + " disagrees with the build info's GOOS=" +
                         *goos + ": the binary was linked for another Apple platform than Go compiled it for",
              .expected = *goos,
              .actual = platform_label(b.platform),
          });
        }
      }
    }
    return w;
  }
};

}  // namespace

const FormatAnalyzer& macho_analyzer() {
  static const MachOAnalyzer a;
  return a;
}

}  // namespace crossgo::analysis
