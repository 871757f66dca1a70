#include "crossgo/detect.h"

#include <cstring>

namespace crossgo {

Format detect_format(std::span<const uint8_t> b) {
  auto starts = [&](const char* magic, size_t n) { return b.size() >= n && std::memcmp(b.data(), magic, n) == 0; };
  if (starts("\x7f" "ELF", 4)) return Format::elf;
  if (starts("\xfe\xed\xfa\xce", 4) || starts("\xfe\xed\xfa\xcf", 4) || starts("\xce\xfa\xed\xfe", 4) ||
      starts("\xcf\xfa\xed\xfe", 4))
    return Format::macho;
  // 0xcafebabe is also a Java class file; a fat Mach-O has a small architecture count there.
  if ((starts("\xca\xfe\xba\xbe", 4) || starts("\xca\xfe\xba\xbf", 4)) && b.size() >= 8 && b[4] == 0 &&
      b[5] == 0 && b[6] == 0 && b[7] > 0 && b[7] < 32)
    return Format::macho_fat;
  if (starts("MZ", 2)) return Format::pe;
  if (starts("\x01\xdf", 2) || starts("\x01\xf7", 2)) return Format::xcoff;
  if (starts("\0asm", 4)) return Format::wasm;
  if (starts("!<arch>\n", 8)) return Format::archive;
  // Plan 9 a.out: big-endian magic 4*(n*n)+... per a.out.h; 386 = 0x1eb, amd64 = 0x8a97, arm = 0x647.
  if (b.size() >= 32) {
    const uint32_t m = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    if (m == 0x000001eb || m == 0x00008a97 || m == 0x00000647) return Format::plan9;
  }
  return Format::unknown;
}

}  // namespace crossgo
