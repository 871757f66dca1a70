// Universal ("fat") Mach-O files, <mach-o/fat.h>: a big-endian fat_header, then nfat_arch
// fat_arch (FAT_MAGIC) or fat_arch_64 (FAT_MAGIC_64) entries, each locating one thin Mach-O slice.
// 0xcafebabe also starts every Java class file, where the next word is the class file version
// (minor << 16 | major, major >= 45): a fat header has a small nfat_arch and its first entry names
// a real cputype, and every slice must lie inside the file without overlapping another.
#include <algorithm>
#include <string>
#include <vector>

#include "crossgo/format_registry.h"
#include "formats/macho/macho_internal.h"
#include "formats/macho/macho_names.h"
#include "formats/macho/macho_structs.h"

namespace crossgo {
namespace macho {
namespace {

// cctools' lipo and the kernel accept at most a few dozen architectures; 64 is far above any
// real universal file and below the Java class versions (45 and up) that share the magic.
constexpr uint64_t kMaxFatArchs = 64;

uint32_t be32(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | static_cast<uint32_t>(b[at + 3]);
}

// A cputype <mach/machine.h> could define: a small number with at most the ABI64 / ABI64_32 bits.
bool plausible_cputype(uint32_t cputype) {
  const uint32_t base = cputype & ~(CPU_ARCH_ABI64 | CPU_ARCH_ABI64_32);
  return base >= 1 && base <= 32;
}

bool matches(std::span<const uint8_t> head) {
  if (head.size() < sizeof(FatHeader) + sizeof(FatArch)) return false;
  const uint32_t magic = be32(head, 0);
  if (magic != FAT_MAGIC && magic != FAT_MAGIC_64) return false;
  const uint32_t n = be32(head, 4);
  return n >= 1 && n <= kMaxFatArchs && plausible_cputype(be32(head, sizeof(FatHeader)));
}

struct Slice {
  ContainerMember member;
  uint64_t entry_offset = 0;  // file offset of its fat_arch, for messages
};

Result<Container> split(ByteSource& source) {
  Container out;
  out.format = Format::macho_fat;
  try {
    const auto h = source.get<FatHeader>(0, Endian::big, "fat_header");
    const bool is64 = h[h->magic] == FAT_MAGIC_64;
    const uint64_t n = h[h->nfat_arch];
    if (n > kMaxFatArchs) {
      throw ParseError(h.at(h->nfat_arch), "nfat_arch " + std::to_string(n) + " exceeds " +
                                               std::to_string(kMaxFatArchs) + " (a Java class file?)");
    }
    const uint64_t entsize = is64 ? sizeof(FatArch64) : sizeof(FatArch);
    const uint64_t table_end = sizeof(FatHeader) + n * entsize;  // n <= 64: no overflow
    if (table_end > source.size()) {
      throw ParseError(h.at(h->nfat_arch), "nfat_arch " + std::to_string(n) + ": the fat_arch table (" +
                                               std::to_string(n * entsize) + " bytes) extends past the end of the file (size " +
                                               std::to_string(source.size()) + ")");
    }
    std::vector<Slice> slices;
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t at = sizeof(FatHeader) + i * entsize;
      uint32_t cputype = 0, cpusubtype = 0;
      uint64_t offset = 0, size = 0;
      if (is64) {
        const auto a = source.get<FatArch64>(at, Endian::big, "fat_arch_64");
        cputype = static_cast<uint32_t>(a[a->cputype]);
        cpusubtype = static_cast<uint32_t>(a[a->cpusubtype]);
        offset = a[a->offset];
        size = a[a->size];
      } else {
        const auto a = source.get<FatArch>(at, Endian::big, "fat_arch");
        cputype = static_cast<uint32_t>(a[a->cputype]);
        cpusubtype = static_cast<uint32_t>(a[a->cpusubtype]);
        offset = a[a->offset];
        size = a[a->size];
      }
      const std::string name = arch_name(cputype, cpusubtype);
      const std::string where = "fat_arch " + std::to_string(i) + " (" + name + ") at " + hex(at);
      if (!source.contains(offset, size)) {
        out.warnings.push_back(where + ": slice (offset " + hex(offset) + ", size " + std::to_string(size) +
                               ") extends past the end of the file (size " + std::to_string(source.size()) +
                               "); left out");
        continue;
      }
      if (offset < table_end) {
        out.warnings.push_back(where + ": slice offset " + hex(offset) + " lies inside the fat header (which ends at " +
                               hex(table_end) + "); left out");
        continue;
      }
      if (size == 0) {
        out.warnings.push_back(where + ": slice is empty; left out");
        continue;
      }
      slices.push_back({{name, offset, size}, at});
    }
    // Overlap check in file order; the slice listed later in the table is the one left out.
    std::vector<size_t> order(slices.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return slices[a].member.offset != slices[b].member.offset ? slices[a].member.offset < slices[b].member.offset : a < b;
    });
    std::vector<bool> keep(slices.size(), true);
    size_t prev = SIZE_MAX;
    for (size_t idx : order) {
      if (prev != SIZE_MAX) {
        const ContainerMember& p = slices[prev].member;
        const ContainerMember& m = slices[idx].member;
        if (m.offset < p.offset + p.size) {
          const size_t later = std::max(prev, idx);
          const size_t earlier = std::min(prev, idx);
          out.warnings.push_back("fat_arch at " + hex(slices[later].entry_offset) + " (" + slices[later].member.name +
                                 "): slice overlaps the " + slices[earlier].member.name + " slice; left out");
          keep[later] = false;
          if (later == prev) prev = idx;
          continue;
        }
      }
      prev = idx;
    }
    for (size_t i = 0; i < slices.size(); ++i) {
      if (!keep[i]) continue;
      ContainerMember m = slices[i].member;
      const auto same = std::count_if(out.members.begin(), out.members.end(),
                                      [&](const ContainerMember& o) { return o.name == m.name || o.name.rfind(m.name + " (", 0) == 0; });
      if (same > 0) m.name += " (" + std::to_string(same + 1) + ")";
      out.members.push_back(std::move(m));
    }
  } catch (const ParseError& e) {
    return e.error();
  }
  return out;
}

}  // namespace
}  // namespace macho

const ContainerReader kFatMachOReader = {Format::macho_fat, macho::matches, macho::split};

}  // namespace crossgo
