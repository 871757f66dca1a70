// The ELF analyzer's parts (format_elf.cc, elf_libc.cc, elf_checks.cc, elf_loaders.cc).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/format_analyzer.h"

namespace crossgo::analysis {

// "2.34" style dotted versions compared numerically, component by component.
int compare_dotted_versions(std::string_view a, std::string_view b);

// Tag_CPU_arch values by name (ARM IHI 0045).
std::string arm_cpu_arch_name(uint32_t tag);

// A program interpreter crossgo knows: the loaders each C library really installs per
// architecture (what gcc links), and the ones Go's internal linker writes.
struct KnownLoader {
  std::string goos;                // linux, android, freebsd …
  LibcFlavour libc = LibcFlavour::unknown;
  std::set<std::string> goarches;  // the GOARCHes whose binaries use it (empty: any)
};
std::optional<KnownLoader> find_loader(std::string_view path);
// The loader gcc would name for a linux GOARCH and C library (glibc, musl), from the same table.
// `abi` picks between the loaders of one architecture: "hard"/"soft" for arm (the float ABI),
// "lp64d"/"lp64" for riscv64 (musl installs only the lp64d one); ignored elsewhere.
std::optional<std::string> standard_loader(std::string_view goarch, LibcFlavour libc, std::string_view abi);

LibcFacts elf_libc(const Image& img, const LinkageFacts& l, const OsFacts& os, const GoFacts* go);
void elf_checks(const Image& img, const FormatAnalyzer::AllFacts& f, std::vector<Finding>& findings);

}  // namespace crossgo::analysis
