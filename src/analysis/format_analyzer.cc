#include "analysis/format_analyzer.h"

namespace crossgo::analysis {
namespace {

// For files no reader knows the format of (never analysed, but the call must be safe).
class NoFormat final : public FormatAnalyzer {
 public:
  std::vector<OsVote> os_votes(const Image&) const override { return {}; }
  LinkageFacts linkage(const Image&) const override { return {}; }
  LibcFacts libc(const Image&, const LinkageFacts&, const OsFacts&, const GoFacts*) const override { return {}; }
  HardeningFacts hardening(const Image&, const LinkageFacts&) const override { return {}; }
};

}  // namespace

const FormatAnalyzer& format_analyzer(const Image& image) {
  switch (image.format) {
    case Format::elf: return elf_analyzer();
    case Format::macho: return macho_analyzer();
    case Format::pe: return pe_analyzer();
    case Format::xcoff: return xcoff_analyzer();
    case Format::plan9: return plan9_analyzer();
    case Format::wasm: return wasm_analyzer();
    case Format::goobj: return goobj_analyzer();
    default: {
      static const NoFormat none;
      return none;
    }
  }
}

// Go's GOARCH list (src/internal/syslist, go tool dist list) by the architecture a header names.
const char* goarch_for(CpuArch arch, int bits, Endian endian) {
  const bool le = endian == Endian::little;
  switch (arch) {
    case CpuArch::x86: return "386";
    case CpuArch::x86_64: return bits == 64 ? "amd64" : nullptr;  // ELF32 x86-64 is x32
    case CpuArch::arm: return le ? "arm" : nullptr;
    case CpuArch::arm64: return le ? "arm64" : nullptr;
    case CpuArch::mips: return le ? "mipsle" : "mips";
    case CpuArch::mips64: return le ? "mips64le" : "mips64";
    case CpuArch::ppc64: return le ? "ppc64le" : "ppc64";
    case CpuArch::s390x: return "s390x";
    case CpuArch::riscv64: return "riscv64";
    case CpuArch::loong64: return "loong64";
    case CpuArch::sparc64: return "sparc64";
    case CpuArch::wasm32: return "wasm";
    default: return nullptr;
  }
}

}  // namespace crossgo::analysis
