// The Go build ID (cmd/internal/buildid): an ELF note on ELF, otherwise a quoted text marker the
// linker places first in the text segment. It identifies the exact build, which is what a cache or
// a reproducibility check compares.
#include <algorithm>
#include <string>
#include <string_view>

#include "crossgo/go_info.h"
#include "crossgo/limits.h"

namespace crossgo {
namespace {

constexpr uint32_t kGoBuildIdNote = 4;  // ELF_NOTE_GOBUILDID_TAG
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

std::optional<std::string> read_go_build_id(const Image& image) {
  for (const auto& note : image.notes) {
    if (note.owner != "Go" || note.type != kGoBuildIdNote) continue;
    std::string_view id(reinterpret_cast<const char*>(note.desc.data()), note.desc.size());
    while (!id.empty() && id.back() == '\0') id.remove_suffix(1);
    if (plausible_id(id)) return std::string(id);
  }
  // Go's ELF outputs always carry the note (cmd/internal/buildid readELF); the text marker is for
  // the other formats, and searching for it in every non-Go ELF file would cost a 32 KiB scan each.
  if (image.format == Format::elf) return std::nullopt;
  // cmd/internal/buildid readRaw: the first 32 KiB of the file; Mach-O: the start of __text.
  const auto head = image.file.first(std::min<uint64_t>(image.file.size(), limits::kGoBuildIdScan));
  if (auto id = from_marker(head)) return id;
  for (const char* name : {"__text", ".text"}) {
    if (const Section* s = image.find_section(name)) {
      auto text = image.section_bytes(*s);
      if (auto id = from_marker(text.first(std::min<uint64_t>(text.size(), limits::kGoBuildIdScan))))
        return id;
    }
  }
  return std::nullopt;
}

}  // namespace crossgo
