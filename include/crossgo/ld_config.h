// What a root filesystem tells its dynamic loader about where libraries are, read from the
// root's own files: glibc's /etc/ld.so.cache (ldconfig's output, both formats, either byte
// order) and /etc/ld.so.conf (with its `include` globs), musl's /etc/ld-musl-$ARCH.path, and
// FreeBSD's /var/run/ld-elf.so.hints. Parsers only: which entry the loader takes is the
// resolver's (src/rootfs/), which knows the target.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crossgo/byte_reader.h"
#include "crossgo/error.h"
#include "crossgo/root_fs.h"

namespace crossgo::rootfs {

// One library of ld.so.cache.
struct LdCacheEntry {
  std::string soname;  // "libc.so.6"
  std::string path;    // "/lib/aarch64-linux-gnu/libc.so.6"
  int32_t flags = 0;   // FLAG_ELF_LIBC6 | FLAG_AARCH64_LIB64 … (glibc sysdeps/generic/ldconfig.h)
  uint64_t hwcap = 0;  // new format only
  // New format, glibc 2.33+: the entry belongs to a glibc-hwcaps subdirectory (its name), and
  // the loader uses it only when the CPU supports that level.
  std::optional<std::string> hwcaps_subdir;
};

struct LdCache {
  bool old_format = false;  // "ld.so-1.7.0" entries present
  bool new_format = false;  // "glibc-ld.so.cache1.1" entries present
  Endian endian = Endian::little;
  std::vector<LdCacheEntry> entries;  // in the cache's order (the loader's search order)
  std::vector<std::string> warnings;  // entries skipped (bad offsets …), with the offset
};

// Parses an ld.so.cache. A file that is neither format, or whose header does not fit, is an error
// naming the offset; bad entries are skipped with a warning.
Result<LdCache> parse_ld_cache(std::span<const uint8_t> bytes);

// The flags value the target's loader accepts (_DL_CACHE_DEFAULT_ID of glibc's
// sysdeps/<arch>/dl-cache.h) for an ELF of this machine (e_machine), class and e_flags; nullopt
// when glibc has no loader for it.
std::optional<int32_t> ld_cache_default_id(uint16_t e_machine, int bits, uint32_t e_flags);

// /etc/ld.so.conf: the directories in order, `include` lines expanded (globs matched against the
// root's directory listings, relative patterns taken from the including file's directory,
// sorted as glob(3) does), `hwcap` lines ignored as ldconfig does. Cycles and depth are capped.
struct LdSoConf {
  std::vector<std::string> directories;
  std::vector<std::string> files_read;  // every configuration file read, in order
  std::vector<std::string> warnings;
};
LdSoConf read_ld_so_conf(const RootFs& root, const std::string& path = "/etc/ld.so.conf");

// musl's /etc/ld-musl-$ARCH.path: directories separated by newlines or colons.
std::optional<std::vector<std::string>> read_musl_path(const RootFs& root, const std::string& arch);

// FreeBSD's /var/run/ld-elf.so.hints (struct elfhints_hdr, either byte order): its directories.
Result<std::vector<std::string>> parse_elf_hints(std::span<const uint8_t> bytes);

}  // namespace crossgo::rootfs
