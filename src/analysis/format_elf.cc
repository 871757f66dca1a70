// What ELF's own headers decide: architecture flags (ARM EABI and float ABI, MIPS ABI and float
// ABI, RISC-V and LoongArch float ABI, PPC64 ELF ABI), OS evidence (Go's linker marks BSD outputs
// with EI_OSABI and ident notes and leaves linux, android, solaris and illumos unmarked: asmbElf in
// src/cmd/link/internal/ld/elf.go), linkage, hardening as checksec defines it, and the version
// floors a dynamic binary imposes (highest GLIBC_x.y, GLIBCXX_x.y.z, CXXABI_x.y it needs).
// The C library is elf_libc.cc, the cross-checks elf_checks.cc.
#include <charconv>
#include <cstdio>
#include <string>

#include "analysis/elf_analysis.h"
#include "crossgo/elf_constants.h"
#include "crossgo/limits.h"

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

void arm_flags(const ElfDetails& e, TargetFacts& t) {
  const uint32_t eabi = e.flags >> 24;
  t.arch_flags["arm_eabi"] = eabi == 0 ? "none (OABI or GNU)" : std::to_string(eabi);
  // EF_ARM_ABI_FLOAT_HARD / _SOFT (ARM ELF, EABI v5); the attribute Tag_ABI_VFP_args is what the
  // toolchain uses to refuse mixing, so it wins when present.
  std::string abi = "unknown";
  if (e.flags & 0x400) abi = "hard";
  else if (e.flags & 0x200) abi = "soft";
  if (e.arm_vfp_args) abi = *e.arm_vfp_args == 1 ? "hard" : (*e.arm_vfp_args == 0 ? "soft" : "other");
  t.arch_flags["float_abi"] = abi;
  if (e.arm_cpu_arch) t.arch_flags["arm_cpu_arch"] = arm_cpu_arch_name(*e.arm_cpu_arch);
}

void mips_flags(const Image& img, const ElfDetails& e, TargetFacts& t) {
  std::string abi;
  if (img.bits == 64) abi = "n64";
  else if (e.flags & 0x20) abi = "n32";  // EF_MIPS_ABI2
  else {
    switch (e.flags & 0xf000) {
      case 0x1000: abi = "o32"; break;
      case 0x2000: abi = "o64"; break;
      case 0x3000: abi = "eabi32"; break;
      case 0x4000: abi = "eabi64"; break;
      default: abi = "o32 (unmarked)"; break;
    }
  }
  t.arch_flags["mips_abi"] = abi;
  if (e.mips_fp_abi) {
    switch (*e.mips_fp_abi) {
      case 1: t.arch_flags["float_abi"] = "hard (double)"; break;
      case 2: t.arch_flags["float_abi"] = "hard (single)"; break;
      case 3: t.arch_flags["float_abi"] = "soft"; break;
      case 5: t.arch_flags["float_abi"] = "hard (fpxx)"; break;
      case 6: case 7: t.arch_flags["float_abi"] = "hard (fp64)"; break;
      default: break;
    }
  }
}

std::optional<OsVote> from_note(const ElfNote& n, Endian endian) {
  if (n.owner == "FreeBSD" && n.type == 1) return OsVote{{"freebsd"}, "note FreeBSD ABI tag"};
  if (n.owner == "NetBSD" && n.type == 1) return OsVote{{"netbsd"}, "note NetBSD ident"};
  if (n.owner == "OpenBSD" && n.type == 1) return OsVote{{"openbsd"}, "note OpenBSD ident"};
  if (n.owner == "DragonFly" && n.type == 1) return OsVote{{"dragonfly"}, "note DragonFly ident"};
  if (n.owner == "Android" && n.type == 1) {
    std::string ev = "note Android ident";
    if (n.desc.size() >= 4) ev += " (API level " + std::to_string(ByteReader(n.desc, endian).u32(0)) + ")";
    return OsVote{{"android"}, ev};
  }
  if (n.owner == "GNU" && n.type == 1 && n.desc.size() >= 4) {  // NT_GNU_ABI_TAG
    switch (ByteReader(n.desc, endian).u32(0)) {
      case 0: return OsVote{{"linux"}, "note GNU ABI tag: Linux"};  // bionic writes no GNU ABI tag
      case 2: return OsVote{{"solaris", "illumos"}, "note GNU ABI tag: Solaris"};
      case 3: return OsVote{{"freebsd"}, "note GNU ABI tag: FreeBSD"};
      default: break;
    }
  }
  return std::nullopt;
}

