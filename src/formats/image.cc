#include "crossgo/image.h"

namespace crossgo {

const char* format_name(Format f) {
  switch (f) {
    case Format::elf: return "elf";
    case Format::macho: return "macho";
    case Format::macho_fat: return "macho-fat";
    case Format::pe: return "pe";
    case Format::xcoff: return "xcoff";
    case Format::plan9: return "plan9";
    case Format::wasm: return "wasm";
    case Format::archive: return "archive";
    case Format::unknown: break;
  }
  return "unknown";
}

const Section* Image::find_section(std::string_view name) const {
  for (const auto& s : sections) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::span<const uint8_t> Image::section_bytes(const Section& s) const {
  if (!s.has_file_data || s.offset > file.size() || s.size > file.size() - s.offset) return {};
  return file.subspan(s.offset, s.size);
}

std::optional<std::span<const uint8_t>> Image::read_at_address(uint64_t addr, uint64_t len) const {
  auto from_range = [&](uint64_t vaddr, uint64_t filesz, uint64_t offset)
      -> std::optional<std::span<const uint8_t>> {
    if (addr < vaddr) return std::nullopt;
    uint64_t rel = addr - vaddr;
    if (rel > filesz || len > filesz - rel) return std::nullopt;
    if (offset > file.size() || rel > file.size() - offset || len > file.size() - offset - rel)
      return std::nullopt;
    return file.subspan(offset + rel, len);
  };
  constexpr uint32_t kPtLoad = 1;
  bool any_load = false;
  for (const auto& seg : segments) {
    if (seg.type != kPtLoad) continue;
    any_load = true;
    if (auto r = from_range(seg.vaddr, seg.filesz, seg.offset)) return r;
  }
  if (any_load) return std::nullopt;
  for (const auto& s : sections) {
    if (!s.has_file_data || s.addr == 0) continue;
    if (auto r = from_range(s.addr, s.size, s.offset)) return r;
  }
  return std::nullopt;
}

}  // namespace crossgo
