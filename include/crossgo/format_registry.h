// Which reader reads a file: every format registers a try-open by magic (the way Bloaty's
// per-format try-open and Go's debug/buildinfo pick a reader), and containers (fat Mach-O, ar
// archives) are split into members before any format reader runs, so each member goes through the
// same readers and is reported as its own entry.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/error.h"
#include "crossgo/image.h"

namespace crossgo {

// The leading bytes every matcher gets (fewer when the file is shorter).
inline constexpr size_t kMagicBytes = 64;

struct FormatReader {
  Format format;
  // True when `head` (the first kMagicBytes bytes) starts like this format. Must not read more.
  bool (*matches)(std::span<const uint8_t> head);
  // Reads the whole structure. Structural damage fails the read with the file offset; damage in
  // optional tables becomes an Image warning. Sets image.source = &source.
  Result<Image> (*read)(ByteSource& source);
};

struct ContainerMember {
  std::string name;     // "arm64" for a fat slice, the member name for ar
  uint64_t offset = 0;  // file offset of the member's bytes in the container
  uint64_t size = 0;
};

struct Container {
  Format format;  // macho_fat, archive
  std::vector<ContainerMember> members;
  std::vector<std::string> warnings;  // damage that did not stop the split (a member past the end …)
};

struct ContainerReader {
  Format format;
  bool (*matches)(std::span<const uint8_t> head);
  // Splits the container. Every member range is checked against the source; a member that does
  // not fit is a warning (and left out), a damaged header an error.
  Result<Container> (*split)(ByteSource& source);
};

// Each format's entry, defined in its reader's file (src/formats/<format>/).
extern const FormatReader kElfReader;
extern const FormatReader kMachOReader;
extern const FormatReader kPeReader;
extern const FormatReader kXcoffReader;
extern const FormatReader kPlan9Reader;
extern const FormatReader kWasmReader;
extern const FormatReader kGoObjectReader;
extern const ContainerReader kFatMachOReader;
extern const ContainerReader kArArchiveReader;

// All readers, most specific magic first.
std::span<const FormatReader* const> format_readers();
std::span<const ContainerReader* const> container_readers();

// The reader whose magic matches, or nullptr.
const FormatReader* find_format_reader(std::span<const uint8_t> head);
const ContainerReader* find_container_reader(std::span<const uint8_t> head);

}  // namespace crossgo