std::optional<OsVote> from_interpreter(const std::string& interp, uint16_t machine) {
  if (auto loader = find_loader(interp)) {
    if (loader->goos == "solaris") return OsVote{{"solaris", "illumos"}, "interpreter " + interp};
    return OsVote{{loader->goos}, "interpreter " + interp};
  }
  auto has = [&](std::string_view s) { return interp.find(s) != std::string::npos; };
  const std::string ev = "interpreter " + interp;
  if (has("/system/bin/linker")) return OsVote{{"android"}, ev};
  if (has("ld-linux") || has("ld-musl") || has("ld64.so") || has("ld-uClibc")) return OsVote{{"linux"}, ev};
  if (interp == "/lib/ld.so.1" && (machine == elf::EM_386 || machine == elf::EM_SPARC))
    return OsVote{{"solaris", "illumos"}, ev};
  return std::nullopt;
}

std::optional<OsVote> from_needed(const std::vector<LibraryImport>& libs) {
  for (const auto& l : libs) {
    const std::string& lib = l.name;
    const std::string ev = "needs " + lib;
    if (lib == "libc.so.6" || lib.starts_with("libc.musl-")) return OsVote{{"linux"}, ev};
    if (lib == "libc.so.7") return OsVote{{"freebsd"}, ev};
    if (lib == "libc.so.8") return OsVote{{"dragonfly"}, ev};
    if (lib == "libc.so.12") return OsVote{{"netbsd"}, ev};
    if (lib.starts_with("libc.so.9") && lib.size() > 10) return OsVote{{"openbsd"}, ev};
    if (lib == "liblog.so") return OsVote{{"android"}, ev};
    // Unversioned libc.so: musl's soname on linux, bionic on android, and what Go links against on
    // openbsd and solaris/illumos.
    if (lib == "libc.so") return OsVote{{"linux", "android", "openbsd", "solaris", "illumos"}, ev};
    if (lib == "libc.so.1") return OsVote{{"solaris", "illumos"}, ev};
  }
  return std::nullopt;
}

bool is_version_of(std::string_view v, std::string_view prefix) {
  return v.size() > prefix.size() && v.starts_with(prefix) && v[prefix.size()] >= '0' && v[prefix.size()] <= '9';
}

// The highest version with `prefix`; among needs of that version, the one on `library` (the
// library that sets the floor: libc.so.6 for GLIBC_, libstdc++ for GLIBCXX_/CXXABI_) is shown,
// because its symbol is the one a user can act on — glibc's loader asks for the same version
// names for its own symbols (__stack_chk_guard from ld-linux-aarch64.so.1 needs GLIBC_2.17).
std::optional<Floor> floor_for(const ElfDetails& e, std::string_view prefix, std::string_view name,
                               std::string_view library) {
  const ElfVersionNeed* best = nullptr;
  auto better_source = [&](const ElfVersionNeed& a, const ElfVersionNeed& b) {
    const bool a_lib = a.file.starts_with(library), b_lib = b.file.starts_with(library);
    if (a_lib != b_lib) return a_lib;
    return !a.symbol.empty() && b.symbol.empty();
  };
  for (const auto& need : e.version_needs) {
    if (!is_version_of(need.version, prefix)) continue;
    if (best == nullptr) {
      best = &need;
      continue;
    }
    const int c = compare_dotted_versions(std::string_view(need.version).substr(prefix.size()),
                                          std::string_view(best->version).substr(prefix.size()));
    if (c > 0 || (c == 0 && better_source(need, *best))) best = &need;
  }
  if (best == nullptr) return std::nullopt;
  return Floor{std::string(name), best->version.substr(prefix.size()), best->symbol};
}

class ElfAnalyzer final : public FormatAnalyzer {
 public:
  void arch_flags(const Image& img, TargetFacts& t) const override {
    const ElfDetails& e = *img.elf;
    switch (e.machine) {
      case elf::EM_ARM: arm_flags(e, t); break;
      case elf::EM_MIPS: mips_flags(img, e, t); break;
      case elf::EM_RISCV: {
        static const char* const kFloat[] = {"soft", "single", "double", "quad"};
        t.arch_flags["float_abi"] = kFloat[(e.flags >> 1) & 3];
        t.arch_flags["rvc"] = (e.flags & 1) ? "yes" : "no";
        break;
      }
      case elf::EM_LOONGARCH: {
        static const char* const kFloat[] = {"unknown", "soft", "single", "double"};
        const uint32_t v = e.flags & 7;
        t.arch_flags["float_abi"] = v < 4 ? kFloat[v] : "unknown";
        break;
      }
      case elf::EM_PPC64: {
        const uint32_t v = e.flags & 3;
        t.arch_flags["ppc64_abi"] = v == 1 ? "ELFv1" : v == 2 ? "ELFv2" : "unspecified";
        break;
      }
      default: break;
    }
  }

