// FreeBSD's /var/run/ld-elf.so.hints: the directories ldconfig was given, for rtld to search.
// Layout: struct elfhints_hdr of FreeBSD include/elf-hints.h (ELFHINTS_MAGIC, version 1, the
// string table and the directory list inside it). What is trusted is what rtld trusts
// (libexec/rtld-elf/rtld.c, gethints in FreeBSD 14): the list must lie inside the file and end
// with a NUL exactly at dirlistlen; and the list is split as path_enumerate splits search paths.
// The byte order is the file's own: since FreeBSD 14, sbin/ldconfig/elfhints.c (read_elf_hints)
// tells it from the magic, and can write either.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/hex.h"
#include "crossgo/layout.h"
#include "crossgo/ld_config.h"
#include "crossgo/limits.h"

namespace crossgo::rootfs {
namespace {

constexpr uint32_t kElfHintsMagic = 0x746e6845;  // "Ehnt" read little-endian

struct ElfHintsHeader {
  F32 magic, version, strtab, strsize, dirlist, dirlistlen;
  Field<26 * 4> spare;
};
static_assert(sizeof(ElfHintsHeader) == 128);

std::vector<std::string> read_hints(std::span<const uint8_t> bytes) {
  MemorySource src(bytes);
  if (bytes.size() < sizeof(ElfHintsHeader)) {
    throw ParseError(0, "ld-elf.so.hints header truncated: " + std::to_string(bytes.size()) + " bytes of the " +
                            std::to_string(sizeof(ElfHintsHeader)) + " it needs");
  }
  const Endian e = ByteReader(bytes, Endian::little).u32(0) == kElfHintsMagic ? Endian::little : Endian::big;
  const auto h = src.get<ElfHintsHeader>(0, e, "elfhints_hdr");
  if (h[h->magic] != kElfHintsMagic)
    throw ParseError(0, "not an ld-elf.so.hints file: magic " + hex(h[h->magic]) + " is not \"Ehnt\" in either byte order");
  if (h[h->version] != 1)
    throw ParseError(h.at(h->version), "ld-elf.so.hints version " + std::to_string(h[h->version]) + " is not 1");
  const uint64_t strtab = h[h->strtab], dirlist = h[h->dirlist], len = h[h->dirlistlen];
  // 32-bit fields added in 64 bits: no overflow; the terminating NUL must be in the file too.
  const uint64_t start = strtab + dirlist;
  if (start > bytes.size() || len >= bytes.size() - start) {
    throw ParseError(h.at(h->dirlistlen), "directory list (strtab " + hex(strtab) + " + dirlist " + hex(dirlist) +
                                              ", dirlistlen " + std::to_string(len) +
                                              " and its NUL) runs past the end of the file (" +
                                              std::to_string(bytes.size()) + " bytes)");
  }
  if (bytes[start + len] != 0) {
    throw ParseError(start + len, "directory list is not NUL-terminated at dirlistlen " + std::to_string(len));
  }
  // rtld reads the list as a C string: an embedded NUL ends it.
  std::string_view list(reinterpret_cast<const char*>(bytes.data() + start), len);
  list = list.substr(0, list.find('\0'));

  // path_enumerate: elements separated by ':' or ';', empty ones skipped.
  std::vector<std::string> dirs;
  size_t pos = 0;
  while (pos < list.size()) {
    const size_t end = std::min(list.find_first_of(":;", pos), list.size());
    if (end > pos) {
      if (dirs.size() >= limits::kMaxSearchPaths)
        throw ParseError(start + pos, "more than " + std::to_string(limits::kMaxSearchPaths) + " directories");
      if (end - pos > limits::kMaxStringBytes)
        throw ParseError(start + pos, "a directory of " + std::to_string(end - pos) + " bytes (more than " +
                                          std::to_string(limits::kMaxStringBytes) + ")");
      dirs.emplace_back(list.substr(pos, end - pos));
    }
    pos = end + 1;
  }
  return dirs;
}

}  // namespace

Result<std::vector<std::string>> parse_elf_hints(std::span<const uint8_t> bytes) {
  try {
    return read_hints(bytes);
  } catch (const ParseError& e) {
    return e.error();
  }
}

}  // namespace crossgo::rootfs
