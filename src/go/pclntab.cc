// Locating the Go pclntab (the runtime's function/file/line table). It is the one piece of Go
// metadata that survives `-ldflags=-s -w` and strip(1), because the runtime itself needs it for
// stack traces, so it is our proof of Go-ness and cgo evidence when everything else is gone.
// Header layout per debug/gosym/pclntab.go (parsePclnTab).
#include <string.h>

#include <algorithm>
#include <string>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr uint32_t kGo12Magic = 0xfffffffb;
constexpr uint32_t kGo116Magic = 0xfffffffa;
constexpr uint32_t kGo118Magic = 0xfffffff0;
constexpr uint32_t kGo120Magic = 0xfffffff1;

// Names the Go linker gives the table: ELF, ELF PIE (placed in relro), Mach-O.
constexpr const char* kPclntabSections[] = {".gopclntab", ".data.rel.ro.gopclntab", "__gopclntab"};

bool known_magic(uint32_t m) {
  return m == kGo12Magic || m == kGo116Magic || m == kGo118Magic || m == kGo120Magic;
}

// Validates a header at data[0..]: the fixed bytes, then that the table offsets it declares are
// ordered and inside the bytes we have. The offset checks are what make a blind scan safe: four
// magic bytes alone turn up in random data.
std::optional<GoPclntab> parse_header(std::span<const uint8_t> data, uint64_t file_offset) {
  if (data.size() < 16) return std::nullopt;
  const uint32_t le = static_cast<uint32_t>(data[0]) | static_cast<uint32_t>(data[1]) << 8 |
                      static_cast<uint32_t>(data[2]) << 16 | static_cast<uint32_t>(data[3]) << 24;
  const uint32_t be = static_cast<uint32_t>(data[3]) | static_cast<uint32_t>(data[2]) << 8 |
                      static_cast<uint32_t>(data[1]) << 16 | static_cast<uint32_t>(data[0]) << 24;
  GoPclntab t;
  if (known_magic(le)) {
    t.magic = le;
    t.endian = Endian::little;
  } else if (known_magic(be)) {
    t.magic = be;
    t.endian = Endian::big;
  } else {
    return std::nullopt;
  }
  if (data[4] != 0 || data[5] != 0) return std::nullopt;
  if (data[6] != 1 && data[6] != 2 && data[6] != 4) return std::nullopt;
  if (data[7] != 4 && data[7] != 8) return std::nullopt;
  t.quantum = data[6];
  t.pointer_size = data[7];
  t.offset = file_offset;
  t.size = data.size();

  const ByteReader r(data, t.endian, file_offset);
  const bool is64 = t.pointer_size == 8;
  const uint64_t w = static_cast<uint64_t>(t.pointer_size);
  const uint64_t nfunc = r.contains(8, w) ? r.word(8, is64) : 0;
  if (nfunc == 0) return std::nullopt;
  if (t.magic == kGo12Magic) {
    // functab of (2*nfunc+1) words must fit.
    if (nfunc > data.size() / w) return std::nullopt;
    if (!r.contains(8 + w, (2 * nfunc + 1) * w)) return std::nullopt;
    return t;
  }
  // 1.16+: nfunc, nfiles, [textStart (1.18+)], then five table offsets in increasing order.
  const uint64_t first = t.magic == kGo116Magic ? 2 : 3;
  if (!r.contains(8, (first + 5) * w)) return std::nullopt;
  uint64_t prev = 8 + (first + 5) * w;
  for (uint64_t i = first; i < first + 5; ++i) {
    const uint64_t off = r.word(8 + i * w, is64);
    if (off < prev || off > data.size()) return std::nullopt;
    prev = off;
  }
  return t;
}