  std::vector<OsVote> os_votes(const Image& img) const override {
    const ElfDetails& e = *img.elf;
    std::vector<OsVote> votes;
    for (const auto& n : e.notes)
      if (auto v = from_note(n, img.endian)) votes.push_back(*v);
    switch (e.osabi) {
      case elf::OSABI_FREEBSD: votes.push_back({{"freebsd"}, "EI_OSABI FreeBSD"}); break;
      case elf::OSABI_NETBSD: votes.push_back({{"netbsd"}, "EI_OSABI NetBSD"}); break;
      case elf::OSABI_OPENBSD: votes.push_back({{"openbsd"}, "EI_OSABI OpenBSD"}); break;
      case elf::OSABI_SOLARIS: votes.push_back({{"solaris", "illumos"}, "EI_OSABI Solaris"}); break;
      case elf::OSABI_GNU: votes.push_back({{"linux"}, "EI_OSABI GNU/Linux"}); break;
      default: break;
    }
    if (img.interpreter)
      if (auto v = from_interpreter(*img.interpreter, e.machine)) votes.push_back(*v);
    if (auto v = from_needed(img.libraries)) votes.push_back(*v);
    return votes;
  }

  // Linkage says how the object is loaded: "dynamic" when a dynamic loader is involved — it names
  // an interpreter, needs shared libraries, or is itself a shared object (always loaded by the
  // dynamic loader into a process, even with no DT_NEEDED: musl's libc.so, a self-contained
  // plugin; what file(1) and readelf call it too) — "static-pie" for a position-independent
  // executable that relocates itself, "static" for an executable the kernel runs directly.
  LinkageFacts linkage(const Image& img) const override {
    LinkageFacts l;
    if (img.kind == ObjectKind::relocatable || img.kind == ObjectKind::core || img.kind == ObjectKind::unknown) return l;
    l.pie = img.kind == ObjectKind::executable && img.position_independent;
    if (img.interpreter) {
      l.linkage = Linkage::dynamic;
      l.evidence = "interpreter " + *img.interpreter;
    } else if (img.kind == ObjectKind::shared_library) {
      l.linkage = Linkage::dynamic;
      l.evidence = img.libraries.empty() ? "shared object (needs no other library)" : "shared object";
    } else if (!img.libraries.empty()) {
      l.linkage = Linkage::dynamic;
      l.evidence = "needs " + img.libraries.front().name + " but names no interpreter";
    } else if (l.pie) {
      l.linkage = Linkage::static_pie;
      l.evidence = "position-independent, no interpreter, no needed libraries";
    } else {
      l.linkage = Linkage::static_exe;
      l.evidence = "no interpreter, no needed libraries";
    }
    return l;
  }

  LibcFacts libc(const Image& img, const LinkageFacts& l, const OsFacts& os, const GoFacts* go) const override {
    return elf_libc(img, l, os, go);
  }

  HardeningFacts hardening(const Image& img, const LinkageFacts& l) const override {
    const ElfDetails& e = *img.elf;
    HardeningFacts h;
    h.pie = l.pie;
    bool relro = false;
    for (const auto& ph : e.program_headers) {
      if (ph.type == elf::PT_GNU_RELRO) relro = true;
      if (ph.type == elf::PT_GNU_STACK) h.nx_stack = (ph.flags & elf::PF_X) == 0;
    }
    const bool now = e.dt_bind_now || (e.dt_flags & elf::DF_BIND_NOW) || (e.dt_flags_1 & elf::DF_1_NOW);
    h.relro = !relro ? "none" : (now ? "full" : "partial");
    h.stripped = !img.has_symtab;
    // DWARF means debug info proper: .debug_frame alone is unwind data (file(1)'s "with debug_info").
    h.dwarf = img.has_debug_info;
    for (const auto& n : e.notes) {
      // NT_GNU_BUILD_ID: 16 (md5/uuid) or 20 (sha1) bytes in practice; a hostile size is not a build-id.
      if (n.owner == "GNU" && n.type == 3 && !n.desc.empty() && n.desc.size() <= limits::kMaxBuildIdBytes) {
        std::string hex;
        for (uint8_t b : n.desc) {
          char buf[3];
          std::snprintf(buf, sizeof buf, "%02x", b);
          hex += buf;
        }
        h.gnu_build_id = hex;
        break;
      }
    }
    return h;
  }

  std::vector<Floor> floors(const Image& img) const override {
    std::vector<Floor> out;
    const ElfDetails& e = *img.elf;
    if (auto f = floor_for(e, "GLIBC_", "glibc", "libc.so")) out.push_back(*f);
    if (auto f = floor_for(e, "GLIBCXX_", "glibcxx", "libstdc++")) out.push_back(*f);
    if (auto f = floor_for(e, "CXXABI_", "cxxabi", "libstdc++")) out.push_back(*f);
    return out;
  }

  void late_checks(const Image& img, const AllFacts& f, std::vector<Finding>& findings) const override {
    elf_checks(img, f, findings);
  }
};

}  // namespace

const FormatAnalyzer& elf_analyzer() {
  static const ElfAnalyzer a;
  return a;
}

}  // namespace crossgo::analysis
