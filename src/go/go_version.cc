// The Go version of a binary whose build info is missing or damaged. The linker stores
// runtime.buildVersion (src/runtime/extern.go) as a string variable: a {data, len} header in the
// data, pointing at the version text in read-only data, where it sits as a symbol of its own
// between padding bytes. crossgo reaches it that way — a standalone "go1.N…" text whose address
// and length some string header in the data holds — and only then trusts the text. When the
// header cannot be seen (in a PIE the pointer is a relocation's addend, not in the data), the
// standalone text is still reported, as "rodata". Failing both, the pclntab magic narrows the
// release down to a range.
#include <algorithm>
#include <string>
#include <string_view>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

bool printable(char c) { return c >= 0x20 && c < 0x7f; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// Length of a run of 1..max digits at s[i], 0 if none or too long, no leading zero unless alone.
size_t digits_at(std::string_view s, size_t i, size_t max) {
  size_t n = 0;
  while (i + n < s.size() && digit(s[i + n])) ++n;
  if (n == 0 || n > max || (n > 1 && s[i] == '0')) return 0;
  return n;
}

// A "go1.N[.M][betaK|rcK]" string standing alone at hay[at], or "". `end_terminates`: the end of
// hay counts as the non-printable byte after it (zeros follow in memory).
std::string_view version_at(std::string_view hay, size_t at, bool end_terminates) {
  if (at > 0 && printable(hay[at - 1])) return {};
  size_t i = at + 4;  // past "go1."
  size_t n = digits_at(hay, i, 3);
  if (n == 0) return {};
  i += n;
  if (i < hay.size() && hay[i] == '.') {
    n = digits_at(hay, i + 1, 3);
    if (n == 0) return {};
    i += 1 + n;
  } else {
    for (std::string_view pre : {"beta", "rc"}) {
      if (hay.substr(i, pre.size()) == pre) {
        n = digits_at(hay, i + pre.size(), 2);
        if (n == 0) return {};
        i += pre.size() + n;
        break;
      }
    }
  }
  if (i >= hay.size() ? !end_terminates : printable(hay[i])) return {};  // must be followed by a non-printable byte
  return hay.substr(at, i - at);
}

struct Candidate {
  std::string text;
  uint64_t addr = 0;
};

// Standalone version texts in the read-only regions (at most a few: the first ones found).
std::vector<Candidate> candidates(ByteSource& src, const std::vector<FileRegion>& regions) {
  constexpr size_t kMaxCandidates = 8;
  std::vector<Candidate> out;
  uint64_t budget = limits::kMaxGoVersionScan;
  for (const FileRegion& r : regions) {
    if (budget == 0 || out.size() >= kMaxCandidates) break;
    const uint64_t len = std::min(r.size, budget);
    budget -= len;
    src.scan(r.offset, len, 32, [&](std::span<const uint8_t> bytes, uint64_t at) {
      const std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      for (size_t i = hay.find("go1."); i != std::string_view::npos; i = hay.find("go1.", i + 1)) {
        const bool at_region_end = at + bytes.size() == r.offset + len && len == r.size;
        const auto v = version_at(hay, i, r.zeros_follow && at_region_end);
        if (v.empty()) continue;
        const uint64_t addr = r.addr == 0 ? 0 : r.addr + (at + i - r.offset);
        if (std::none_of(out.begin(), out.end(), [&](const Candidate& c) { return c.addr == addr && c.text == v; }))
          out.push_back({std::string(v), addr});
        if (out.size() >= kMaxCandidates) return true;
      }
      return false;
    });
  }
  return out;
}

// Is there a Go string header {addr, len} (pointer-sized words in the table's byte order) for
// the candidate in the data regions?
bool referenced(ByteSource& src, const std::vector<FileRegion>& data, const Candidate& c, int ptr_size, Endian endian) {
  if (c.addr == 0 || (ptr_size != 4 && ptr_size != 8)) return false;
  const size_t w = static_cast<size_t>(ptr_size);
  std::string needle;  // {addr, len} as the two pointer-sized words of a Go string header
  for (const uint64_t v : {c.addr, static_cast<uint64_t>(c.text.size())}) {
    for (size_t b = 0; b < w; ++b) {
      const size_t shift = endian == Endian::little ? b : w - 1 - b;
      needle.push_back(static_cast<char>((v >> (8 * shift)) & 0xff));
    }
  }
  uint64_t budget = limits::kMaxGoVersionScan;
  for (const FileRegion& r : data) {
    if (budget == 0) break;
    const uint64_t len = std::min(r.size, budget);
    budget -= len;
    const bool hit = src.scan(r.offset, len, needle.size() - 1, [&](std::span<const uint8_t> bytes, uint64_t at) {
      const std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      for (size_t i = find_bytes(hay, needle); i != std::string_view::npos; i = find_bytes(hay, needle, i + 1))
        if ((at + i) % w == 0) return true;  // a Go string header is pointer-aligned
      return false;
    });
    if (hit) return true;
  }
  return false;
}

}  // namespace

std::optional<GoVersionGuess> guess_go_version(const Image& image, const GoLayout& layout,
                                               const std::optional<GoPclntab>& pclntab) {
  // Only for images that are Go at all: a C program may well contain "go1.19" in its data.
  if (!pclntab && layout.go_markers.empty()) return std::nullopt;
  ByteSource& src = *image.source;
  // With a symbol table the variable is named: read its header and follow it.
  if (image.visit_symbols) {
    std::optional<uint64_t> var;
    image.visit_symbols([&](const SymbolRef& s) {
      if (s.name != "runtime.buildVersion" || !s.defined) return false;
      var = s.value;
      return true;
    });
    const int w = pclntab ? pclntab->pointer_size : layout.go_pointer_size != 0 ? layout.go_pointer_size : image.bits / 8;
    const Endian e = pclntab ? pclntab->endian : image.endian;
    if (var && (w == 4 || w == 8)) {
      if (auto hdr = image.read_at_address(*var, 2 * static_cast<uint64_t>(w))) {
        const ByteReader r(*hdr, e);
        const uint64_t data = r.word(0, w == 8), len = r.word(static_cast<uint64_t>(w), w == 8);
        if (len > 0 && len < 64) {
          if (auto text = image.read_at_address(data, len)) {
            const std::string v(reinterpret_cast<const char*>(text->data()), text->size());
            if (v.starts_with("go") || v.starts_with("devel")) return GoVersionGuess{v, "runtime.buildVersion symbol"};
          }
        }
      }
    }
  }
  const auto found = candidates(src, layout.rodata);
  const int ptr = pclntab ? pclntab->pointer_size : layout.go_pointer_size != 0 ? layout.go_pointer_size : image.bits / 8;
  const Endian endian = pclntab ? pclntab->endian : image.endian;
  for (const Candidate& c : found)
    if (referenced(src, layout.data.empty() ? layout.rodata : layout.data, c, ptr, endian))
      return GoVersionGuess{c.text, "runtime.buildVersion"};
  if (!found.empty()) return GoVersionGuess{found.front().text, "rodata"};
  if (!pclntab) return std::nullopt;
  const std::string range = go_version_range_for_pclntab_magic(pclntab->magic);
  if (range.empty()) return std::nullopt;
  return GoVersionGuess{range, "pclntab"};
}

}  // namespace crossgo