std::optional<GoPclntab> scan_region(std::span<const uint8_t> region, uint64_t file_offset,
                                     uint64_t& budget) {
  if (region.size() > budget) region = region.first(budget);
  budget -= region.size();
  // Magic bytes in either order start with 0xff or 0xf0/0xf1/0xfa/0xfb; find candidates by
  // looking for the two 0xff bytes every magic has in the middle.
  for (uint64_t i = (4 - file_offset % 4) % 4; i + 16 <= region.size(); i += 4) {
    if (region[i + 1] != 0xff || region[i + 2] != 0xff || region[i + 4] != 0 || region[i + 5] != 0)
      continue;
    if (auto t = parse_header(region.subspan(i), file_offset + i)) {
      t->where = "scan";
      return t;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string go_version_range_for_pclntab_magic(uint32_t magic) {
  switch (magic) {
    case kGo12Magic: return ">=go1.2 <go1.16";
    case kGo116Magic: return ">=go1.16 <go1.18";
    case kGo118Magic: return ">=go1.18 <go1.20";
    case kGo120Magic: return ">=go1.20";
    default: return "";
  }
}

std::optional<GoPclntab> find_go_pclntab(const Image& image) {
  for (const char* name : kPclntabSections) {
    const Section* s = image.find_section(name);
    if (s == nullptr || !s->has_file_data) continue;
    if (auto t = parse_header(image.section_bytes(*s), s->offset)) {
      t->where = name;
      return t;
    }
  }
  // No named section (PE keeps it inside .rdata; section headers may be stripped): scan.
  uint64_t budget = limits::kMaxPclntabScan;
  constexpr uint64_t kShfExecinstr = 0x4;
  constexpr uint32_t kPtLoad = 1;
  if (!image.sections.empty()) {
    // Go's linker always names the ELF section .gopclntab, internal or external link alike: an
    // ELF file with section headers but without it is not a Go binary, and scanning a large
    // non-Go file would only cost time and resident pages.
    if (image.format == Format::elf) return std::nullopt;
    for (const auto& s : image.sections) {
      if (!s.has_file_data || s.size == 0) continue;
      if (image.format == Format::elf && (s.flags & kShfExecinstr) != 0) continue;
      if (auto t = scan_region(image.section_bytes(s), s.offset, budget)) return t;
      if (budget == 0) break;
    }
    return std::nullopt;
  }
  for (const auto& seg : image.segments) {
    if (seg.type != kPtLoad || seg.offset >= image.file.size()) continue;
    const uint64_t len = std::min<uint64_t>(seg.filesz, image.file.size() - seg.offset);
    if (auto t = scan_region(image.file.subspan(seg.offset, len), seg.offset, budget)) return t;
    if (budget == 0) break;
  }
  return std::nullopt;
}

size_t find_bytes(std::string_view hay, std::string_view needle, size_t from) {
  if (from > hay.size() || needle.empty()) return std::string_view::npos;
  const void* hit = ::memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
  return hit == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(hit) - hay.data());
}

GoPclntabTables go_pclntab_tables(const Image& image, const GoPclntab& t) {
  const auto all = image.file.subspan(t.offset, t.size);
  const std::string_view whole(reinterpret_cast<const char*>(all.data()), all.size());
  if (t.magic == kGo12Magic) return {whole, whole};
  const ByteReader r(all, t.endian, t.offset);
  const bool is64 = t.pointer_size == 8;
  const uint64_t w = static_cast<uint64_t>(t.pointer_size);
  const uint64_t first = t.magic == kGo116Magic ? 2 : 3;  // word index of funcnameOffset
  // find_go_pclntab validated these as ordered and inside the table.
  const uint64_t funcname = r.word(8 + first * w, is64);
  const uint64_t cu = r.word(8 + (first + 1) * w, is64);
  const uint64_t filetab = r.word(8 + (first + 2) * w, is64);
  const uint64_t pctab = r.word(8 + (first + 3) * w, is64);
  return {whole.substr(funcname, cu - funcname), whole.substr(filetab, pctab - filetab)};
}

std::vector<std::string> go_pclntab_files_matching(std::string_view files, std::string_view needle, size_t max) {
  std::vector<std::string> out;
  for (size_t at = find_bytes(files, needle); at != std::string_view::npos && out.size() < max;
       at = find_bytes(files, needle, at + 1)) {
    if (at != 0 && files[at - 1] != '\0' && files[at - 1] != '/') continue;
    const size_t base = at + needle.size() - (needle.size() - needle.rfind('/') - 1);
    const size_t end = files.find('\0', base);
    if (end == std::string_view::npos) break;
    std::string name(files.substr(base, end - base));
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
    at = end;  // the next name starts after this NUL: no byte is searched twice
  }
  return out;
}

bool has_go_pclntab(const Image& image) { return find_go_pclntab(image).has_value(); }

}  // namespace crossgo
