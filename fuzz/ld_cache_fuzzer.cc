// libFuzzer harness for the binary loader configuration of a root filesystem: glibc's
// ld.so.cache (parse_ld_cache) and FreeBSD's ld-elf.so.hints (parse_elf_hints), plus the cache
// flag rules on header values taken from the input. Any crash, sanitizer report, leak, timeout
// or out-of-memory is a bug: a hostile root's files must only ever produce an Error or warnings.
// The checks below also catch results that break the parsers' own caps. Seeds:
// fuzz/corpus/ld_cache/ (written by fuzz/make_ld_cache_seeds.py).
#include <cstdint>
#include <cstdlib>
#include <span>

#include "crossgo/byte_reader.h"
#include "crossgo/ld_config.h"
#include "crossgo/limits.h"

namespace {

using namespace crossgo;

void check_cache(std::span<const uint8_t> bytes) {
  const auto cache = rootfs::parse_ld_cache(bytes);
  if (!cache) {
    // Errors name a place in the file.
    if (!cache.error().offset || *cache.error().offset > bytes.size()) std::abort();
    return;
  }
  if (!cache->old_format && !cache->new_format) std::abort();
  if (cache->warnings.size() > limits::kMaxWarnings + 1) std::abort();
  if (cache->generator.size() > limits::kMaxStringBytes) std::abort();
  // Every entry takes at least an old-format entry's 12 bytes of the file.
  if (cache->entries.size() > limits::kMaxLdCacheEntries || cache->entries.size() > bytes.size() / 12) std::abort();
  uint64_t total = 0;
  for (const auto& e : cache->entries) {
    if (e.soname.size() > limits::kMaxStringBytes || e.path.size() > limits::kMaxStringBytes) std::abort();
    if (e.hwcaps_subdir && (!cache->new_format || e.hwcaps_subdir->size() > limits::kMaxStringBytes)) std::abort();
    if (!cache->new_format && e.hwcap != 0) std::abort();
    total += e.soname.size() + e.path.size();
  }
  if (total > limits::kMaxLdCacheStringBytes) std::abort();
}

void check_hints(std::span<const uint8_t> bytes) {
  const auto dirs = rootfs::parse_elf_hints(bytes);
  if (!dirs) {
    if (!dirs.error().offset || *dirs.error().offset > bytes.size()) std::abort();
    return;
  }
  if (dirs->size() > limits::kMaxSearchPaths) std::abort();
  for (const auto& d : *dirs) {
    if (d.empty() || d.size() > limits::kMaxStringBytes) std::abort();
    if (d.find_first_of(std::string_view(":;\0", 3)) != std::string::npos) std::abort();
  }
}

// The loader's default id is always one of the flags it accepts.
void check_flags(std::span<const uint8_t> bytes) {
  if (bytes.size() < 12) return;
  const ByteReader r(bytes, Endian::little);
  const uint16_t machine = r.u16(0);
  const int bits = (bytes[2] & 1) ? 64 : 32;
  const uint32_t e_flags = r.u32(4);
  const auto entry_flags = static_cast<int32_t>(r.u32(8));
  if (const auto id = rootfs::ld_cache_default_id(machine, bits, e_flags)) {
    if (!rootfs::ld_cache_flags_accepted(*id, machine, bits, e_flags)) std::abort();
  } else if (rootfs::ld_cache_flags_accepted(entry_flags, machine, bits, e_flags)) {
    std::abort();  // no loader, nothing accepted
  }
  (void)rootfs::ldconfig_library_flags(machine, bits, e_flags);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  check_cache(bytes);
  check_hints(bytes);
  check_flags(bytes);
  return 0;
}
