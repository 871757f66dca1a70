// The Go version of a binary whose build info is missing or damaged. The linker stores
// runtime.buildVersion's text ("go1.19.8") as its own read-only data symbol, so it sits between
// padding bytes; text that merely mentions a version ("requires go1.18") sits inside printable
// text. Failing that, the pclntab magic still narrows the release down to a range.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr const char* kReadOnlySections[] = {".rodata", "__rodata", ".rdata"};
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfR = 4;

bool printable(char c) { return c >= 0x20 && c < 0x7f; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// Length of a run of 1..max digits at s[i], 0 if none or too long, no leading zero unless alone.
size_t digits_at(std::string_view s, size_t i, size_t max) {
  size_t n = 0;
  while (i + n < s.size() && digit(s[i + n])) ++n;
  if (n == 0 || n > max || (n > 1 && s[i] == '0')) return 0;
  return n;
}

// A "go1.N[.M][betaK|rcK]" string standing alone at hay[at], or "".
std::string_view version_at(std::string_view hay, size_t at) {
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
  if (i < hay.size() && printable(hay[i])) return {};
  return hay.substr(at, i - at);
}

std::optional<std::string> search(std::span<const uint8_t> bytes, uint64_t& budget) {
  if (bytes.size() > budget) bytes = bytes.first(budget);
  budget -= bytes.size();
  const std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (size_t at = hay.find("go1."); at != std::string_view::npos; at = hay.find("go1.", at + 1)) {
    const auto v = version_at(hay, at);
    if (!v.empty()) return std::string(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<GoVersionGuess> guess_go_version(const Image& image) {
  return guess_go_version(image, find_go_pclntab(image));
}

std::optional<GoVersionGuess> guess_go_version(const Image& image, const std::optional<GoPclntab>& pclntab) {
  // Only for images that are Go at all: a C program may well contain "go1.19" in its data.
  if (!pclntab) return std::nullopt;

  uint64_t budget = limits::kMaxGoVersionScan;
  bool any_section = false;
  for (const char* name : kReadOnlySections) {
    if (const Section* s = image.find_section(name); s != nullptr && s->has_file_data) {
      any_section = true;
      if (auto v = search(image.section_bytes(*s), budget)) return GoVersionGuess{*v, "rodata"};
    }
  }
  if (!any_section && image.format == Format::elf && image.sections.empty()) {
    // Section headers stripped: the read-only (neither writable nor executable) PT_LOADs.
    for (const auto& seg : image.segments) {
      if (seg.type != kPtLoad || seg.flags != kPfR || seg.offset >= image.file.size()) continue;
      const uint64_t len = std::min<uint64_t>(seg.filesz, image.file.size() - seg.offset);
      if (auto v = search(image.file.subspan(seg.offset, len), budget))
        return GoVersionGuess{*v, "rodata"};
    }
  }
  const std::string range = go_version_range_for_pclntab_magic(pclntab->magic);
  if (range.empty()) return std::nullopt;
  return GoVersionGuess{range, "pclntab"};
}

}  // namespace crossgo
