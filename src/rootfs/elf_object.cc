// One ELF object as the dynamic loader sees it: its header facts (read by crossgo's own ELF
// reader), whether the loader of a given main program accepts it, and the ABI names the loaders
// build their paths from.
#include <algorithm>

#include "crossgo/elf_constants.h"
#include "crossgo/format_registry.h"
#include "rootfs/loader_internal.h"

namespace crossgo::rootfs {
namespace {

constexpr uint32_t kEfArmAbiFloatSoft = 0x200, kEfArmAbiFloatHard = 0x400;  // ARM ELF ABI, e_flags
constexpr uint32_t kEfMipsAbi2 = 0x20, kEfMipsNan2008 = 0x400;             // n32, IEEE 754-2008 NaN
constexpr uint32_t kEfRiscvFloatAbi = 0x6;                                  // soft, single, double, quad
constexpr uint32_t kEfPpc64Abi = 0x3;                                       // ELFv1 (1) / ELFv2 (2)

const char* machine_name(uint16_t m) {
  switch (m) {
    case elf::EM_386: return "Intel 80386";
    case elf::EM_X86_64: return "x86-64";
    case elf::EM_AARCH64: return "AArch64";
    case elf::EM_ARM: return "ARM";
    case elf::EM_RISCV: return "RISC-V";
    case elf::EM_PPC: return "PowerPC";
    case elf::EM_PPC64: return "PowerPC64";
    case elf::EM_S390: return "IBM S/390";
    case elf::EM_MIPS: return "MIPS";
    case elf::EM_LOONGARCH: return "LoongArch";
    case elf::EM_SPARCV9: return "SPARC v9";
    default: return "machine";
  }
}

bool arm_hard_float(const ObjectFacts& o) { return (o.e_flags & kEfArmAbiFloatHard) != 0; }

}  // namespace

std::string ObjectFacts::describe() const {
  std::string s = "ELF" + std::to_string(bits) + (big_endian ? " big-endian " : " little-endian ") + machine_name(machine);
  if (machine == elf::EM_ARM) s += arm_hard_float(*this) ? " (hard-float)" : (e_flags & kEfArmAbiFloatSoft) ? " (soft-float)" : "";
  if (machine == elf::EM_MIPS && bits == 32 && (e_flags & kEfMipsAbi2)) s += " (n32)";
  if (machine == elf::EM_MIPS && (e_flags & kEfMipsNan2008)) s += " (nan2008)";
  if (machine == elf::EM_PPC64 && (e_flags & kEfPpc64Abi)) s += (e_flags & kEfPpc64Abi) == 2 ? " (ELFv2)" : " (ELFv1)";
  if (machine == elf::EM_X86_64 && bits == 32) s += " (x32)";
  return s;
}

ObjectFacts read_object_facts(ByteSource& source) {
  ObjectFacts o;
  try {
    const auto head = source.read_up_to(0, kMagicBytes, "ELF header");
    if (head.size() < 4 || head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F') {
      o.error = "not an ELF file";
      return o;
    }
  } catch (const ParseError& e) {
    o.error = e.error().to_string();
    return o;
  }
  auto image = kElfReader.read(source);
  if (!image) {
    o.error = image.error().to_string();
    return o;
  }
  const Image& img = *image;
  o.bits = img.bits;
  o.big_endian = img.endian == Endian::big;
  if (img.elf) {
    o.machine = img.elf->machine;
    o.e_flags = img.elf->flags;
    o.osabi = img.elf->osabi;
    o.type = img.elf->type;
    o.flags_1 = img.elf->dt_flags_1;
    o.version_needs = img.elf->version_needs;
    o.version_definitions = img.elf->version_definitions;
  }
  o.interpreter = img.interpreter;
  for (const auto& lib : img.libraries) o.needed.push_back(lib.name);
  o.rpath = img.rpath;
  o.runpath = img.runpath;
  o.soname = img.soname;
  return o;
}

std::optional<std::string> incompatibility(const ObjectFacts& main, const ObjectFacts& c) {
  if (c.error) return *c.error;
  const auto differs = [&] { return c.describe() + ", not " + main.describe() + " like the program"; };
  if (c.bits != main.bits || c.big_endian != main.big_endian || c.machine != main.machine) return differs();
  // elf_machine_matches_host and the dl-machine checks of glibc's sysdeps, per ABI.
  switch (c.machine) {
    case elf::EM_ARM:
      if (arm_hard_float(c) != arm_hard_float(main)) return differs();
      break;
    case elf::EM_MIPS:
      if ((c.e_flags & (kEfMipsAbi2 | kEfMipsNan2008)) != (main.e_flags & (kEfMipsAbi2 | kEfMipsNan2008))) return differs();
      break;
    case elf::EM_RISCV:
      if ((c.e_flags & kEfRiscvFloatAbi) != (main.e_flags & kEfRiscvFloatAbi)) return differs();
      break;
    case elf::EM_PPC64:
      if ((c.e_flags & kEfPpc64Abi) != 0 && (main.e_flags & kEfPpc64Abi) != 0 &&
          (c.e_flags & kEfPpc64Abi) != (main.e_flags & kEfPpc64Abi))
        return differs();
      break;
    default: break;
  }
  // glibc's VALID_ELF_OSABI: System V or GNU; anything else is another system's object.
  if (c.osabi != elf::OSABI_NONE && c.osabi != elf::OSABI_GNU && c.osabi != main.osabi)
    return "EI_OSABI " + std::to_string(c.osabi) + " is not a Linux object";
  return std::nullopt;
}

Libc libc_of_interpreter(const std::string& interpreter) {
  const size_t slash = interpreter.find_last_of('/');
  const std::string base = slash == std::string::npos ? interpreter : interpreter.substr(slash + 1);
  if (base.starts_with("ld-musl-")) return Libc::musl;
  if (base.starts_with("linker")) return Libc::bionic;        // /system/bin/linker64
  if (base == "ld-elf.so.1" || base == "ld-elf32.so.1") return Libc::freebsd;
  if (base.starts_with("ld-linux") || base.starts_with("ld64.so") || base == "ld.so.1" || base.starts_with("ld-2.") ||
      base.starts_with("ld-linux-"))
    return Libc::glibc;
  return Libc::unknown;
}

std::string multiarch_triplet(const ObjectFacts& o) {
  switch (o.machine) {
    case elf::EM_X86_64: return o.bits == 64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
    case elf::EM_386: return "i386-linux-gnu";
    case elf::EM_AARCH64: return o.big_endian ? "aarch64_be-linux-gnu" : "aarch64-linux-gnu";
    case elf::EM_ARM: return arm_hard_float(o) ? "arm-linux-gnueabihf" : "arm-linux-gnueabi";
    case elf::EM_RISCV: return o.bits == 64 ? "riscv64-linux-gnu" : "riscv32-linux-gnu";
    case elf::EM_PPC64: return o.big_endian ? "powerpc64-linux-gnu" : "powerpc64le-linux-gnu";
    case elf::EM_PPC: return "powerpc-linux-gnu";
    case elf::EM_S390: return o.bits == 64 ? "s390x-linux-gnu" : "s390-linux-gnu";
    case elf::EM_LOONGARCH: return "loongarch64-linux-gnu";
    case elf::EM_SPARCV9: return "sparc64-linux-gnu";
    case elf::EM_MIPS:
      if (o.bits == 64) return o.big_endian ? "mips64-linux-gnuabi64" : "mips64el-linux-gnuabi64";
      if (o.e_flags & kEfMipsAbi2) return o.big_endian ? "mips64-linux-gnuabin32" : "mips64el-linux-gnuabin32";
      return o.big_endian ? "mips-linux-gnu" : "mipsel-linux-gnu";
    default: return "";
  }
}

std::string at_platform(const ObjectFacts& o) {
  // The kernel's ELF_PLATFORM per architecture (arch/*/include/asm/elf.h), the base value glibc
  // starts from; a CPU-specific refinement (x86's "haswell") cannot be known without the CPU.
  switch (o.machine) {
    case elf::EM_X86_64: return "x86_64";
    case elf::EM_386: return "i686";
    case elf::EM_AARCH64: return "aarch64";
    case elf::EM_ARM: return "v7l";
    case elf::EM_PPC64: return o.big_endian ? "power8" : "power9";
    case elf::EM_S390: return "z13";
    case elf::EM_MIPS: return o.bits == 64 ? "mips64" : "mips";
    case elf::EM_SPARCV9: return "sparc64";
    default: return "";
  }
}

std::vector<std::string> glibc_system_dirs(const RootFs& root, const ObjectFacts& main) {
  const std::string triplet = multiarch_triplet(main);
  const auto is_dir = [&](const std::string& p) {
    const auto r = resolve(root, p);
    return r && r->type == EntryType::directory;
  };
  if (!triplet.empty() && (is_dir("/lib/" + triplet) || is_dir("/usr/lib/" + triplet)))
    return {"/lib/" + triplet, "/usr/lib/" + triplet, "/lib", "/usr/lib"};
  if (main.bits == 64 && main.machine != elf::EM_AARCH64 && main.machine != elf::EM_RISCV && main.machine != elf::EM_LOONGARCH)
    return {"/lib64", "/usr/lib64"};
  if (main.machine == elf::EM_RISCV && main.bits == 64) return {"/lib64/lp64d", "/usr/lib64/lp64d", "/lib64", "/usr/lib64"};
  if (main.machine == elf::EM_AARCH64 && is_dir("/lib64")) return {"/lib64", "/usr/lib64"};
  return {"/lib", "/usr/lib"};
}

std::string glibc_dst_lib(const std::vector<std::string>& system_dirs) {
  if (system_dirs.empty()) return "lib";
  return system_dirs.front().substr(1);  // "/lib/x86_64-linux-gnu" -> "lib/x86_64-linux-gnu"
}

std::optional<std::string> expand_tokens(const std::string& entry, const std::string& origin, const std::string& lib,
                                         const std::string& platform, bool musl) {
  std::string out;
  for (size_t i = 0; i < entry.size();) {
    if (entry[i] != '$') {
      out += entry[i++];
      continue;
    }
    const bool braced = i + 1 < entry.size() && entry[i + 1] == '{';
    const size_t start = i + (braced ? 2 : 1);
    size_t end = start;
    while (end < entry.size() && (std::isalnum(static_cast<unsigned char>(entry[end])) || entry[end] == '_')) ++end;
    const std::string token = entry.substr(start, end - start);
    if (braced) {
      if (end >= entry.size() || entry[end] != '}') return std::nullopt;
      ++end;
    }
    if (token == "ORIGIN") out += origin;
    else if (!musl && token == "LIB") out += lib;
    else if (!musl && token == "PLATFORM" && !platform.empty()) out += platform;
    else return std::nullopt;
    i = end;
  }
  return out;
}

std::vector<std::string> split_path_list(const std::string& list, bool* had_empty) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(list.substr(start, end - start));
    else if (had_empty != nullptr) *had_empty = true;
    start = end + 1;
  }
  return out;
}

}  // namespace crossgo::rootfs
