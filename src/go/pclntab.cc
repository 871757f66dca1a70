// Locating the Go pclntab (the runtime's function/file/line table). It is the one piece of Go
// metadata that survives `-ldflags=-s -w` and strip(1), because the runtime itself needs it for
// stack traces, so it is our proof of Go-ness and cgo evidence when everything else is gone.
// Header layout per debug/gosym/pclntab.go (parsePclnTab); where it lives per format: GoLayout.
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
constexpr uint64_t kMaxHeaderBytes = 8 + 8 * 8;  // magic, pad, quantum, ptrsize, eight words

bool known_magic(uint32_t m) {
  return m == kGo12Magic || m == kGo116Magic || m == kGo118Magic || m == kGo120Magic;
}

// Validates a header at head[0..] (at file offset `offset`, with `available` bytes of table from
// there): the fixed bytes, then that the table offsets it declares are ordered and inside the
// table. The offset checks are what make a search safe: four magic bytes alone turn up in random
// data.
std::optional<GoPclntab> parse_header(std::span<const uint8_t> head, uint64_t offset, uint64_t available) {
  if (head.size() < 16) return std::nullopt;
  const uint32_t le = static_cast<uint32_t>(head[0]) | static_cast<uint32_t>(head[1]) << 8 |
                      static_cast<uint32_t>(head[2]) << 16 | static_cast<uint32_t>(head[3]) << 24;
  const uint32_t be = static_cast<uint32_t>(head[3]) | static_cast<uint32_t>(head[2]) << 8 |
                      static_cast<uint32_t>(head[1]) << 16 | static_cast<uint32_t>(head[0]) << 24;
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
  if (head[4] != 0 || head[5] != 0) return std::nullopt;
  if (head[6] != 1 && head[6] != 2 && head[6] != 4) return std::nullopt;
  if (head[7] != 4 && head[7] != 8) return std::nullopt;
  t.quantum = head[6];
  t.pointer_size = head[7];
  t.offset = offset;
  t.size = available;

  const ByteReader r(head, t.endian, offset);
  const bool is64 = t.pointer_size == 8;
  const uint64_t w = static_cast<uint64_t>(t.pointer_size);
  const uint64_t nfunc = r.contains(8, w) ? r.word(8, is64) : 0;
  if (nfunc == 0) return std::nullopt;
  if (t.magic == kGo12Magic) {
    // functab of (2*nfunc+1) words must fit.
    if (nfunc > available / w || 8 + w + (2 * nfunc + 1) * w > available) return std::nullopt;
    t.names_offset = t.files_offset = offset;
    t.names_size = t.files_size = available;
    return t;
  }
  // 1.16+: nfunc, nfiles, [textStart (1.18+)], then funcname, cu, filetab, pctab, pcln offsets in
  // increasing order.
  const uint64_t first = t.magic == kGo116Magic ? 2 : 3;
  if (!r.contains(8, (first + 5) * w)) return std::nullopt;
  uint64_t prev = 8 + (first + 5) * w;
  uint64_t offs[5];
  for (uint64_t i = 0; i < 5; ++i) {
    offs[i] = r.word(8 + (first + i) * w, is64);
    if (offs[i] < prev || offs[i] > available) return std::nullopt;
    prev = offs[i];
  }
  t.names_offset = offset + offs[0];
  t.names_size = offs[1] - offs[0];
  t.files_offset = offset + offs[2];
  t.files_size = offs[3] - offs[2];
  return t;
}

std::optional<GoPclntab> at_offset(ByteSource& src, uint64_t offset, uint64_t available) {
  const auto head = src.read_up_to(offset, std::min(available, kMaxHeaderBytes), "pclntab header");
  return parse_header(head, offset, available);
}

