#include "crossgo/format_registry.h"

#include <array>

namespace crossgo {

std::span<const FormatReader* const> format_readers() {
  static const std::array<const FormatReader*, 7> kReaders = {
      &kElfReader, &kMachOReader, &kPeReader, &kXcoffReader, &kWasmReader, &kGoObjectReader,
      // Plan 9's magic is a small big-endian number with no fixed bytes: tried last.
      &kPlan9Reader};
  return kReaders;
}

std::span<const ContainerReader* const> container_readers() {
  static const std::array<const ContainerReader*, 2> kReaders = {&kFatMachOReader, &kArArchiveReader};
  return kReaders;
}

const FormatReader* find_format_reader(std::span<const uint8_t> head) {
  for (const FormatReader* r : format_readers())
    if (r->matches(head)) return r;
  return nullptr;
}

const ContainerReader* find_container_reader(std::span<const uint8_t> head) {
  for (const ContainerReader* r : container_readers())
    if (r->matches(head)) return r;
  return nullptr;
}

}  // namespace crossgo
