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
#include <string_view>
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
  // New format, glibc 2.33+: the extension that names the ldconfig that wrote the cache
  // ("ldconfig (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36"), or "" when absent.
  std::string generator;
};

// The flags of an entry (glibc sysdeps/generic/ldconfig.h): the low byte is the library type,
// the next one the ABI variant that ldconfig read from the library's ELF header.
namespace ld_cache_flag {
inline constexpr int32_t kTypeMask = 0x00ff, kElf = 0x0001, kElfLibc6 = 0x0003, kRequiredMask = 0xff00,
                         kSparcLib64 = 0x0100, kIa64Lib64 = 0x0200, kX8664Lib64 = 0x0300,
                         kS390Lib64 = 0x0400, kPowerpcLib64 = 0x0500, kMips64LibN32 = 0x0600,
                         kMips64LibN64 = 0x0700, kX8664LibX32 = 0x0800, kArmLibHf = 0x0900,
                         kAarch64Lib64 = 0x0a00, kArmLibSf = 0x0b00, kMipsLib32Nan2008 = 0x0c00,
                         kMips64LibN32Nan2008 = 0x0d00, kMips64LibN64Nan2008 = 0x0e00,
                         kRiscvFloatAbiSoft = 0x0f00, kRiscvFloatAbiDouble = 0x1000,
                         kLarchFloatAbiSoft = 0x1100, kLarchFloatAbiDouble = 0x1200;
}  // namespace ld_cache_flag

// LdCacheEntry::hwcap of an entry in a glibc-hwcaps subdirectory (DL_CACHE_HWCAP_EXTENSION): the
// low 32 bits index the subdirectory names, bits 32-41 hold the ISA level the entry needs.
inline constexpr uint64_t kLdCacheHwcapExtension = uint64_t{1} << 62;

// Parses an ld.so.cache. A file that is neither format, or whose header does not fit, is an error
// naming the offset; bad entries are skipped with a warning.
Result<LdCache> parse_ld_cache(std::span<const uint8_t> bytes);

// The flags value the target's loader accepts (_DL_CACHE_DEFAULT_ID of glibc's
// sysdeps/<arch>/dl-cache.h) for an ELF of this machine (e_machine), class and e_flags; nullopt
// when glibc has no loader for it. An entry with exactly these flags ends the loader's search.
// On ARM it is the generic 3 (FLAG_ELF_LIBC6) for both float ABIs, as in glibc: which of
// FLAG_ARM_LIBHF and FLAG_ARM_LIBSF a loader takes is ld_cache_flags_accepted's answer.
std::optional<int32_t> ld_cache_default_id(uint16_t e_machine, int bits, uint32_t e_flags);

// Whether that loader takes a cache entry with these flags at all (_dl_cache_check_flags of
// glibc's sysdeps/<arch>/dl-cache.h, e.g. FLAG_ELF as well as the default id on i386, the
// unmarked FLAG_ELF_LIBC6 as well as FLAG_ARM_LIBHF|FLAG_ELF_LIBC6 on armhf). The loader keeps
// searching past an accepted entry whose flags are not the default id, for one that is.
bool ld_cache_flags_accepted(int32_t entry_flags, uint16_t e_machine, int bits, uint32_t e_flags);

// The flags ldconfig records for a library with this ELF header (process_elf_file of glibc's
// sysdeps/.../readelflib.c), or nullopt when ldconfig would leave the library out of the cache
// (an unsupported float ABI or e_flags bit).
std::optional<int32_t> ldconfig_library_flags(uint16_t e_machine, int bits, uint32_t e_flags);

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
// The same for a loader that is not in /lib: musl looks for etc/ld-musl-$ARCH.path next to the
// directory that holds the loader ("/usr/local/musl/lib/ld-musl-x86_64.so.1" ->
// "/usr/local/musl/etc/ld-musl-x86_64.path").
std::optional<std::vector<std::string>> read_musl_path(const RootFs& root, const std::string& arch,
                                                       const std::string& loader);
std::string musl_path_file(std::string_view loader, std::string_view arch);
// The directories of a path file's text, split as musl's loader splits it.
std::vector<std::string> parse_musl_path(std::string_view text);
// What musl searches when there is no path file (ldso/dynlink.c, load_library).
inline constexpr std::string_view kMuslDefaultPath = "/lib:/usr/local/lib:/usr/lib";

// FreeBSD's /var/run/ld-elf.so.hints (struct elfhints_hdr, either byte order): its directories.
Result<std::vector<std::string>> parse_elf_hints(std::span<const uint8_t> bytes);

}  // namespace crossgo::rootfs
