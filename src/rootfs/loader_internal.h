// The pieces of the loader model (src/rootfs/): what one ELF object tells the loader, whether
// the loader accepts it for a given requester, and the directories each libc searches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/image_details.h"
#include "crossgo/root_fs.h"
#include "crossgo/rootfs.h"

namespace crossgo::rootfs {

// The header facts of one object that decide whether and how it loads.
struct ObjectFacts {
  std::optional<std::string> error;  // not readable, not ELF, damaged
  int bits = 0;
  bool big_endian = false;
  uint16_t machine = 0;
  uint32_t e_flags = 0;
  uint8_t osabi = 0;
  uint16_t type = 0;  // e_type
  std::optional<std::string> interpreter;
  std::vector<std::string> needed;
  std::vector<std::string> rpath, runpath;  // split at ':', unexpanded
  std::optional<std::string> soname;
  uint64_t flags_1 = 0;
  std::vector<ElfVersionNeed> version_needs;
  std::vector<std::string> version_definitions;
  std::string describe() const;  // "ELF64 little-endian AArch64"
};

// Reads `source` as ELF (the crossgo ELF reader, so every hostile-input check applies).
ObjectFacts read_object_facts(ByteSource& source);

// Why glibc's open_verify / elf_machine_matches_host would reject `candidate` for a process whose
// main program is `main` (class, byte order, machine, float ABI, ELFv1/v2 …), or nullopt.
std::optional<std::string> incompatibility(const ObjectFacts& main, const ObjectFacts& candidate);

Libc libc_of_interpreter(const std::string& interpreter);

// Debian's multiarch triplet for the object's ABI ("aarch64-linux-gnu"), or "" when none.
std::string multiarch_triplet(const ObjectFacts& o);
// The kernel's AT_PLATFORM for the ABI ("aarch64", "x86_64", "v7l"), for $PLATFORM.
std::string at_platform(const ObjectFacts& o);

// glibc's built-in search directories for this ABI in this root: the multiarch layout
// (/lib/<triplet>, /usr/lib/<triplet>, /lib, /usr/lib) when the root has it, else the 64-bit
// lib64 layout or the plain one (sysdeps/unix/sysv/linux/*/dl-cache.h, elf/Makefile SYSTEM_DIRS).
std::vector<std::string> glibc_system_dirs(const RootFs& root, const ObjectFacts& main);
// What $LIB expands to: the last component(s) of the first system directory ("lib64",
// "lib/x86_64-linux-gnu").
std::string glibc_dst_lib(const std::vector<std::string>& system_dirs);

// $ORIGIN, ${ORIGIN}, $LIB, $PLATFORM in one RPATH/RUNPATH entry (glibc elf/dl-load.c
// _dl_dst_substitute); musl expands $ORIGIN only. nullopt: the entry uses an unknown token and
// is dropped, as both loaders do.
std::optional<std::string> expand_tokens(const std::string& entry, const std::string& origin,
                                         const std::string& lib, const std::string& platform, bool musl);

// Splits a colon-separated path list; empty entries are dropped (an empty entry means the
// working directory, which a static check cannot know; the caller warns).
std::vector<std::string> split_path_list(const std::string& list, bool* had_empty = nullptr);

}  // namespace crossgo::rootfs
