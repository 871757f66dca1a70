#include "crossgo/image.h"

#include "crossgo/byte_source.h"

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
    case Format::goobj: return "goobj";
    case Format::unknown: break;
  }
  return "unknown";
}

const char* object_kind_name(ObjectKind k) {
  switch (k) {
    case ObjectKind::executable: return "executable";
    case ObjectKind::shared_library: return "shared-library";
    case ObjectKind::relocatable: return "relocatable";
    case ObjectKind::core: return "core";
    case ObjectKind::bundle: return "bundle";
    case ObjectKind::unknown: break;
  }
  return "unknown";
}

const char* cpu_arch_name(CpuArch a) {
  switch (a) {
    case CpuArch::x86: return "x86";
    case CpuArch::x86_64: return "x86-64";
    case CpuArch::arm: return "arm";
    case CpuArch::arm64: return "arm64";
    case CpuArch::mips: return "mips";
    case CpuArch::mips64: return "mips64";
    case CpuArch::ppc: return "ppc";
    case CpuArch::ppc64: return "ppc64";
    case CpuArch::s390: return "s390";
    case CpuArch::s390x: return "s390x";
    case CpuArch::riscv32: return "riscv32";
    case CpuArch::riscv64: return "riscv64";
    case CpuArch::loong64: return "loong64";
    case CpuArch::sparc: return "sparc";
    case CpuArch::sparc64: return "sparc64";
    case CpuArch::wasm32: return "wasm32";
    case CpuArch::unknown: break;
  }
  return "unknown";
}

const Section* Image::find_section(std::string_view name) const {
  for (const auto& s : sections)
    if (s.name == name) return &s;
  return nullptr;
}

const Section* Image::find_section(std::string_view segment, std::string_view name) const {
  for (const auto& s : sections)
    if (s.segment == segment && s.name == name) return &s;
  return nullptr;
}

std::span<const uint8_t> Image::section_bytes(const Section& s) const {
  if (!s.has_file_data || source == nullptr || !source->contains(s.offset, s.size)) return {};
  return source->read(s.offset, s.size, "section");
}

std::optional<uint64_t> Image::file_offset_of(uint64_t addr, uint64_t len) const {
  const uint64_t file_size = source != nullptr ? source->size() : 0;
  auto in_range = [&](uint64_t vaddr, uint64_t filesz, uint64_t offset) -> std::optional<uint64_t> {
    if (addr < vaddr) return std::nullopt;
    const uint64_t rel = addr - vaddr;
    if (rel > filesz || len > filesz - rel) return std::nullopt;
    if (offset > file_size || rel > file_size - offset || len > file_size - offset - rel) return std::nullopt;
    return offset + rel;
  };
  for (const auto& seg : segments)
    if (auto r = in_range(seg.vaddr, seg.filesz, seg.offset)) return r;
  if (!segments.empty()) return std::nullopt;
  for (const auto& s : sections) {
    if (!s.has_file_data || !s.alloc) continue;
    if (auto r = in_range(s.addr, s.size, s.offset)) return r;
  }
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> Image::read_at_address(uint64_t addr, uint64_t len) const {
  const auto off = file_offset_of(addr, len);
  if (!off) return std::nullopt;
  return source->read(*off, len, "data at an address");
}

std::vector<std::string> Image::library_names() const {
  std::vector<std::string> out;
  out.reserve(libraries.size());
  for (const auto& l : libraries) out.push_back(l.name);
  return out;
}

}  // namespace crossgo