// Searches a region for a valid header, 4-byte aligned in the file (the linker aligns the table to
// at least that), streaming the region, within `budget` bytes in all.
std::optional<GoPclntab> search_region(ByteSource& src, const FileRegion& region, uint64_t& budget) {
  const uint64_t len = std::min(region.size, budget);
  budget -= len;
  std::optional<GoPclntab> found;
  src.scan(region.offset, len, kMaxHeaderBytes, [&](std::span<const uint8_t> bytes, uint64_t at) {
    // Magic bytes in either order have two 0xff bytes in the middle and two zero pad bytes.
    for (uint64_t i = (4 - at % 4) % 4; i + 16 <= bytes.size(); i += 4) {
      if (bytes[i + 1] != 0xff || bytes[i + 2] != 0xff || bytes[i + 4] != 0 || bytes[i + 5] != 0) continue;
      const uint64_t file_at = at + i;
      const uint64_t available = region.offset + region.size - file_at;
      const auto head = bytes.subspan(i, std::min<uint64_t>(bytes.size() - i, kMaxHeaderBytes));
      std::optional<GoPclntab> t = head.size() == kMaxHeaderBytes || head.size() == available
                                       ? parse_header(head, file_at, available)
                                       : at_offset(src, file_at, available);
      if (t) {
        t->where = "search in " + region.where;
        found = std::move(t);
        return true;
      }
    }
    return false;
  });
  return found;
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

std::optional<GoPclntab> find_go_pclntab(const Image& image, const GoLayout& layout) {
  ByteSource& src = *image.source;
  for (const FileRegion& r : layout.pclntab_sections) {
    if (r.size == 0 || !src.contains(r.offset, r.size)) continue;
    if (auto t = at_offset(src, r.offset, r.size)) {
      t->where = r.where;
      return t;
    }
  }
  // The symbol table names the table's start exactly (cmd/internal/objfile: runtime.pclntab and
  // runtime.epclntab), when there is one.
  if (!layout.pclntab_search.empty()) {
    if (auto r = pclntab_region_from_symbols(image, find_go_runtime_symbols(image))) {
      if (auto t = at_offset(src, r->offset, r->size)) {
        t->where = r->where;
        return t;
      }
    }
  }
  uint64_t budget = limits::kMaxPclntabScan;
  for (const FileRegion& r : layout.pclntab_search) {
    if (budget == 0) break;
    if (auto t = search_region(src, r, budget)) return t;
  }
  return std::nullopt;
}

size_t find_bytes(std::string_view hay, std::string_view needle, size_t from) {
  if (from > hay.size() || needle.empty()) return std::string_view::npos;
  const void* hit = ::memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
  return hit == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(hit) - hay.data());
}

void for_each_string_containing(ByteSource& source, uint64_t offset, uint64_t size, std::string_view needle,
                                const std::function<bool(std::string_view, uint64_t)>& visit) {
  // Windows overlap by two string lengths, so every string of up to kMaxStringBytes that contains
  // a hit lies whole in some window; `done` is the file offset up to which strings were visited.
  const uint64_t overlap = 2 * limits::kMaxStringBytes;
  uint64_t done = offset;
  source.scan(offset, size, overlap, [&](std::span<const uint8_t> bytes, uint64_t at) {
    const std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    const bool last_window = at + bytes.size() >= offset + std::min(size, source.size() - std::min(offset, source.size()));
    size_t scanned = 0, start = 0;
    for (size_t hit = find_bytes(hay, needle); hit != std::string_view::npos; hit = find_bytes(hay, needle, hit + 1)) {
      if (hit > scanned) {
        const void* nul = memrchr(hay.data() + scanned, '\0', hit - scanned);
        if (nul != nullptr) start = static_cast<size_t>(static_cast<const char*>(nul) - hay.data()) + 1;
        scanned = hit;
      }
      if (at + start < done) continue;  // visited in the previous window
      const size_t end = hay.find('\0', hit + needle.size());
      if (end == std::string_view::npos) {
        if (!last_window) break;  // the next window has it whole
        continue;
      }
      // A string that starts at the window's first byte may have begun in the previous window.
      if (start == 0 && at != offset) continue;
      if (end - start <= limits::kMaxStringBytes && visit(hay.substr(start, end - start), at + start)) return true;
      done = at + end + 1;
      hit = end;
      scanned = end;
      start = end + 1;
    }
    if (!last_window) done = std::max(done, at + bytes.size() - std::min<uint64_t>(bytes.size(), overlap));
    return false;
  });
}

std::vector<std::string> go_pclntab_files_matching(const Image& image, const GoPclntab& t, std::string_view needle,
                                                   size_t max) {
  std::vector<std::string> out;
  if (max == 0) return out;
  const size_t base_at = needle.rfind('/') + 1;
  for_each_string_containing(*image.source, t.files_offset, t.files_size, needle, [&](std::string_view s, uint64_t) {
    // Every occurrence inside the path, directory-bounded: ".../runtime/os_linux.go".
    for (size_t at = find_bytes(s, needle); at != std::string_view::npos; at = find_bytes(s, needle, at + 1)) {
      if (at != 0 && s[at - 1] != '/') continue;
      const std::string_view base = s.substr(at + base_at);
      if (base.find('/') != std::string_view::npos) continue;
      std::string name(base);
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
      break;
    }
    return out.size() >= max;
  });
  return out;
}

}  // namespace crossgo
