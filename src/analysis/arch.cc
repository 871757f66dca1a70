// Machine → Go GOARCH, and the architecture flags that decide whether a binary can run on a given
// board: ARM EABI and float ABI, MIPS ABI and float ABI, RISC-V and LoongArch float ABI, PPC64 ELF ABI.
#include <string>

#include "analysis/analyzers.h"
#include "crossgo/elf.h"

namespace crossgo::analysis {

namespace {

struct MachineInfo {
  const char* name;
  const char* goarch;  // nullptr: not a Go target in this class/endianness
};

MachineInfo machine_info(const Image& img) {
  const bool le = img.endian == Endian::little;
  const bool is64 = img.bits == 64;
  switch (img.machine) {
    case elf::EM_386: return {"EM_386", "386"};
    case elf::EM_X86_64: return {"EM_X86_64", is64 ? "amd64" : nullptr};  // ELF32 x86-64 is x32
    case elf::EM_ARM: return {"EM_ARM", le ? "arm" : nullptr};
    case elf::EM_AARCH64: return {"EM_AARCH64", le && is64 ? "arm64" : nullptr};
    case elf::EM_MIPS:
      if (is64) return {"EM_MIPS", le ? "mips64le" : "mips64"};
      return {"EM_MIPS", le ? "mipsle" : "mips"};
    case elf::EM_PPC64: return {"EM_PPC64", le ? "ppc64le" : "ppc64"};
    case elf::EM_PPC: return {"EM_PPC", nullptr};
    case elf::EM_S390: return {"EM_S390", is64 ? "s390x" : nullptr};
    case elf::EM_RISCV: return {"EM_RISCV", is64 ? "riscv64" : nullptr};
    case elf::EM_LOONGARCH: return {"EM_LOONGARCH", is64 ? "loong64" : nullptr};
    case elf::EM_SPARCV9: return {"EM_SPARCV9", "sparc64"};
    case elf::EM_SPARC: return {"EM_SPARC", nullptr};
    default: return {nullptr, nullptr};
  }
}

void arm_flags(const Image& img, ArtifactReport& r) {
  const uint32_t eabi = img.machine_flags >> 24;
  r.arch_flags["arm_eabi"] = eabi == 0 ? "none (OABI or GNU)" : std::to_string(eabi);
  // EF_ARM_ABI_FLOAT_HARD / _SOFT (ARM ELF, EABI v5); the attribute Tag_ABI_VFP_args is what the
  // toolchain uses to refuse mixing, so it wins when present.
  std::string abi = "unknown";
  if (img.machine_flags & 0x400) abi = "hard";
  else if (img.machine_flags & 0x200) abi = "soft";
  if (img.arm_vfp_args) abi = *img.arm_vfp_args == 1 ? "hard" : (*img.arm_vfp_args == 0 ? "soft" : "other");
  r.arch_flags["float_abi"] = abi;
  if (img.arm_cpu_arch) {
    static const char* const kArch[] = {"pre-v4", "v4",   "v4T",   "v5T",   "v5TE", "v5TEJ", "v6",
                                        "v6KZ",   "v6T2", "v6K",   "v7",    "v6-M", "v6S-M", "v7E-M",
                                        "v8",     "v8-R", "v8-M.base", "v8-M.main", "v8.1-M.main", "v9"};
    const uint32_t a = *img.arm_cpu_arch;
    r.arch_flags["arm_cpu_arch"] = a < std::size(kArch) ? kArch[a] : std::to_string(a);
  }
}

void mips_flags(const Image& img, ArtifactReport& r) {
  const uint32_t f = img.machine_flags;
  std::string abi;
  if (img.bits == 64) abi = "n64";
  else if (f & 0x20) abi = "n32";  // EF_MIPS_ABI2
  else {
    switch (f & 0xf000) {
      case 0x1000: abi = "o32"; break;
      case 0x2000: abi = "o64"; break;
      case 0x3000: abi = "eabi32"; break;
      case 0x4000: abi = "eabi64"; break;
      default: abi = "o32 (unmarked)"; break;
    }
  }
  r.arch_flags["mips_abi"] = abi;
  // .MIPS.abiflags (MIPS ABI extension): fp_abi byte at offset 7.
  if (const Section* s = img.find_section(".MIPS.abiflags")) {
    auto b = img.section_bytes(*s);
    if (b.size() >= 8) {
      switch (b[7]) {
        case 1: r.arch_flags["float_abi"] = "hard (double)"; break;
        case 2: r.arch_flags["float_abi"] = "hard (single)"; break;
        case 3: r.arch_flags["float_abi"] = "soft"; break;
        case 5: r.arch_flags["float_abi"] = "hard (fpxx)"; break;
        case 6: case 7: r.arch_flags["float_abi"] = "hard (fp64)"; break;
        default: break;
      }
    }
  }
}

}  // namespace

void analyze_arch(const Image& img, ArtifactReport& r) {
  MachineInfo m = machine_info(img);
  r.machine = (m.name ? std::string(m.name) : std::string("unknown machine")) + " (" +
              std::to_string(img.machine) + ")";
  if (m.goarch) r.goarch = m.goarch;
  else r.warnings.push_back("machine " + std::to_string(img.machine) + " (" + std::to_string(img.bits) +
                            "-bit " + (img.endian == Endian::little ? "little" : "big") +
                            "-endian) is not a Go GOARCH");
  switch (img.machine) {
    case elf::EM_ARM: arm_flags(img, r); break;
    case elf::EM_MIPS: mips_flags(img, r); break;
    case elf::EM_RISCV: {
      static const char* const kFloat[] = {"soft", "single", "double", "quad"};
      r.arch_flags["float_abi"] = kFloat[(img.machine_flags >> 1) & 3];
      r.arch_flags["rvc"] = (img.machine_flags & 1) ? "yes" : "no";
      break;
    }
    case elf::EM_LOONGARCH: {
      static const char* const kFloat[] = {"unknown", "soft", "single", "double"};
      const uint32_t v = img.machine_flags & 7;
      r.arch_flags["float_abi"] = v < 4 ? kFloat[v] : "unknown";
      break;
    }
    case elf::EM_PPC64: {
      const uint32_t v = img.machine_flags & 3;
      r.arch_flags["ppc64_abi"] = v == 1 ? "ELFv1" : v == 2 ? "ELFv2" : "unspecified";
      break;
    }
    default: break;
  }
}

}  // namespace crossgo::analysis
