// The Go build ID (cmd/internal/buildid): a value the format stores natively (the ELF note), else
// a quoted text marker the linker places first in the text, which cmd/internal/buildid finds in
// the file's first 32 KiB (readRaw) or at the start of the text section (Mach-O). It identifies
// the exact build, which is what a cache or a reproducibility check compares.
#include <algorithm>
#include <string>
#include <string_view>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr std::string_view kPrefix = "\xff Go build ID: \"";
constexpr std::string_view kEnd = "\"\n \xff";

// Build IDs are base64-ish hashes joined by '/'; anything unprintable means we matched garbage.
bool plausible_id(std::string_view id) {
  if (id.empty() || id.size() > limits::kMaxStringBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

std::optional<std::string> from_marker(std::span<const uint8_t> bytes) {
  const std::string_view hay(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const size_t at = hay.find(kPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  const size_t start = at + kPrefix.size();
  const size_t end = hay.find(kEnd, start);
  if (end == std::string_view::npos || end - start > limits::kMaxStringBytes) return std::nullopt;
  // The ID is written with strconv.Quote, so unquote the literal including its quotes.
  auto id = go_unquote(hay.substr(start - 1, end - start + 2));
  if (!id || !plausible_id(*id)) return std::nullopt;
  return id;
}

}  // namespace

std::optional<std::string> read_go_build_id(const Image& image, const GoLayout& layout) {
  if (layout.build_id) {
    if (plausible_id(*layout.build_id)) return layout.build_id;
    return std::nullopt;
  }
  for (const FileRegion& r : layout.build_id_text) {
    const auto bytes = image.source->read_up_to(r.offset, std::min(r.size, limits::kGoBuildIdScan), "Go build ID");
    if (auto id = from_marker(bytes)) return id;
  }
  return std::nullopt;
}

}  // namespace crossgo
